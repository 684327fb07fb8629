"""Everything derived across documents once they are all loaded, in the one order that works."""

from __future__ import annotations

from sqlite_utils import Database

from pipeline.crosscheck import check_carry_links, drop_covered_failures, mark_duplicates
from pipeline.research import build_report_figures, count_cell_kinds, link_agencies, write_dictionary


def derive_across_documents(db: Database) -> None:
    """Agencies are linked first: copies are found, and an agency's years paired by the carry
    links, by agency_id, not by printed name. Copies are marked before the carry links and
    report_figures, which skip them."""
    with db.atomic():
        link_agencies(db)
        mark_duplicates(db)
        check_carry_links(db)
        drop_covered_failures(db)
        build_report_figures(db)
        count_cell_kinds(db)
        write_dictionary(db)
