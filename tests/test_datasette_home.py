"""The home page tells a researcher what the archive holds and where to start; raw tables come last."""

from __future__ import annotations

import sqlite3

from datasette.app import Datasette
from lxml import html

from archive.publish import make_datasette
from tests.test_datasette_sample import Sample, _sample_template, ds, sample  # noqa: F401  (fixtures)


async def _page(ds: Datasette, path: str) -> html.HtmlElement:
    response = await ds.client.get(path)
    assert response.status_code == 200, response.text
    return html.fromstring(response.text)


async def test_home_page_says_what_the_archive_holds(ds: Datasette) -> None:
    page = await _page(ds, "/")
    facts = {d.get("data-fact"): " ".join(d.text_content().split()) for d in page.xpath("//section[@class='nianbao-holdings']/div")}
    assert facts["reports"] == "4 reports"
    assert facts["agencies"] == "3 agencies"
    assert facts["years"] == "2018–2022 years covered"
    assert facts["portals"] == "3 portals"
    assert facts["failures"] == "1 unreadable document"
    assert facts["built"] == "2026-02-01 built" and facts["version"] == "2026-02-01.7 dataset version"


async def test_copies_are_counted_once(sample: Sample) -> None:
    with sqlite3.connect(sample.layout.db_path) as conn:
        conn.execute("update reports set duplicate_of = ? where sha256 = ?", [sample.seed.sha256, sample.pdf.sha256])
    page = await _page(make_datasette(sample.layout), "/")
    reports = page.xpath("string(//div[@data-fact='reports'])")
    assert " ".join(reports.split()) == "3 reports (1 more are copies)"


async def test_start_links_come_before_raw_tables(ds: Datasette) -> None:
    page = await _page(ds, "/")
    text = page.text_content()
    assert text.index("Start here") < text.index("Saved queries") < text.index("Raw tables")
    hrefs = page.xpath("//section[@class='nianbao-start']//a/@href")
    assert {"/-/dashboards/overview", "/-/methodology", "/nianbao.db", "/nianbao/failing_checks"} <= set(hrefs)
    raw = page.xpath("//p[@class='nianbao-tables']/a/text()")
    assert raw[:5] == ["report_figures", "agencies", "reports", "cells", "checks"] and "runs" in raw
    assert "report_texts_fts" not in raw, "hidden tables stay hidden"


async def test_database_page_starts_with_the_way_in_and_shows_no_backticks(ds: Datasette) -> None:
    page = await _page(ds, "/nianbao")
    text = page.text_content()
    assert "`" not in text
    assert page.xpath("//section[@class='nianbao-start']")
    assert text.index("Start here") < text.index("Raw tables")


async def test_the_most_requests_of_the_latest_year_are_one_click_from_home(sample: Sample) -> None:
    with sqlite3.connect(sample.layout.db_path) as conn:  # a second 2022 report with more requests
        conn.execute("update report_figures set year = 2022 where sha256 = ?", [sample.blanks.sha256])
    ds = make_datasette(sample.layout)
    home = await _page(ds, "/")
    href = home.xpath("//a[@class='nianbao-most-requests']/@href")[0]
    assert "which agencies received the most requests in 2022" in home.text_content()
    figures = await _page(ds, href)
    agencies = figures.xpath("//table[@class='rows-and-columns']/tbody/tr/td[starts-with(@class, 'col-agency ')]")
    assert [a.text_content().strip() for a in agencies] == ["上海市静安区民政局", "上海市宝山区行政服务中心"]
