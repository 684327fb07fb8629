"""Datasette plugin: `?_bom=1` on a CSV download adds the UTF-8 byte order mark Excel needs."""

from __future__ import annotations

from typing import Any

from datasette import hookimpl

from archive.datasette.bom import App, with_bom


@hookimpl  # type: ignore[untyped-decorator]
def asgi_wrapper() -> Any:
    def wrap(app: App) -> App:
        return with_bom(app)

    return wrap
