"""The published database's schema, as sqlite-utils migrations."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from archive.datasette.cjk_search import create_bigram_index, register_functions

migrations = Migrations("nianbao")

# Tables whose rows derive from one document; a rebuild replaces them per document.
DERIVED_TABLES = ("reports", "report_texts", "cells", "checks", "extras", "failures", "legacy_figures")


@migrations()
def m001_initial(db: Database) -> None:
    db.table("documents").create(
        {
            "sha256": str,
            "url": str,
            "portal": str,
            "role": str,
            "title": str,
            "content_type": str,
            "size": int,
            "first_seen_at": str,
            "last_seen_at": str,
            "parent_url": str,
        },
        pk="sha256",
    )
    db.table("reports").create(
        {
            "sha256": str,
            "source_url": str,
            "portal": str,
            "title": str,
            "agency": str,
            "year": int,
            "template": str,
            "format": str,
            "pages": int,
            "published_on": str,
            "check_status": str,
            "checks_failed": int,
            "checks_not_assessable": int,
            "n_cells": int,
            "sections": str,
            "warnings": str,
            "parser_version": str,
        },
        pk="sha256",
        foreign_keys=[("sha256", "documents", "sha256")],
    )
    for cols in (["year"], ["agency"], ["template"], ["check_status"], ["portal"]):
        db.table("reports").create_index(cols)
    db.table("report_texts").create(
        {"sha256": str, "title": str, "agency": str, "text": str},
        pk="sha256",
        foreign_keys=[("sha256", "reports", "sha256")],
    )
    # Raw SQL for the two numeric tables: NUMERIC affinity (which sqlite-utils cannot
    # declare) keeps printed integers as integers and decimals as reals.
    db.execute(
        """
        create table cells (
            report_sha256 text references reports(sha256),
            seq integer,
            table_code text,
            row_code text,
            column_code text,
            raw text,
            value numeric,
            kind text,
            unit text,
            row_label text,
            column_label text,
            page integer,
            bbox text,
            parser_version text,
            primary key (report_sha256, seq)
        )"""
    )
    db.execute("create index idx_cells_codes on cells (table_code, row_code, column_code)")
    db.execute(
        """
        create table checks (
            report_sha256 text references reports(sha256),
            seq integer,
            rule text,
            table_code text,
            scope text,
            status text,
            level text,
            left numeric,
            right numeric,
            delta numeric,
            blank_as_zero integer,
            parser_version text,
            primary key (report_sha256, seq)
        )"""
    )
    db.table("checks").create_index(["status"])
    db.table("checks").create_index(["rule"])
    db.table("extras").create(
        {"report_sha256": str, "seq": int, "table_code": str, "label": str, "raw_values": str, "parser_version": str},
        pk=("report_sha256", "seq"),
    )
    db.table("failures").create(
        {
            "sha256": str,
            "source_url": str,
            "portal": str,
            "error": str,
            "message": str,
            "parser_version": str,
        },
        pk="sha256",
    )
    db.table("runs").create(
        {
            "id": int,
            "command": str,
            "started_at": str,
            "finished_at": str,
            "parser_version": str,
            "documents": int,
            "reports": int,
            "failures": int,
            "cells": int,
        },
        pk="id",
    )
    db.table("report_texts").enable_fts(["title", "agency", "text"], tokenize="trigram", create_triggers=True)


@migrations()
def m002_bigram_search(db: Database) -> None:
    # Trigram FTS cannot find 1-2 character words (复议, 人); a bigram+unigram index finds
    # exactly what a substring search finds (archive/datasette/cjk_search.py).
    create_bigram_index(db)


@migrations()
def m003_portals(db: Database) -> None:
    """The crawl status of every registered portal, copied from the catalogue by each build."""
    db.table("portals").create(
        {
            "slug": str, "name": str, "division_code": str, "level": str, "family": str, "start_url": str,
            "status": str, "detail": str, "last_run_at": str, "blocked_hosts": str, "documents": int,
            "reports": int, "latest_report_year": int, "verified": str,
        },
        pk="slug",
    )  # fmt: skip
    db.table("portals").create_index(["status"])


@migrations()
def m004_cross_document(db: Database) -> None:
    db.table("reports").add_column("duplicate_of", str)
    db.table("reports").create_index(["duplicate_of"])
    db.table("checks").add_column("compared_with", str)


@migrations()
def m005_crawl_provenance(db: Database) -> None:
    """The catalogue's record of every HTTP exchange and crawl event, published as is."""
    db.table("fetches").create(
        {
            "id": int, "url": str, "final_url": str, "portal": str, "spider": str, "run_id": str, "method": str,
            "status": int, "content_type": str, "headers": str, "fetched_at": str, "ip": str, "size": int,
            "sha256": str, "normalised_sha256": str, "warc_file": str, "warc_offset": int, "warc_length": int,
            "request_fingerprint": str,
        },
        pk="id",
    )  # fmt: skip
    for cols in (["sha256"], ["portal"], ["status"]):
        db.table("fetches").create_index(cols)
    db.table("crawl_log").create(
        {"id": int, "run_id": str, "spider": str, "portal": str, "event": str, "host": str, "url": str,
         "status": int, "detail": str, "at": str},
        pk="id",
    )  # fmt: skip
    db.table("crawl_log").create_index(["event"])
    db.table("documents").add_column("normalised_sha256", str)
    db.table("documents").add_column("previous_sha256", str)


