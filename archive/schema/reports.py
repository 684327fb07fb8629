"""The per-document tables: reports, their texts, cells, checks, extras, failures and runs."""

from __future__ import annotations

from sqlite_utils import Database

from archive.datasette.cjk_search import create_bigram_index
from archive.schema.legacy import approximate_figures


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


def m002_bigram_search(db: Database) -> None:
    # Trigram FTS cannot find 1-2 character words (复议, 人); a bigram+unigram index finds
    # exactly what a substring search finds (archive/datasette/cjk_search.py).
    create_bigram_index(db)


def m004_cross_document(db: Database) -> None:
    db.table("reports").add_column("duplicate_of", str)
    db.table("reports").create_index(["duplicate_of"])
    db.table("checks").add_column("compared_with", str)


def m011_completeness(db: Database) -> None:
    """How many of the template's cells each report's tables lack (the completeness checks)."""
    db.table("reports").add_column("cells_missing", int)


def m013_ocr(db: Database) -> None:
    """Cells read off an image say so (`source = 'ocr'`), with the OCR engine's confidence."""
    db.table("cells").add_column("source", str)
    db.table("cells").add_column("confidence", float)


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
    db.execute(approximate_figures("r.sha256 as report_sha256", "r.id = f.report_id"))
