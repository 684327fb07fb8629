"""Everything derived across documents once they are all loaded, in the one order that works."""

from __future__ import annotations

from sqlite_utils import Database

from pipeline.crosscheck import check_carry_links, drop_covered_failures, mark_duplicates
from pipeline.research import build_report_figures, link_agencies, write_dictionary


def derive_across_documents(db: Database) -> None:
    """Copies are marked first (carry links and report_figures skip them); agencies are linked
    before the carry links, which pair an agency's years by agency_id, not by printed name."""
    with db.atomic():
        mark_duplicates(db)
        link_agencies(db)
        check_carry_links(db)
        drop_covered_failures(db)
        build_report_figures(db)
        write_dictionary(db)