@migrations()
def m010_portal_protocols(db: Database) -> None:
    """How each portal's lists and reports are fetched, and how sure the registry is of it."""
    for column in ("list_protocol", "detail_protocol", "confidence", "live_check"):
        db.table("portals").add_column(column, str)


@migrations()
def m011_completeness(db: Database) -> None:
    """How many of the template's cells each report's tables lack (the completeness checks)."""
    db.table("reports").add_column("cells_missing", int)


# Documented correspondences from the pre-2019 statistics forms to the 2019/2021 codes, as SQL
# conditions on a figure `f` of a report `r`. Only the year's own column counts (never 历年累计, a
# column of another year or of the year before). Forms that count documents released 依申请
# (依申请公开信息数) count documents, not requests: only a 受理/收到 total or a count of 申请 is mapped.
_THIS_YEAR = ("f.column_label not like '%累计%' and f.column_label not like '%上年%' and "
              "(f.column_label not glob '*[0-9][0-9][0-9][0-9]*' or instr(f.column_label, r.year) > 0)")  # fmt: skip
_CORRESPONDENCES = (
    # The total only: not its channels (其中：1.当面申请数 …), replies, reviews or suits.
    ("applications", "new_received",
     "(replace(f.indicator, '依申请公开', '') like '%申请总数%' or replace(f.indicator, '依申请公开', '') like '%申请数%' "
     "or ((f.indicator like '%受理%' or f.indicator like '%收到%') and f.indicator like '%申请%' and f.indicator like '%总数%')) "
     "and f.indicator not like '%答复%' and f.indicator not like '%复议%' and f.indicator not like '%诉讼%' "
     "and f.indicator not like '其中%' and f.indicator not glob '[0-9]*'",
     "申请总数 / 受理…总数 ≈ 一、本年新收政府信息公开申请数量 (requests received in the year)"),
    ("applications", "granted", "f.indicator like '%同意公开%'",
     "同意公开 ≈ （一）予以公开 (requests granted in full)"),
    ("reviews_litigation", "review", "f.indicator like '%行政复议%' and f.indicator not like '%诉讼%'",
     "行政复议 ≈ 行政复议 总计 (administrative reviews)"),
)  # fmt: skip


@migrations()
def m012_legacy(db: Database) -> None:
    """Pre-2019 reports' own statistics tables, and their documented approximate equivalents."""
    db.execute(
        """
        create table legacy_figures (
            report_sha256 text references reports(sha256),
            seq integer,
            indicator text,
            unit text,
            column_label text,
            raw text,
            value numeric,
            kind text,
            parser_version text,
            primary key (report_sha256, seq)
        )"""
    )
    db.table("legacy_figures").create_index(["indicator"])
    db.execute(_approximate_figures("f.report_sha256", "r.sha256 = f.report_sha256"))


