"""Datasette plugin: report titles and hashes link to the report page, document titles to the original."""

from __future__ import annotations

from typing import Any

from datasette import hookimpl
from markupsafe import Markup

from archive.datasette.links import link_cell


@hookimpl  # type: ignore[untyped-decorator]
def render_cell(row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any) -> Markup | None:
    return link_cell(row, value, column, table, database, datasette)
