"""Write extractions, failures and the catalogue's tables into a database being built, in batches."""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from operator import itemgetter

from archive.catalog import DocumentRecord
from archive.schema import DERIVED_TABLES
from pipeline import PARSER_VERSION
from pipeline.completeness import cells_missing
from pipeline.model import Extraction

Row = dict[str, object]


class ReportIdCollision(ValueError):
    """Two documents' SHA-256 begin with the same 52 bits, so they would share a report id."""


def report_id(sha256: str) -> int:
    """reports.id, the key of a report's cells, checks, extras and legacy figures: the first 52
    bits of its SHA-256, so it is the same in every build (incremental or not) with nothing to
    remember, and below 2**53, so JavaScript reads it exactly."""
    return int(sha256[:13], 16)


def check_report_ids(shas: Iterable[str]) -> None:
    """Refuse to build rather than mix two documents' rows under one id (about a 1e-5 chance
    at 300,000 reports)."""
    seen: dict[int, str] = {}
    for sha in sorted(set(shas)):
        other = seen.setdefault(report_id(sha), sha)
        if other != sha:
            raise ReportIdCollision(f"documents {other} and {sha} would share report id {report_id(sha)}")


def check_status(extraction: Extraction) -> str:
    """`fail` when a rule breaks on printed numbers alone; `fail_blank_as_zero` when every
    failure needed a blank read as 0 (often a left-blank 总计 column, not an error)."""
    errors = [c for c in extraction.checks if c.level == "error"]
    statuses = {c.status for c in errors}
    if any(c.status == "fail" and not c.blank_as_zero for c in errors):
        return "fail"
    if "fail" in statuses:
        return "fail_blank_as_zero"
    if "not_assessable" in statuses:
        return "not_assessable"
    return "pass" if statuses else "no_checks"


def report_rows(doc: DocumentRecord, ex: Extraction) -> list[Row]:
    warnings = list(ex.warnings)
    if ex.year is None and doc.report_year is not None:
        warnings.append("year taken from the portal's listing; the document itself does not state it")
    return [{
        "sha256": doc.sha256, "id": report_id(doc.sha256), "source_url": doc.url, "portal": doc.portal,
        "title": ex.title or doc.title, "agency": ex.agency or doc.agency,
        "year": ex.year if ex.year is not None else doc.report_year,
        "template": ex.template, "format": ex.format, "pages": ex.pages,
        "published_on": doc.published_on, "check_status": check_status(ex),
        "checks_failed": sum(c.status == "fail" and c.level == "error" for c in ex.checks),
        "checks_not_assessable": sum(c.status == "not_assessable" and c.level == "error" for c in ex.checks),
        "n_cells": len(ex.cells), "cells_missing": cells_missing(ex.checks), "sections": json.dumps(ex.sections),
        "warnings": json.dumps(warnings, ensure_ascii=False), "parser_version": ex.parser_version,
    }]  # fmt: skip


def text_rows(doc: DocumentRecord, ex: Extraction) -> list[Row]:
    return [{"sha256": doc.sha256, "title": ex.title, "agency": ex.agency, "text": ex.text}]


def cell_rows(doc: DocumentRecord, ex: Extraction) -> list[Row]:
    key, version = report_id(doc.sha256), ex.parser_version
    return [
        {
            "report_id": key, "seq": i, "table_code": c.table, "row_code": c.row, "column_code": c.column,
            "raw": c.raw, "value": c.value, "kind": c.kind, "unit": c.unit, "row_label": c.row_label,
            "column_label": c.column_label, "page": c.page,
            "bbox": json.dumps(c.bbox) if c.bbox else None, "parser_version": version,
            "source": c.source, "confidence": c.confidence,
        }
        for i, c in enumerate(ex.cells)
    ]  # fmt: skip


def check_rows(doc: DocumentRecord, ex: Extraction) -> list[Row]:
    key = report_id(doc.sha256)
    return [
        {"report_id": key, "seq": i, "rule": c.rule, "table_code": c.table, "scope": c.scope,
         "status": c.status, "level": c.level, "left": c.left, "right": c.right, "delta": c.delta,
         "blank_as_zero": int(c.blank_as_zero), "parser_version": ex.parser_version}
        for i, c in enumerate(ex.checks)
    ]  # fmt: skip


def extra_rows(doc: DocumentRecord, ex: Extraction) -> list[Row]:
    key = report_id(doc.sha256)
    return [
        {"report_id": key, "seq": i, "table_code": e.table, "label": e.label,
         "raw_values": json.dumps(e.raw_values, ensure_ascii=False), "parser_version": ex.parser_version}
        for i, e in enumerate(ex.extras)
    ]  # fmt: skip


