"""Link reports to their page and documents to their archived original, in tables and query results;
every hash shows its first characters, the full value on hover."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from archive.datasette.hashes import hash_link, hash_span
from archive.datasette.site import is_sha256, original_path, report_path, site_config

# Table pages link a row's title (the primary key already links to the row).
_TITLE_LINKS = {"reports": report_path, "report_figures": report_path, "report_texts": report_path,
                "documents": original_path}
# Columns whose hash names a report (its page) or a fetched body (its archived original); saved
# queries name their reports by report_sha256.
_REPORT_COLUMNS = {"report_sha256", "duplicate_of", "compared_with", "superseded_by", "old_sha256"}
# The integer that names a report in cells, checks, extras and legacy_figures (reports.id).
_REPORT_KEY = "report_id"
_ORIGINAL_COLUMNS = {"sha256", "previous_sha256"}


def _row_sha256(row: Any) -> str | None:
    value = row["sha256"] if "sha256" in row.keys() else None
    if isinstance(value, dict):  # Datasette expanded it as a foreign key to documents
        value = value.get("value")
    return value if isinstance(value, str) and is_sha256(value) else None


def _report_key_cell(value: dict[str, Any], datasette: Any) -> Markup | None:
    """The report's title, linked to its page (/-/report/<id> redirects there)."""
    key, label = value.get("value"), value.get("label")
    if not isinstance(key, int):
        return None
    return Markup('<a href="{}" title="report {}">{}</a>').format(report_path(datasette, str(key)), key, label or key)


def _hash_target(column: str, table: str | None) -> Callable[[Any, str], str] | None:
    if column in _REPORT_COLUMNS:
        return report_path
    if column in _ORIGINAL_COLUMNS and table is not None:
        return original_path
    return None


def _hash_cell(value: Any, column: str, table: str | None, datasette: Any) -> Markup | None:
    if isinstance(value, dict):  # a foreign key expanded to its label
        return _report_key_cell(value, datasette) if column == _REPORT_KEY else None
    if not (isinstance(value, str) and is_sha256(value)):
        return None
    target = _hash_target(column, table)
    return hash_link(target(datasette, value), value) if target else hash_span(value)


def link_cell(row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any) -> Markup | None:
    if not isinstance(value, str | dict):  # numbers and NULLs: the most common cells, nothing to link
        return None
    site = site_config(datasette)
    if site is None or database != site.database:
        return None
    sha256 = _row_sha256(row) if table in _TITLE_LINKS and column == "title" else None
    if table is not None and sha256 is not None:
        return Markup('<a href="{}">{}</a>').format(_TITLE_LINKS[table](datasette, sha256), value)
    return _hash_cell(value, column, table, datasette)
