"""Datasette plugin: a rebuilt database is served as soon as `nianbao build` renames it in."""

from __future__ import annotations

from typing import Any

from datasette import hookimpl

from archive.datasette.site import site_config
from archive.datasette.swap import Swapper


@hookimpl  # type: ignore[untyped-decorator]
def asgi_wrapper(datasette: Any) -> Any:
    site = site_config(datasette)
    if site is None or site.database not in datasette.databases:
        return None
    return Swapper(datasette, site.database).wrap
