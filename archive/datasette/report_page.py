"""The page of one report: what it is, where it came from, its three tables as printed, its checks."""

from __future__ import annotations

import json
from typing import Any

from datasette.utils.asgi import NotFound, Response

from archive.datasette import spec
from archive.datasette.report_grid import CellRecord, CheckRecord, Number, printed_tables
from archive.datasette.site import Site, blob_file, is_sha256, original_path, site_config

TEMPLATE = "nianbao_report.html"
_CELLS = """
select table_code, row_code, column_code, raw, value, kind, row_label, column_label, page
from cells where report_sha256 = ? order by seq"""
_CHECKS = """
select rule, table_code, scope, status, level, left, right, delta, blank_as_zero
from checks where report_sha256 = ? order by seq"""
_EXTRAS = "select table_code, label, raw_values from extras where report_sha256 = ? order by seq"


def format_number(value: Number | None) -> str:
    """NUMERIC columns hand back 2.0 for a printed 2 after arithmetic; print it as written."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _raw_values(stored: str | None) -> list[str]:
    try:
        values = json.loads(stored or "[]")
    except json.JSONDecodeError:
        return [stored or ""]
    return [str(v) for v in values] if isinstance(values, list) else [str(values)]


def _json_list(stored: str | None) -> list[str]:
    values = _raw_values(stored)
    return [v for v in values if v]


async def _rows(db: Any, sql: str, sha256: str) -> list[dict[str, Any]]:
    return [dict(row) for row in (await db.execute(sql, [sha256])).rows]


async def _one(db: Any, table: str, sha256: str) -> dict[str, Any] | None:
    rows = await _rows(db, f"select * from {table} where sha256 = ?", sha256)
    return rows[0] if rows else None


async def report_context(datasette: Any, site: Site, sha256: str) -> dict[str, Any]:
    db = datasette.get_database(site.database)
    report = await _one(db, "reports", sha256)
    failure = await _one(db, "failures", sha256)
    if report is None and failure is None:
        raise NotFound("No report or extraction failure with this SHA-256 is in the archive")
    cells = [CellRecord(**row) for row in await _rows(db, _CELLS, sha256)]
    checks = [CheckRecord(**{**row, "blank_as_zero": bool(row["blank_as_zero"])}) for row in await _rows(db, _CHECKS, sha256)]
    tables, unplaced = printed_tables(cells, checks, (report or {}).get("template"))
    extras = [{**row, "raw_values": _raw_values(row["raw_values"])} for row in await _rows(db, _EXTRAS, sha256)]
    return {
        "database": site.database,
        "sha256": sha256,
        "report": report,
        "failure": failure,
        "document": await _one(db, "documents", sha256),
        "original_url": original_path(datasette, sha256),
        "original_held": blob_file(site, sha256) is not None,
        "demo": site.demo,
        "tables": tables,
        "table_titles": spec.TABLE_TITLES,
        "other_checks": [c for c in checks if c.table_code not in spec.TABLE_TITLES and c.status != "pass"],
        "checks_passed": sum(c.status == "pass" for c in checks),
        "checks_total": len(checks),
        "unplaced": unplaced,
        "extras": extras,
        "warnings": _json_list((report or {}).get("warnings")),
        "n_cells": len(cells),
        "fmt": format_number,
        "metadata": datasette.metadata(),
    }


async def report_view(request: Any, datasette: Any) -> Response:
    site = site_config(datasette)
    sha256 = request.url_vars["sha256"]
    if site is None or not is_sha256(sha256):
        raise NotFound("Not a SHA-256: 64 lower-case hexadecimal characters")
    context = await report_context(datasette, site, sha256)
    return Response.html(await datasette.render_template(TEMPLATE, context, request=request))

