"""Datasette plugin: a sorted table's first page is ordered as its later pages are (stable_sort.py)."""

from __future__ import annotations

from typing import Any

from datasette import hookimpl

from archive.datasette.stable_sort import with_table_page


@hookimpl  # type: ignore[untyped-decorator]
def asgi_wrapper() -> Any:
    return with_table_page
