"""The demo path in-process: sample portal up, spider over HTTP, build, Datasette answers."""

from __future__ import annotations

import sqlite3
import unicodedata
from pathlib import Path

import pytest
from datasette.app import Datasette

from archive.blobs import BlobStore
from archive.layout import Layout
from archive.publish import make_datasette
from pipeline.cli import crawl_sample
from pipeline.load import report_id
from pipeline.runner import build
from scraper.sample_portal.reports import REPORTS
from scraper.sample_portal.server import serve_sample_portal

APPLICANTS = ("natural_person", "commercial", "research", "public_interest", "legal_services", "other_org", "total")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Layout:
    layout = Layout(tmp_path_factory.mktemp("demo") / "data")
    with serve_sample_portal() as base_url:
        crawl_sample(layout, base_url)
    stats = build(layout)
    assert stats.bugs == 0
    return layout


@pytest.fixture
def ds(demo: Layout) -> Datasette:
    return make_datasette(demo, demo=True)


def _report_sha(layout: Layout, agency: str, year: int) -> str:
    con = sqlite3.connect(layout.db_path)
    rows = con.execute("select sha256 from reports where agency = ? and year = ?", [agency, year]).fetchall()
    assert len(rows) == 1, (agency, year, rows)
    return str(rows[0][0])


def test_every_sample_report_is_read_exactly(demo: Layout) -> None:
    con = sqlite3.connect(demo.db_path)
    for report in REPORTS:
        sha = _report_sha(demo, report.agency, report.year)
        got = {(r, c): raw for r, c, raw in con.execute(
            "select row_code, column_code, raw from cells where report_id = ? and table_code = 'applications'", [report_id(sha)])}  # fmt: skip
        # `raw` is the printed text after NFKC and trimming: an &nbsp; cell is "".
        expected = {(row, col): unicodedata.normalize("NFKC", raw).strip()
                    for row, raws in report.application_cells().items() for col, raw in zip(APPLICANTS, raws)}  # fmt: skip
        assert got == expected, report.title
        template = con.execute("select template from reports where sha256 = ?", [sha]).fetchone()[0]
        assert template == report.template


def test_every_downloaded_page_is_archived(demo: Layout) -> None:
    con = sqlite3.connect(demo.catalog_path)
    shas = {r[0] for r in con.execute("select sha256 from fetches where status = 200")}
    assert shas and all(sha in BlobStore(demo.blobs_dir) for sha in shas)
    assert all(ok for _, ok in BlobStore(demo.blobs_dir).verify())


async def test_datasette_returns_the_seed_figures(demo: Layout, ds: Datasette) -> None:
    sha = _report_sha(demo, "上海市宝山区行政服务中心", 2021)
    response = await ds.client.get(
        f"/nianbao/cells.json?report_id={report_id(sha)}&table_code=applications&row_code=new_received&_shape=array"
    )
    assert response.status_code == 200
    row = {c["column_code"]: c["value"] for c in response.json()}
    assert row == {"natural_person": 2, "commercial": 0, "research": 0, "public_interest": 0,
                   "legal_services": 0, "other_org": 2, "total": 2}  # fmt: skip
    checks = (await ds.client.get(f"/nianbao/checks.json?report_id={report_id(sha)}&status=fail&_shape=array")).json()
    assert sorted((c["rule"], c["scope"], c["left"], c["right"]) for c in checks) == [
        ("balance", "other_org", 2, 0), ("row_total", "new_received", 2, 4)]  # fmt: skip


async def test_the_report_page_shows_the_tables_and_flags_the_error(demo: Layout, ds: Datasette) -> None:
    sha = _report_sha(demo, "上海市宝山区行政服务中心", 2021)
    page = await ds.client.get(f"/-/report/{sha}")
    assert page.status_code == 200
    html = page.text
    for label in ("本年新收政府信息公开申请数量", "结转下年度继续办理", "行政复议", "本年制发件数", "row_total", "balance"):
        assert label in html, label
    assert "sample" in html.lower() or "示例" in html or "样例" in html
    original = await ds.client.get(f"/-/archive/{sha}")
    assert original.status_code == 200 and "sandbox" in original.headers["content-security-policy"]
    assert original.content == BlobStore(demo.blobs_dir).get(sha)


def test_the_second_family_and_its_pdf_attachment_are_in_the_demo(demo: Layout) -> None:
    con = sqlite3.connect(demo.db_path)
    rows = con.execute(
        "select r.sha256, r.format, r.duplicate_of, d.role, d.parent_url from reports r join documents d on d.sha256 = r.sha256 "
        "where r.agency = '长宁区' and r.year = 2023 order by r.format"
    ).fetchall()
    assert [(fmt, role) for _, fmt, _, role, _ in rows] == [("html", "report"), ("pdf", "attachment")]
    (html_sha, _, html_dup, _, _), (pdf_sha, _, pdf_dup, _, parent) = rows
    # The PDF prints the page's very tables: one report, counted once.
    assert html_dup is None and pdf_dup == html_sha
    pages = {p for (p,) in con.execute("select distinct page from cells where report_id = ?", [report_id(pdf_sha)])}
    assert pages and None not in pages
    assert con.execute("select count(*) from fetches").fetchone()[0] > 0
    assert con.execute("select count(*) from crawl_log where event = 'finished'").fetchone()[0] == 2


async def test_the_copy_links_to_the_report_it_repeats(demo: Layout, ds: Datasette) -> None:
    con = sqlite3.connect(demo.db_path)
    pdf, html = con.execute("select sha256, duplicate_of from reports where format = 'pdf'").fetchone()
    page = (await ds.client.get(f"/-/report/{pdf}")).text
    assert "Copy of" in page and f"/-/report/{html}" in page and "page 2" in page
    assert "Copy of" not in (await ds.client.get(f"/-/report/{html}")).text
