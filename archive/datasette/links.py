"""Link report hashes in tables and canned queries to the report page and the archived original."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from archive.datasette.site import is_sha256, original_path, report_path, site_config

# Columns that hold a report's hash wherever they appear. In `cells`, `checks` and `extras`
# Datasette already links report_sha256 to the reports row (labelled with the title), so only
# the reports table itself and query results (table None) get the report-page link.
_REPORT_COLUMNS = {"sha256", "report_sha256"}
_REPORT_TABLES = {None, "reports", "report_texts", "failures"}


def link_cell(value: Any, column: str, table: str | None, database: str, datasette: Any) -> Markup | None:
    site = site_config(datasette)
    if site is None or database != site.database or not isinstance(value, str) or not is_sha256(value):
        return None
    if table == "documents" and column == "sha256":
        return Markup('<a href="{}">{}</a>').format(original_path(datasette, value), value)
    if table in _REPORT_TABLES and column in _REPORT_COLUMNS:
        return Markup('<a href="{}" title="report page">{}</a>').format(report_path(datasette, value), value)
    return None


def link_title(row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any) -> Markup | None:
    """The title in `reports` links to the report page too: that is what a reader clicks."""
    site = site_config(datasette)
    if site is None or database != site.database or table != "reports" or column != "title":
        return None
    sha256 = row["sha256"] if "sha256" in row.keys() else None
    if isinstance(sha256, dict):  # expanded by Datasette as a foreign key to documents
        sha256 = sha256.get("value")
    if not isinstance(sha256, str) or not is_sha256(sha256) or value is None:
        return None
    return Markup('<a href="{}">{}</a>').format(report_path(datasette, sha256), escape(value))
