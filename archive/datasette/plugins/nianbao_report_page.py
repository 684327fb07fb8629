"""Datasette plugin: a page per report at /-/report/<sha256>, and its .json and .csv forms."""

from __future__ import annotations

from typing import Any

from datasette import hookimpl

from archive.datasette.report_page import report_view


@hookimpl  # type: ignore[untyped-decorator]
def register_routes() -> list[tuple[str, Any]]:
    return [(r"^/-/report/(?P<sha256>[^/.]*)(\.(?P<form>json|csv))?$", report_view)]
