"""Datasette plugin: table pages put titles first and shorten primary-key hashes (templates/_table.html)."""

from __future__ import annotations

from typing import Any

from datasette import hookimpl

from archive.datasette.hashes import lead_columns


@hookimpl  # type: ignore[untyped-decorator]
def prepare_jinja2_environment(env: Any) -> None:
    env.globals["nianbao_lead_columns"] = lead_columns
