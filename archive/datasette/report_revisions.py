"""A report's revisions as its page shows them: one entry per change (a replacement or a new parser), with its cells."""

from __future__ import annotations

from typing import Any

from archive.datasette.report_records import reading
from archive.datasette.site import original_path, report_path

REVISIONS_SQL = """
select table_code, row_code, column_code, row_label, column_label, old_raw, old_value, old_kind,
    new_raw, new_value, new_kind, reason, old_sha256, old_parser_version, new_parser_version, noticed_at
from revisions where report_sha256 = ? order by noticed_at, rowid"""
# What makes two revisions one change: the same replaced version or parser versions, noticed at once.
_EVENT = ("reason", "noticed_at", "old_sha256", "old_parser_version", "new_parser_version")


def revision_events(datasette: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Revisions grouped by change, oldest first; a replacement links the replaced version's page and original."""
    events: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in rows:
        key = tuple(row[k] for k in _EVENT)
        if key not in events:
            old = row["old_sha256"]
            links = {"old_url": report_path(datasette, old), "old_original_url": original_path(datasette, old)} if old else {}
            events[key] = {k: row[k] for k in _EVENT} | links | {"cells": []}
        events[key]["cells"].append(row)
    return list(events.values())


def revised_cells(rows: list[dict[str, Any]]) -> dict[tuple[str, str, str], str]:
    """Each changed cell's earlier readings, oldest first, for its place in the printed tables."""
    before: dict[tuple[str, str, str], list[str]] = {}
    for row in rows:
        shown = reading(row["old_raw"], row["old_value"], row["old_kind"])
        why = "replaced by the portal" if row["reason"] == "portal_replaced" else "read by an earlier parser"
        before.setdefault((row["table_code"], row["row_code"], row["column_code"]), []).append(
            f"{shown} ({why}, {(row['noticed_at'] or 'date unknown')[:10]})")
    return {key: "; ".join(texts) for key, texts in before.items()}
