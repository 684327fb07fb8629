"""Datasette plugin: the home and database pages learn what the archive holds (archive/datasette/home.py)."""

from __future__ import annotations

from typing import Any

from datasette import hookimpl

from archive.datasette.home import START_TABLES, cached_holdings
from archive.datasette.site import site_config


@hookimpl  # type: ignore[untyped-decorator]
def extra_template_vars(template: str, datasette: Any, request: Any) -> Any:
    site = site_config(datasette)
    if site is None or template not in ("index.html", "database.html"):
        return None

    async def holdings() -> dict[str, Any]:
        db = datasette.get_database(site.database)
        queries = await datasette.get_canned_queries(site.database, request.actor if request else None)
        return {
            "nianbao": {"database": site.database, "holdings": await cached_holdings(db), "queries": queries,
                        "start_tables": START_TABLES, "demo": site.demo},
        }  # fmt: skip

    return holdings
