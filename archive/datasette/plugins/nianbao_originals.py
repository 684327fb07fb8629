"""Datasette plugin: the archived original of a document at /-/archive/<sha256>."""

from __future__ import annotations

from typing import Any

from datasette import hookimpl

from archive.datasette.originals import original_view


@hookimpl  # type: ignore[untyped-decorator]
def register_routes() -> list[tuple[str, Any]]:
    return [(r"^/-/archive/(?P<sha256>[^/]*)$", original_view)]