def _approximate_figures(report: str, join: str) -> str:
    """The view of legacy figures beside the code each roughly corresponds to; `report` names the
    report in its rows, `join` joins a figure `f` to its report `r`."""
    arms = " union all ".join(
        f"select {report}, r.agency, r.year, f.indicator, f.unit, f.column_label, f.raw, f.value, f.kind, "
        f"'{table}' as approximate_table_code, '{row}' as approximate_row_code, 'total' as approximate_column_code, "
        f"'{note}' as correspondence from legacy_figures f join reports r on {join} "
        f"where {_THIS_YEAR} and {condition}"
        for table, row, condition, note in _CORRESPONDENCES
    )
    return f"create view approximate_figures as {arms}"


@migrations()
def m013_ocr(db: Database) -> None:
    """Cells read off an image say so (`source = 'ocr'`), with the OCR engine's confidence."""
    db.table("cells").add_column("source", str)
    db.table("cells").add_column("confidence", float)


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


@migrations()
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


# The four tables of per-report rows, keyed by reports.id (an integer) instead of the 64-character
# hash that m001 and m012 repeated in every row and index: NUMERIC affinity kept where m001 had it.
_REPORT_ROWS = {
    "cells": "table_code text, row_code text, column_code text, raw text, value numeric, kind text, unit text, "
             "row_label text, column_label text, page integer, bbox text, parser_version text, source text, "
             "confidence real",
    "checks": "rule text, table_code text, scope text, status text, level text, left numeric, right numeric, "
              "delta numeric, blank_as_zero integer, parser_version text, compared_with text",
    "extras": "table_code text, label text, raw_values text, parser_version text",
    "legacy_figures": "indicator text, unit text, column_label text, raw text, value numeric, kind text, "
                      "parser_version text",
}  # fmt: skip
_REPORT_ROWS_INDEXES = (
    "create index idx_cells_codes on cells (table_code, row_code, column_code)",
    "create index idx_cells_kind on cells (kind)",
    "create index idx_cells_row_column_kind_table on cells (row_code, column_code, kind, table_code)",
    "create index idx_checks_status on checks (status)",
    "create index idx_checks_rule on checks (rule)",
    "create index idx_legacy_figures_indicator on legacy_figures (indicator)",
)


@migrations()
def m015_integer_report_key(db: Database) -> None:
    """Per-report rows name their report by an integer (pipeline/load.py report_id): a third of
    a cell's bytes were its report's hash, in the row and again in the key index (tests/bench_site:
    338 → 221 bytes per cell). The database is always built from empty (archive/bulk.py), so the
    tables are recreated."""
    db.table("reports").add_column("id", int)
    db.table("reports").create_index(["id"], unique=True)
    db.execute("drop view approximate_figures")
    for table, columns in _REPORT_ROWS.items():
        db.execute(f"drop table {table}")
        db.execute(
            f"create table {table} (report_id integer references reports(id), seq integer, {columns}, "
            "primary key (report_id, seq))"
        )
    for sql in _REPORT_ROWS_INDEXES:
        db.execute(sql)
    db.execute(_approximate_figures("r.sha256 as report_sha256", "r.id = f.report_id"))


@migrations()
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


@migrations()
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


@migrations()
def m018_cell_kinds(db: Database) -> None:
    """Cells counted by table, template and kind, precomputed by the build (pipeline/research.py)."""
    db.table("cell_kinds").create(
        {"table_code": str, "template": str, "kind": str, "cells": int, "reports": int},
        pk=("table_code", "template", "kind"),
    )


@migrations()
def m019_rendered_fetches(db: Database) -> None:
    """The catalogue's record of pages read through a browser (archive/catalog.py m003), published."""
    db.table("fetches").add_column("rendered_by", str)
    db.table("fetches").add_column("rendered_from", int)


def open_database(path: Path) -> Database:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = Database(path)
    # The bigram index's triggers call these functions on every write to report_texts.
    register_functions(db.conn)
    migrations.apply(db)
    return db
