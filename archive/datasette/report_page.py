"""The page of one report: what it is, where it came from, its three tables as printed, its checks, its revisions."""

from __future__ import annotations

import json
import re
from typing import Any

from datasette.utils.asgi import Response
from datasette.version import __version__ as datasette_version

from archive import spec
from archive.datasette.citation import canonical_agency, cite, other_years
from archive.datasette.edition import read_edition
from archive.datasette.report_export import CELLS_SQL, OF_REPORT, csv_response, json_response
from archive.datasette.report_grid import printed_tables
from archive.datasette.report_records import CellRecord, CheckRecord, format_number, reading
from archive.datasette.report_revisions import REVISIONS_SQL, revised_cells, revision_events
from archive.datasette.site import Site, blob_file, is_sha256, not_found, original_path, report_path, site_config

TEMPLATE = "nianbao_report.html"
_REPORT_ID = re.compile(r"[0-9]{1,16}")  # reports.id is below 2**53: 16 digits at most
_CELLS = f"""
select table_code, row_code, column_code, raw, value, kind, row_label, column_label, page
from cells where {OF_REPORT} order by seq"""
_CHECKS = f"""
select rule, table_code, scope, status, level, left, right, delta, blank_as_zero
from checks where {OF_REPORT} order by seq"""
_EXTRAS = f"select table_code, label, raw_values from extras where {OF_REPORT} order by seq"


def _raw_values(stored: str | None) -> list[str]:
    try:
        values = json.loads(stored or "[]")
    except json.JSONDecodeError:
        return [stored or ""]
    return [str(v) for v in values] if isinstance(values, list) else [str(values)]


def _check(row: dict[str, Any]) -> CheckRecord:
    return CheckRecord(**row | {"blank_as_zero": bool(row["blank_as_zero"])})


async def _rows(db: Any, sql: str, sha256: str) -> list[dict[str, Any]]:
    return [dict(row) for row in (await db.execute(sql, [sha256])).rows]


async def _one(db: Any, table: str, sha256: str) -> dict[str, Any] | None:
    rows = await _rows(db, f"select * from {table} where sha256 = ?", sha256)
    return rows[0] if rows else None


async def report_context(datasette: Any, site: Site, sha256: str) -> dict[str, Any] | None:
    """None when the archive has neither a report nor a failure under this hash."""
    db = datasette.get_database(site.database)
    report = await _one(db, "reports", sha256)
    failure = await _one(db, "failures", sha256)
    if report is None and failure is None:
        return None
    cells = [CellRecord(**row) for row in await _rows(db, _CELLS, sha256)]
    checks = [_check(row) for row in await _rows(db, _CHECKS, sha256)]
    revisions = await _rows(db, REVISIONS_SQL, sha256)
    tables, unplaced = printed_tables(cells, checks, (report or {}).get("template"), revised_cells(revisions))
    document = await _one(db, "documents", sha256)
    edition = await read_edition(db)
    superseded_by = (report or {}).get("superseded_by")
    return {
        "database": site.database,
        "sha256": sha256,
        "report": report,
        "failure": failure,
        "document": document,
        "edition": edition,
        "citation": cite(report, document, edition, await canonical_agency(db, report)) if report else None,
        "other_years": await other_years(db, report) if report else [],
        "report_url": report_path(datasette, sha256),
        "original_url": original_path(datasette, sha256),
        "duplicate_url": report_path(datasette, report["duplicate_of"]) if report and report.get("duplicate_of") else None,
        "superseded_url": report_path(datasette, superseded_by) if superseded_by else None,
        "revisions": revisions,
        "revision_events": revision_events(datasette, revisions),
        "original_held": blob_file(site, sha256) is not None,
        "demo": site.demo,
        "tables": tables,
        "other_checks": [c for c in checks if c.table_code not in spec.TABLE_TITLES and c.status != "pass"],
        "checks_passed": sum(c.status == "pass" for c in checks),
        "checks_total": len(checks),
        "unplaced": unplaced,
        "extras": [row | {"raw_values": _raw_values(row["raw_values"])} for row in await _rows(db, _EXTRAS, sha256)],
        "warnings": [w for w in _raw_values((report or {}).get("warnings")) if w],
        "n_cells": len(cells),
        "fmt": format_number,
        "reading": reading,
        "metadata": datasette.metadata(),
        "datasette_version": datasette_version,
    }


async def report_data(datasette: Any, site: Site, context: dict[str, Any]) -> dict[str, Any]:
    """The JSON form: the page's facts, its cells as stored, its checks, its revisions, and how to cite it."""
    db = datasette.get_database(site.database)
    citation = context["citation"]
    return {
        "sha256": context["sha256"],
        "report": context["report"],
        "failure": context["failure"],
        "document": context["document"],
        "cells": await _rows(db, CELLS_SQL, context["sha256"]),
        "checks": await _rows(db, _CHECKS, context["sha256"]),
        "extras": context["extras"],
        "other_years": context["other_years"],
        "revisions": context["revisions"],
        "citation": citation.text() if citation else None,
        "dataset_version": context["edition"].version,
        "built_at": context["edition"].built_at,
    }


async def _by_id(request: Any, datasette: Any, site: Site, key: str, form: str | None) -> Response:
    """/-/report/<reports.id> (where a table page links a cell's report_id) redirects to the
    report's one address, by its SHA-256."""
    db = datasette.get_database(site.database)
    rows = (await db.execute("select sha256 from reports where id = ?", [int(key)])).rows
    if not rows:
        return await not_found(datasette, request, "The archive has no report with this id")
    return Response.redirect(report_path(datasette, rows[0][0]) + (f".{form}" if form else ""))


async def report_view(request: Any, datasette: Any) -> Response:
    site = site_config(datasette)
    sha256, form = request.url_vars["sha256"], request.url_vars.get("form")
    if site is not None and _REPORT_ID.fullmatch(sha256):
        return await _by_id(request, datasette, site, sha256, form)
    if site is None or not is_sha256(sha256):
        return await not_found(datasette, request, "Not a SHA-256: 64 lower-case hexadecimal characters")
    context = await report_context(datasette, site, sha256)
    if context is None:
        return await not_found(datasette, request, "The archive has no report or failure with this SHA-256")
    if form == "json":
        return json_response(await report_data(datasette, site, context))
    if form == "csv":
        cells = await _rows(datasette.get_database(site.database), CELLS_SQL, sha256)
        return csv_response(sha256, cells, download=bool(request.args.get("_dl")))
    return Response.html(await datasette.render_template(TEMPLATE, context, request=request))

