"""The methodology page at /-/methodology: how the archive is made, with its live coverage."""

from __future__ import annotations

from typing import Any

from datasette.utils.asgi import Response

from archive.datasette.edition import read_edition
from archive.datasette.site import not_found, site_config

TEMPLATE = "nianbao_methodology.html"
_COVERAGE = """select year, template, count(*) as reports from reports
    where duplicate_of is null and superseded_by is null group by year, template order by year desc, template"""
_FAILURES = "select error, count(*) as documents from failures group by error order by documents desc"
_MATCHING = "select rule, count(*) as names from agency_names group by rule order by names desc"
_PORTALS = """select (select count(distinct portal) from reports) as with_reports,
    (select count(*) from portals) as registered, (select count(*) from portals where status = 'ok') as ok"""


async def _rows(db: Any, sql: str) -> list[dict[str, Any]]:
    return [dict(r) for r in (await db.execute(sql)).rows]


async def methodology_view(request: Any, datasette: Any) -> Response:
    site = site_config(datasette)
    if site is None:
        return await not_found(datasette, request, "This site does not serve the nianbao archive")
    db = datasette.get_database(site.database)
    tables = await db.table_names()
    context = {
        "database": site.database,
        "coverage": await _rows(db, _COVERAGE),
        "failures": await _rows(db, _FAILURES),
        "matching": await _rows(db, _MATCHING) if "agency_names" in tables else [],
        "portals": (await _rows(db, _PORTALS))[0],
        "edition": await read_edition(db),
        "demo": site.demo,
    }
    return Response.html(await datasette.render_template(TEMPLATE, context, request=request))
