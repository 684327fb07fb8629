"""Datasette plugin: the methodology page at /-/methodology."""

from __future__ import annotations

from typing import Any

from datasette import hookimpl

from archive.datasette.methodology import methodology_view


@hookimpl  # type: ignore[untyped-decorator]
def register_routes() -> list[tuple[str, Any]]:
    return [(r"^/-/methodology$", methodology_view)]
