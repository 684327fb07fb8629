"""The dashboards (datasette-dashboards) of dashboards.yaml, pointed at the served database, and
each chart's SQL as a saved query, so every chart's data is one click away as a table."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml

DASHBOARDS_PATH = Path(__file__).parent / "dashboards.yaml"
DASHBOARDS_PLUGIN = "datasette-dashboards"
DATA_CARD = "data"
_OPTIONAL = re.compile(r"\[\[.*?\]\]", re.DOTALL)


def load_dashboards(path: Path = DASHBOARDS_PATH) -> dict[str, Any]:
    with path.open(encoding="utf-8") as f:
        dashboards: dict[str, Any] = yaml.safe_load(f)
    return dashboards


def query_name(chart: str) -> str:
    return f"chart_{chart}"


def unfiltered(sql: str) -> str:
    """A chart's SQL without the parts a dashboard filter adds: all levels, as the saved query."""
    return _OPTIONAL.sub("", sql)


def _charts(dashboard: dict[str, Any]) -> dict[str, Any]:
    return {slug: c for slug, c in dashboard.get("charts", {}).items() if "query" in c}


def chart_queries(dashboards: dict[str, Any]) -> dict[str, dict[str, str]]:
    return {
        query_name(slug): {
            "title": f"Chart data: {chart['title']}",
            "description": f"The data of the chart “{chart['title']}” on the {dashboard['title']} dashboard "
            "(all levels of agency; the dashboard can narrow it to one).",
            "sql": unfiltered(chart["query"]),
        }
        for dashboard in dashboards.values()
        for slug, chart in _charts(dashboard).items()
    }


def _data_card(database: str, dashboard: dict[str, Any]) -> str:
    lines = [f"- [{chart['title']}](/{quote(database)}/{query_name(slug)})" for slug, chart in _charts(dashboard).items()]
    return "Each chart's data as a table (sort it, export it as CSV):\n\n" + "\n".join(lines)


def add_dashboards(metadata: dict[str, Any], database: str) -> None:
    """Point every chart at `database` and publish its SQL as a saved query of that database."""
    dashboards = load_dashboards()
    for dashboard in dashboards.values():
        for chart in _charts(dashboard).values():
            chart["db"] = database
        for filter_ in dashboard.get("filters", {}).values():
            if "query" in filter_:
                filter_["db"] = database
        if DATA_CARD in dashboard.get("charts", {}):
            dashboard["charts"][DATA_CARD]["display"] = _data_card(database, dashboard)
    metadata.setdefault("plugins", {})[DASHBOARDS_PLUGIN] = dashboards
    metadata["databases"][database].setdefault("queries", {}).update(chart_queries(dashboards))
