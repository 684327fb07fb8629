"""Downloads: a CSV Excel opens correctly (UTF-8 with a byte order mark), offered on table and query pages."""

from __future__ import annotations

import csv
import io
import sqlite3

from datasette.app import Datasette
from lxml import html

from archive.datasette.bom import BOM, wants_bom
from archive.publish import make_datasette
from tests.test_datasette_sample import Sample, _sample_template, ds, sample  # noqa: F401  (fixtures)


async def test_bom_csv_starts_with_the_byte_order_mark_and_reads_back(sample: Sample, ds: Datasette) -> None:
    response = await ds.client.get("/nianbao/reports.csv", params={"_size": "max", "_dl": "1", "_bom": "1"})
    assert response.status_code == 200
    assert response.content.startswith(BOM + b"sha256,")
    assert "attachment" in response.headers["content-disposition"]
    if "content-length" in response.headers:
        assert int(response.headers["content-length"]) == len(response.content)
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {r["title"] for r in rows} >= {sample.seed.title, sample.blanks.title}


async def test_plain_csv_has_no_byte_order_mark(ds: Datasette) -> None:
    for params in ({}, {"_bom": "0"}):
        response = await ds.client.get("/nianbao/reports.csv", params=params)
        assert response.status_code == 200 and not response.content.startswith(BOM)


async def test_query_csv_gets_the_mark_too(ds: Datasette) -> None:
    response = await ds.client.get("/nianbao/failing_checks.csv", params={"_bom": "1"})
    assert response.content.startswith(BOM + b"report_sha256,")


async def test_a_failed_csv_request_is_left_alone(ds: Datasette) -> None:
    response = await ds.client.get("/nianbao/no_such_table.csv", params={"_bom": "1"})
    assert response.status_code == 404 and not response.content.startswith(BOM)


def test_only_csv_urls_with_bom_1_qualify() -> None:
    assert wants_bom({"type": "http", "path": "/db/t.csv", "query_string": b"_size=max&_bom=1"})
    assert not wants_bom({"type": "http", "path": "/db/t.json", "query_string": b"_bom=1"})
    assert not wants_bom({"type": "http", "path": "/db/t.csv", "query_string": b"_bom=yes"})
    assert not wants_bom({"type": "websocket", "path": "/db/t.csv", "query_string": b"_bom=1"})


async def test_table_and_query_pages_offer_the_excel_csv(ds: Datasette) -> None:
    for path in ("/nianbao/reports", "/nianbao/failing_checks"):
        page = html.fromstring((await ds.client.get(path)).text)
        hrefs = page.xpath("//p[@class='nianbao-excel']/a/@href")
        assert hrefs and "_bom=1" in hrefs[0] and ".csv" in hrefs[0], path
        response = await ds.client.get(hrefs[0])
        assert response.status_code == 200 and response.content.startswith(BOM), path


async def test_column_descriptions_fold_away(ds: Datasette) -> None:
    page = html.fromstring((await ds.client.get("/nianbao/cells")).text)
    details = page.xpath("//details[@class='nianbao-columns']")
    assert details and details[0].get("open") is None
    assert "The number printed" in details[0].text_content()
    assert "dl.column-descriptions { display: none; }" in html.tostring(page, encoding="unicode")
    assert "td.col-title { min-width: 16em; }" in html.tostring(page, encoding="unicode")


async def test_the_excel_csv_holds_every_row_not_one_page(sample: Sample) -> None:
    """Datasette stops a CSV at max_returned_rows (1,000) unless it streams: a panel of a national
    archive has tens of thousands of reports."""
    with sqlite3.connect(sample.layout.db_path) as conn:
        conn.executemany("insert into report_figures (sha256, printed_agency, year, template) values (?, ?, 2030, '2021')",
                         [(f"{n:064x}", f"机关{n:04d}") for n in range(1_200)])  # fmt: skip
        total = conn.execute("select count(*) from report_figures").fetchone()[0]
    ds = make_datasette(sample.layout)
    home = html.fromstring((await ds.client.get("/")).text)
    table = html.fromstring((await ds.client.get("/nianbao/report_figures")).text)
    links = [*home.xpath("//a[contains(text(), 'report_figures as CSV for Excel')]/@href"),
             table.xpath("//p[@class='nianbao-excel']/a/@href")[0]]  # fmt: skip
    for href in links:
        response = await ds.client.get(href)
        assert response.status_code == 200 and response.content.startswith(BOM + b"sha256,"), href
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert len(rows) == total > 1_000, href