def legacy_rows(doc: DocumentRecord, ex: Extraction) -> list[Row]:
    """A legacy report's own statistics, one row per printed value, under its printed labels."""
    key = report_id(doc.sha256)
    return [
        {"report_id": key, "seq": i, "indicator": f.indicator, "unit": f.unit, "column_label": f.column_label,
         "raw": f.raw, "value": f.value, "kind": f.kind, "parser_version": ex.parser_version}
        for i, f in enumerate(ex.legacy_figures)
    ]  # fmt: skip


# How an extraction becomes rows: one entry per derived table (failures are written by Batch.failure).
EXTRACTION_ROWS: Mapping[str, Callable[[DocumentRecord, Extraction], list[Row]]] = {
    "reports": report_rows, "report_texts": text_rows, "cells": cell_rows, "checks": check_rows, "extras": extra_rows,
    "legacy_figures": legacy_rows,
}  # fmt: skip
assert set(EXTRACTION_ROWS) | {"failures"} == set(DERIVED_TABLES), "every derived table needs its rows"


def insert_rows(conn: sqlite3.Connection, table: str, rows: list[Row]) -> None:
    """One prepared statement for many rows; every row of a table has the same keys."""
    if not rows:
        return
    columns = list(rows[0])
    sql = f"insert into [{table}] ({', '.join(f'[{c}]' for c in columns)}) values ({', '.join('?' * len(columns))})"
    values = itemgetter(*columns) if len(columns) > 1 else lambda row: (row[columns[0]],)
    conn.executemany(sql, map(values, rows))


class Batch:
    """Rows waiting to be written: flushed in one transaction once `size` rows have gathered."""

    def __init__(self, conn: sqlite3.Connection, size: int = 50_000) -> None:
        self.conn, self.size = conn, size
        self.rows: dict[str, list[Row]] = defaultdict(list)
        self.pending = 0

    def add(self, table: str, rows: Iterable[Row]) -> None:
        before = len(self.rows[table])
        self.rows[table].extend(rows)
        self.pending += len(self.rows[table]) - before
        if self.pending >= self.size:
            self.flush()

    def extraction(self, doc: DocumentRecord, ex: Extraction) -> None:
        for table, to_rows in EXTRACTION_ROWS.items():
            self.add(table, to_rows(doc, ex))

    def failure(self, doc: DocumentRecord, error: str, message: str) -> None:
        self.add("failures", [{
            "sha256": doc.sha256, "source_url": doc.url, "portal": doc.portal,
            "error": error, "message": message, "parser_version": PARSER_VERSION,
        }])  # fmt: skip

    def flush(self) -> None:
        with self.conn:
            for table, rows in self.rows.items():
                insert_rows(self.conn, table, rows)
        self.rows.clear()
        self.pending = 0


def columns(conn: sqlite3.Connection, table: str, schema: str = "main") -> list[str]:
    return [row[1] for row in conn.execute(f"pragma [{schema}].table_info([{table}])")]


def copy_rows(conn: sqlite3.Connection, schema: str, table: str, where: str = "", params: Iterable[object] = ()) -> int:
    """insert … select from an attached database, over the columns both tables have: a column
    the source lacks stays NULL, as a newer schema's column would be for an older source."""
    shared = [c for c in columns(conn, table) if c in set(columns(conn, table, schema))]
    if not shared:
        return 0
    names = ", ".join(f"[{c}]" for c in shared)
    sql = f"insert into main.[{table}] ({names}) select {names} from [{schema}].[{table}] {where}"
    return conn.execute(sql, list(params)).rowcount


def document_key(conn: sqlite3.Connection, table: str) -> tuple[str, str]:
    """The column naming a derived row's document, and the column of temp.reused it matches."""
    return ("sha256", "sha256") if "sha256" in columns(conn, table) else ("report_id", "id")


def copy_documents(conn: sqlite3.Connection, schema: str, shas: Iterable[str]) -> None:
    """Copy every derived row of these documents from an attached previous database."""
    conn.execute("create temp table if not exists reused (sha256 text primary key, id integer)")
    conn.execute("delete from temp.reused")
    conn.executemany("insert or ignore into temp.reused values (?, ?)", [(s, report_id(s)) for s in shas])
    with conn:
        for table in DERIVED_TABLES:
            key, reused = document_key(conn, table)
            copy_rows(conn, schema, table, f"where [{key}] in (select [{reused}] from temp.reused)")
