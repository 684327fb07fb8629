"""Write one document's extraction (or its failure) into the published database."""

from __future__ import annotations

import json
from typing import Any
from dataclasses import asdict

from sqlite_utils import Database

from archive.catalog import DocumentRecord
from archive.schema import DERIVED_TABLES
from pipeline import PARSER_VERSION
from pipeline.completeness import cells_missing
from pipeline.model import Extraction

_KEY = {"reports": "sha256", "report_texts": "sha256", "failures": "sha256"}


def delete_derived(db: Database, sha256: str) -> None:
    for table in DERIVED_TABLES:
        db.execute(f"delete from {table} where {_KEY.get(table, 'report_sha256')} = ?", [sha256])


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


def load_extraction(db: Database, doc: DocumentRecord, ex: Extraction) -> None:
    """Replace the document's derived rows in one transaction."""
    sha, version = doc.sha256, ex.parser_version
    warnings = list(ex.warnings)
    if ex.year is None and doc.report_year is not None:
        warnings.append("year taken from the portal's listing; the document itself does not state it")
    with db.atomic():
        delete_derived(db, sha)
        db.table("reports").insert({
            "sha256": sha, "source_url": doc.url, "portal": doc.portal,
            "title": ex.title or doc.title, "agency": ex.agency or doc.agency,
            "year": ex.year if ex.year is not None else doc.report_year,
            "template": ex.template, "format": ex.format, "pages": ex.pages,
            "published_on": doc.published_on, "check_status": check_status(ex),
            "checks_failed": sum(c.status == "fail" and c.level == "error" for c in ex.checks),
            "checks_not_assessable": sum(c.status == "not_assessable" and c.level == "error" for c in ex.checks),
            "n_cells": len(ex.cells), "cells_missing": cells_missing(ex.checks), "sections": json.dumps(ex.sections),
            "warnings": json.dumps(warnings, ensure_ascii=False), "parser_version": version,
        })  # fmt: skip
        db.table("report_texts").insert({"sha256": sha, "title": ex.title, "agency": ex.agency, "text": ex.text})
        db.table("cells").insert_all(
            {
                "report_sha256": sha, "seq": i, "table_code": c.table, "row_code": c.row, "column_code": c.column,
                "raw": c.raw, "value": c.value, "kind": c.kind, "unit": c.unit, "row_label": c.row_label,
                "column_label": c.column_label, "page": c.page,
                "bbox": json.dumps(c.bbox) if c.bbox else None, "parser_version": version,
                "source": c.source, "confidence": c.confidence,
            }
            for i, c in enumerate(ex.cells)
        )  # fmt: skip
        db.table("checks").insert_all(
            {"report_sha256": sha, "seq": i, **_check_row(asdict(c)), "parser_version": version}
            for i, c in enumerate(ex.checks)
        )
        db.table("extras").insert_all(
            {"report_sha256": sha, "seq": i, "table_code": e.table, "label": e.label,
             "raw_values": json.dumps(e.raw_values, ensure_ascii=False), "parser_version": version}
            for i, e in enumerate(ex.extras)
        )  # fmt: skip
        load_legacy_figures(db, sha, ex)


def load_legacy_figures(db: Database, sha256: str, ex: Extraction) -> None:
    """A legacy report's own statistics, one row per printed value, under its printed labels."""
    db.table("legacy_figures").insert_all(
        {"report_sha256": sha256, "seq": i, "indicator": f.indicator, "unit": f.unit, "column_label": f.column_label,
         "raw": f.raw, "value": f.value, "kind": f.kind, "parser_version": ex.parser_version}
        for i, f in enumerate(ex.legacy_figures)
    )  # fmt: skip


def _check_row(check: dict[str, object]) -> dict[str, object]:
    check["table_code"] = check.pop("table")
    check["blank_as_zero"] = int(bool(check["blank_as_zero"]))
    return check


def load_failure(db: Database, doc: DocumentRecord, error: str, message: str) -> None:
    with db.atomic():
        delete_derived(db, doc.sha256)
        db.table("failures").insert({
            "sha256": doc.sha256, "source_url": doc.url, "portal": doc.portal,
            "error": error, "message": message, "parser_version": PARSER_VERSION,
        })  # fmt: skip


def copy_table(db: Database, source: Database, table: str) -> None:
    """Mirror a catalogue table the pipeline only publishes (e.g. the crawl status of portals)."""
    if not source.table(table).exists():
        return
    columns = [c.name for c in db.table(table).columns]
    rows = ({k: row.get(k) for k in columns} for row in source.query(f"select * from [{table}]"))
    with db.atomic():
        db.execute(f"delete from [{table}]")
        db.table(table).insert_all(rows, pk=source.table(table).pks[0])


def sync_documents(db: Database, catalog_rows: list[dict[str, Any]]) -> None:
    """The published documents table mirrors the catalogue; derived rows of vanished ones go."""
    keep = {row["sha256"] for row in catalog_rows}
    columns = [c.name for c in db.table("documents").columns]
    gone = [row["sha256"] for row in db.query("select sha256 from documents") if row["sha256"] not in keep]
    with db.atomic():
        for sha256 in gone:
            delete_derived(db, sha256)
            db.execute("delete from documents where sha256 = ?", [sha256])
        db.table("documents").upsert_all(({k: row.get(k) for k in columns} for row in catalog_rows), pk="sha256")
