"""What researchers start from: agencies, report_figures, the data dictionary, timeliness,
revisions and the counts the site reads."""

from __future__ import annotations

from sqlite_utils import Database


# missing_reports: 条例 第四十九条 deadlines (pipeline/timeliness.py states the same rule); "today" is
# the date of the latest build, so the view does not change between builds.
_MISSING_REPORTS = """
create view missing_reports as
with today as (select coalesce((select date(max(finished_at)) from runs), date('now')) as on_)
select a.id as agency_id, a.name as agency, a.level, a.division_code, p.year + 1 as year,
    p.year as last_year, (p.year + 2) || case a.level when 'government' then '-03-31' else '-01-31' end as deadline_on
from (
    select distinct agency_id, year from reports
    where {counted} and agency_id is not null and year is not null
) as p
join agencies as a on a.id = p.agency_id
join today
where not exists (
    select 1 from reports as q where q.agency_id = p.agency_id and q.year = p.year + 1 and {counted_q}
) and (p.year + 2) || case a.level when 'government' then '-03-31' else '-01-31' end < today.on_
"""


def m014_research(db: Database) -> None:
    """Agencies, one row of figures per report, the data dictionary and timeliness (issue 10)."""
    db.table("agencies").create(
        {"id": int, "name": str, "level": str, "parent_id": int, "division_code": str},
        pk="id", foreign_keys=[("parent_id", "agencies", "id")],
    )  # fmt: skip
    db.table("agencies").create_index(["name"], unique=True)
    for cols in (["level"], ["division_code"], ["parent_id"]):
        db.table("agencies").create_index(cols)
    db.table("agency_names").create(
        {"name": str, "agency_id": int, "rule": str}, pk=("name", "agency_id"), foreign_keys=[("agency_id", "agencies", "id")]
    )
    db.table("agency_names").create_index(["agency_id"])
    for column, kind in (("agency_id", int), ("deadline_on", str), ("days_late", int)):
        db.table("reports").add_column(column, kind)
    db.table("reports").create_index(["agency_id"])
    figures = ("new_received", "carried_over", "granted", "partly_granted", "withheld", "unavailable", "rejected",
               "other_handling", "total_handled", "carried_forward", "reviews", "reviews_corrected", "lawsuits",
               "lawsuits_corrected", "fees_10k_yuan")  # fmt: skip
    # NUMERIC affinity, as in cells: printed integers stay integers, decimals (fees) stay reals.
    db.execute(
        "create table report_figures (sha256 text primary key references reports(sha256), title text, "
        "agency_id integer references agencies(id), agency text, printed_agency text, division_code text, "
        "level text, year integer, template text, check_status text, published_on text, deadline_on text, "
        "days_late integer, portal text, source_url text, " + ", ".join(f"{f} numeric" for f in figures) + ")"
    )
    for cols in (["year"], ["division_code"], ["level"], ["agency_id"], ["template"], ["check_status"]):
        db.table("report_figures").create_index(cols)
    db.table("codes").create(
        {"table_code": str, "axis": str, "code": str, "template": str, "position": int, "label": str,
         "group_label": str, "english": str},
        pk=("table_code", "axis", "code", "template"),
    )  # fmt: skip
    db.table("columns").create({"table_name": str, "column_name": str, "description": str}, pk=("table_name", "column_name"))
    db.execute("create index idx_cells_kind on cells (kind)")
    db.execute("create index idx_cells_row_column_kind_table on cells (row_code, column_code, kind, table_code)")
    db.execute(_MISSING_REPORTS.format(counted="duplicate_of is null", counted_q="q.duplicate_of is null"))


def m016_revisions(db: Database) -> None:
    """Cells whose reading changed: a portal replaced the report, or a new parser read it again."""
    # Raw SQL for NUMERIC affinity, as in cells: both values stay as the cells held them.
    db.execute(
        """
        create table revisions (
            report_sha256 text references reports(sha256),
            table_code text,
            row_code text,
            column_code text,
            row_label text,
            column_label text,
            old_raw text,
            old_value numeric,
            old_kind text,
            new_raw text,
            new_value numeric,
            new_kind text,
            reason text,
            old_sha256 text,
            old_parser_version text,
            new_parser_version text,
            noticed_at text
        )"""
    )
    for cols in (["report_sha256"], ["reason"], ["old_sha256"]):
        db.table("revisions").create_index(cols)
    db.table("reports").add_column("superseded_by", str)
    db.table("reports").create_index(["superseded_by"])
    # A replaced version, like a copy, is kept but no longer counted.
    db.execute("drop view missing_reports")
    db.execute(_MISSING_REPORTS.format(counted="duplicate_of is null and superseded_by is null",
                                       counted_q="q.duplicate_of is null and q.superseded_by is null"))  # fmt: skip


def m017_site_speed(db: Database) -> None:
    """What the site reads at a national scale (issue 10): indexes for the sort and facets the
    home page offers on report_figures (by new requests, within a year or over all), and the
    count of gaps that lets requests_by_agency_year read report_figures instead of every cell."""
    db.table("report_figures").create_index(["year", "new_received"])
    db.table("report_figures").create_index(["new_received"])
    # The default facets under the year filter that link offers, counted from the index alone.
    for facet in ("level", "division_code", "template", "check_status"):
        db.table("report_figures").create_index(["year", facet])
    # requests_by_agency_year reads report_figures instead of a million cells: it needs their gaps.
    db.table("report_figures").add_column("totals_without_number", int)


def m018_cell_kinds(db: Database) -> None:
    """Cells counted by table, template and kind, precomputed by the build (pipeline/research.py)."""
    db.table("cell_kinds").create(
        {"table_code": str, "template": str, "kind": str, "cells": int, "reports": int},
        pk=("table_code", "template", "kind"),
    )
