"""Datasette plugin: `?_bom=1` on a CSV download adds the UTF-8 byte order mark Excel needs."""

from __future__ import annotations

from typing import Any

from datasette import hookimpl

from archive.datasette.bom import with_bom


@hookimpl  # type: ignore[untyped-decorator]
def asgi_wrapper() -> Any:
    return with_bom
