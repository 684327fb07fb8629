"""Link reports to their page and documents to their archived original, in tables and query results."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from archive.datasette.site import is_sha256, original_path, report_path, site_config

# Table pages link a row's title (the primary key already links to the row); query results link
# the report_sha256 column, which every canned query returns.
_TITLE_LINKS = {"reports": report_path, "report_texts": report_path, "documents": original_path}


def _row_sha256(row: Any) -> str | None:
    value = row["sha256"] if "sha256" in row.keys() else None
    if isinstance(value, dict):  # Datasette expanded it as a foreign key to documents
        value = value.get("value")
    return value if isinstance(value, str) and is_sha256(value) else None


def link_cell(row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any) -> Markup | None:
    site = site_config(datasette)
    if site is None or database != site.database or value is None:
        return None
    if table is None and column == "report_sha256" and isinstance(value, str) and is_sha256(value):
        return Markup('<a href="{}" title="report page">{}</a>').format(report_path(datasette, value), value)
    sha256 = _row_sha256(row) if table in _TITLE_LINKS and column == "title" else None
    if table is None or sha256 is None:
        return None
    return Markup('<a href="{}">{}</a>').format(_TITLE_LINKS[table](datasette, sha256), value)
