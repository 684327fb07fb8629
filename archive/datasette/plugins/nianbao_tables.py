"""Datasette plugin: table pages put titles first, shorten primary-key hashes and write their rows in
Python (templates/_table.html)."""

from __future__ import annotations

from typing import Any

from datasette import hookimpl

from archive.datasette.hashes import lead_columns
from archive.datasette.table_rows import rows_html


@hookimpl  # type: ignore[untyped-decorator]
def prepare_jinja2_environment(env: Any) -> None:
    env.globals["nianbao_lead_columns"] = lead_columns
    env.globals["nianbao_rows_html"] = rows_html
