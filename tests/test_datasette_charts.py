"""The dashboards: every chart's query on the sample, the level filter, local assets only, data one click away."""

from __future__ import annotations

from typing import Any

import pytest
from datasette.app import Datasette
from lxml import html

from archive.datasette.charts import chart_queries, load_dashboards, query_name, unfiltered
from tests.test_datasette_sample import Sample, _sample_template, ds, sample  # noqa: F401  (fixtures)

CHARTS = load_dashboards()["overview"]["charts"]
BAOSHAN, JINGAN = "上海市宝山区人民政府", "上海市静安区人民政府"


async def _rows(ds: Datasette, chart: str, level: str | None = None) -> list[dict[str, Any]]:
    sql = CHARTS[chart]["query"]
    sql = sql.replace("[[", "").replace("]]", "") if level else unfiltered(sql)
    params = {"sql": sql, "_shape": "array", **({"level": level} if level else {})}
    response = await ds.client.get("/nianbao.json", params=params)
    assert response.status_code == 200, response.text
    rows: list[dict[str, Any]] = response.json()
    return rows


async def test_requests_per_year_by_district(ds: Datasette) -> None:
    rows = await _rows(ds, "requests_by_district")
    assert [(r["year"], r["district"], r["new_requests"]) for r in rows] == [
        (2020, JINGAN, 10), (2021, BAOSHAN, 2), (2022, BAOSHAN, 5)]  # fmt: skip
    assert await _rows(ds, "requests_by_district", level="government") == []


async def test_outcome_mix_keeps_blank_sums_null(ds: Datasette) -> None:
    rows = {(r["year"], r["outcome"]): r["requests"] for r in await _rows(ds, "outcome_mix")}
    assert rows[(2022, "公开 granted")] == 4 and rows[(2022, "无法提供 unavailable")] == 1
    assert rows[(2020, "不予公开 withheld")] == 1 and rows[(2020, "不予处理 rejected")] == 2
    # The 2020 report left 部分公开 blank: NULL, not 0.
    assert rows[(2020, "部分公开 partly granted")] is None
    assert len({outcome for _, outcome in rows}) == 6


async def test_correction_rates_only_count_years_with_cases(ds: Datasette) -> None:
    rows = await _rows(ds, "correction_rates")
    assert rows == [{"year": 2022, "proceeding": "行政复议 reviews", "cases": 1, "corrected": 0, "corrected_pct": 0.0}]


async def test_check_failures_by_district_and_year(ds: Datasette) -> None:
    rows = {(r["district"], r["year"]): (r["failing_reports"], r["reports"]) for r in await _rows(ds, "check_failures")}
    assert rows == {(BAOSHAN, 2021): (1, 1), (BAOSHAN, 2022): (0, 1), (JINGAN, 2020): (0, 1)}


async def test_timeliness_against_the_deadline(ds: Datasette) -> None:
    rows = {(r["year"], r["published"]): r["reports"] for r in await _rows(ds, "timeliness")}
    assert rows == {(2018, "date unknown"): 1, (2020, "date unknown"): 1, (2021, "on time"): 1, (2022, "late"): 1}


async def test_the_dashboard_page_lists_every_chart_and_loads_nothing_from_elsewhere(ds: Datasette) -> None:
    response = await ds.client.get("/-/dashboards/overview")
    assert response.status_code == 200
    page = html.fromstring(response.text)
    for chart in CHARTS.values():
        assert chart["title"] in page.text_content()
    assets = page.xpath("//script/@src") + page.xpath("//link/@href")
    assert any("vega-lite" in a for a in assets)
    assert all(a.startswith("/") and not a.startswith("//") for a in assets), assets
    for asset in assets:
        assert (await ds.client.get(asset)).status_code == 200, asset
    assert "/-/dashboards/overview" in html.fromstring((await ds.client.get("/")).text).xpath("//a/@href")


async def test_the_level_filter_narrows_every_chart(ds: Datasette) -> None:
    page = (await ds.client.get("/-/dashboards/overview", params={"level": "department"})).text
    assert page.count("level = :level") == 6, "one per chart; the correction rates' query has two parts"
    assert "level = :level" not in (await ds.client.get("/-/dashboards/overview")).text
    assert "<option value=\"department\" selected>" in page
    assert len(await _rows(ds, "timeliness", level="department")) == 3


@pytest.mark.parametrize("chart", sorted(slug for slug, c in CHARTS.items() if "query" in c))
async def test_each_charts_data_is_one_click_away_as_a_table(ds: Datasette, chart: str) -> None:
    dashboard = html.fromstring((await ds.client.get("/-/dashboards/overview")).text)
    href = f"/nianbao/{query_name(chart)}"
    assert href in dashboard.xpath("//div[@id='card-data']//a/@href")
    table = await ds.client.get(href)
    assert table.status_code == 200 and "rows-and-columns" in table.text
    assert query_name(chart) in chart_queries(load_dashboards())
    chart_page = html.fromstring((await ds.client.get(f"/-/dashboards/overview/{chart}")).text)
    assert any(h.startswith("/nianbao?sql=") for h in chart_page.xpath("//a/@href"))
