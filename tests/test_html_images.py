"""HTML reports whose tables 二/三/四 are pictures: the crawl archives the report body's pictures
(and only those), the build reads them by OCR, and a page without its pictures says so.

The fixture site (`python -m tests.make_image_fixtures`) imitates a TRS detail page whose tables
are PNG/JPEG pictures rendered from known figures; its golden comes from the figures."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from parsel import Selector

from archive.catalog import DocumentRecord
from archive.layout import Layout
from pipeline.errors import NeedsOCR
from pipeline.extract import extract_document
from pipeline.html_adapter import extract_html
from pipeline.limits import Limits
from pipeline import ocr_adapter
from pipeline.ocr_adapter import ocr_available
from pipeline.pool import extract_files
from pipeline import PARSER_VERSION
from pipeline.runner import _reusable, build, pictures_by_page
from pipeline.values import OCR_MIN_CONFIDENCE
from scraper.pages import picture_links
from tests.make_image_fixtures import PHOTO, REPORT, REPORT_DIR
from tests.portal_site import FixtureSite
from tests.scraper_harness import REPO, catalog, crawl_command, crawl_env

SITE = REPO / "tests" / "fixtures" / "sites" / "image_tables"
PAGE = SITE / "site" / REPORT
PICTURES = ("W020220128391001.png", "W020220128391002.jpg", "W020220128391003.png")
BASE = "http://www.example.gov.cn/"


def golden() -> dict[tuple[str, str, str], dict[str, Any]]:
    cells = json.loads((SITE / "image-tables.html.json").read_text(encoding="utf-8"))["cells"]
    return {(c["table"], c["row"], c["column"]): c for c in cells}


def test_the_pictures_of_sections_that_print_no_table_or_figure_stand_for_the_tables() -> None:
    raw = extract_html(PAGE.read_text(encoding="utf-8"), base_url=BASE + REPORT)
    assert [(p.section, p.url) for p in raw.section_images] == [
        (s, f"{BASE}{REPORT_DIR}/{name}") for s, name in zip("二三四", PICTURES)
    ]  # the logo, the print icon, the data: picture and the photo of section 五 are not tables


@pytest.mark.parametrize(("section_body", "found"), [
    ('<p><img src="t.png"></p>', ["t.png"]),
    ('<p>本年制发规章3件。</p><p><img src="t.png"></p>', []),  # a figure of its own: the picture is an illustration
    ('<table><tr><td>规章</td><td>0</td></tr></table><p><img src="t.png"></p>', []),
    ('<p>统计期限自2021年1月1日起。</p><p><img src="t.png"></p>', ["t.png"]),  # a date is no figure
])  # fmt: skip
def test_a_section_with_its_own_table_or_figures_keeps_them(section_body: str, found: list[str]) -> None:
    html = f"<html><body><p>一、总体情况</p><p>概述。</p><p>二、主动公开政府信息情况</p>{section_body}<p>五、存在的主要问题及改进情况</p><p><img src='p.png'></p></body></html>"
    assert [p.url for p in extract_html(html).section_images] == found


def test_a_saved_page_cannot_show_its_pictures_and_says_so() -> None:
    with pytest.raises(NeedsOCR) as caught:
        extract_document(PAGE.read_bytes(), str(PAGE))
    message = str(caught.value)
    assert message.startswith("sections 二、三、四 print their tables as pictures, not read: a saved page cannot show its pictures")
    assert all(name in message for name in PICTURES)


def test_pictures_not_archived_are_named() -> None:
    with pytest.raises(NeedsOCR, match="W020220128391002.jpg of the report was not archived"):
        extract_document(PAGE.read_bytes(), BASE + REPORT, images={})


def test_only_the_body_s_pictures_are_followed_not_icons_or_inline_data() -> None:
    sel = Selector(text=PAGE.read_text(encoding="utf-8"))
    urls = picture_links(sel, BASE + REPORT, ("#zoom",))
    assert [u.rsplit("/", 1)[1] for u in urls] == [*PICTURES, PHOTO, "W020220128391005.png", "W020220128391009.png"]
    assert not [u for u in urls if "icon" in u or "logo" in u or u.startswith("data:")]


needs_ocr = pytest.mark.skipif(not ocr_available(), reason="rapidocr-onnxruntime is a dependency; reinstall with `make install`")


@cache
def crawled_and_built(data: Path) -> tuple[dict[str, Any], list[str]]:
    """One crawl and one build for the tests below (OCR costs ~20 CPU-s)."""
    stats = data / "stats.json"
    photo = f"/{REPORT_DIR}/{PHOTO}"
    with FixtureSite(SITE / "site", statuses={photo: (302, {"Location": "http://127.0.0.2:9/photo.jpg"})}) as site:
        command = [*crawl_command(data, f"{site.base}/xxgk/zfxxgknb/index.html", spider="generic"),
                   "-a", "portal=xx_pictures", "--stats-file", str(stats)]  # fmt: skip
        done = subprocess.run(command, cwd=REPO, env=crawl_env(), capture_output=True, text=True, timeout=120, check=False)
        seen = [r.path for r in site.requests]
    assert done.returncode == 0, done.stderr[-3000:]
    build(Layout(data), jobs=1)
    return json.loads(stats.read_text()), seen


@pytest.fixture(scope="module")
def site_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pictures")


def query(data: Path, sql: str) -> list[sqlite3.Row]:
    conn = sqlite3.connect(Layout(data).db_path)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


@needs_ocr
def test_the_crawl_archives_the_report_s_pictures_politely(site_data: Path) -> None:
    stats, seen = crawled_and_built(site_data)
    docs = {r["url"].rsplit("/", 1)[1]: r for r in catalog(site_data).query("select * from documents")}
    report = docs["t20220128_1001.html"]
    assert report["role"] == "report"
    for name in PICTURES:
        assert docs[name]["role"] == "image" and docs[name]["parent_url"] == report["url"]
    assert not {"icon-print.png", "logo.png", "W020220128391005.png", "W020220128391009.png"} & set(docs)
    assert not [p for p in seen if "/images/" in p or "/private/" in p]  # icons; robots.txt closes /private/
    refused = [r["url"] for r in catalog(site_data).query("select url from crawl_log where event = 'refused'")]
    assert refused == ["http://127.0.0.2:9/photo.jpg"]  # the photo's redirect, refused by the network guard
    assert stats["nianbao/discovered/image"] == 3 and stats["nianbao/links/offsite"] >= 1


@needs_ocr
def test_the_build_reads_the_pictured_tables_and_invents_no_number(site_data: Path) -> None:
    crawled_and_built(site_data)
    truth = golden()
    cells = query(site_data, "select * from cells")
    assert cells and all(c["source"] == "ocr" for c in cells)
    got = {(c["table_code"], c["row_code"], c["column_code"]): c for c in cells}
    assert set(got) == set(truth)
    wrong = [(k, c["raw"], truth[k]["raw"]) for k, c in got.items() if c["kind"] == "number" and c["value"] != truth[k]["value"]]
    assert not wrong
    numbers = [c for c in cells if c["kind"] == "number"]
    assert len(numbers) >= 0.4 * sum(1 for t in truth.values() if t["kind"] == "number")  # `make bench` gives the share
    assert all(c["confidence"] >= OCR_MIN_CONFIDENCE for c in numbers)
    assert all(c["page"] is None and len(json.loads(c["bbox"])) == 4 for c in cells if c["kind"] != "blank")


@needs_ocr
def test_the_checks_run_on_the_pictured_tables_and_the_report_asks_for_review(site_data: Path) -> None:
    crawled_and_built(site_data)
    (report,) = query(site_data, "select * from reports")
    assert (report["template"], report["agency"], report["year"], report["format"]) == ("2021", "上海市宝山区罗泾镇人民政府", 2021, "html")
    rules = {r["rule"] for r in query(site_data, "select rule from checks")}
    assert {"balance", "row_total"} <= rules
    assert any(r["status"] == "pass" for r in query(site_data, "select status from checks"))
    warnings = report["warnings"]
    assert all(f"table read by OCR from" in warnings and name in warnings for name in PICTURES)
    assert "review:" in warnings
    assert not query(site_data, "select * from failures")


def test_without_room_for_the_engine_the_pictures_stay_unread_and_say_why() -> None:
    images = {f"{BASE}{REPORT_DIR}/{name}": (PAGE.parent / name).read_bytes() for name in PICTURES}
    with pytest.raises(NeedsOCR, match="OCR is unavailable within this worker's memory limit"):
        extract_document(PAGE.read_bytes(), BASE + REPORT, limits=Limits(memory_mb=512), images=images)


@needs_ocr
def test_bytes_that_are_no_picture_are_named_not_guessed() -> None:
    images = {f"{BASE}{REPORT_DIR}/{name}": b"<html>moved</html>" for name in PICTURES}
    with pytest.raises(NeedsOCR, match="picture .*W020220128391001.png cannot be read: not a readable picture"):
        extract_document(PAGE.read_bytes(), BASE + REPORT, images=images)


def test_a_page_that_failed_is_read_again_once_pictures_of_it_are_archived() -> None:
    page = DocumentRecord("a" * 64, BASE + REPORT, "xx_pictures", "report")
    picture = DocumentRecord("b" * 64, f"{BASE}{REPORT_DIR}/{PICTURES[0]}", "xx_pictures", "image", parent_url=page.url)
    conn = sqlite3.connect(":memory:")
    conn.execute("attach database ':memory:' as previous")
    conn.execute("create table previous.reports (sha256, source_url, portal, parser_version)")
    conn.execute("create table previous.failures (sha256, source_url, portal, parser_version, error)")
    conn.execute("insert into previous.failures values (?, ?, ?, ?, 'NeedsOCR')", [page.sha256, page.url, page.portal, PARSER_VERSION])
    assert _reusable(conn, [page], set()) == {page.sha256}
    assert _reusable(conn, [page], set(pictures_by_page([page, picture]))) == set()


def test_a_worker_that_retires_is_never_handed_another_job(tmp_path: Path) -> None:
    """A worker that ran out of room retires after its document (pool._spent): the next document
    must go to a fresh worker, not be lost with the old one."""
    paths = []
    for i in range(4):
        (path := tmp_path / f"r{i}.html").write_text(PAGE.read_text(encoding="utf-8").replace("罗泾镇", f"罗泾镇{i}"), encoding="utf-8")
        paths.append(path)
    outcomes = [outcome for _, outcome in extract_files(paths, jobs=1, limits=Limits(html_mb=0.001))]
    assert [getattr(o, "error", None) for o in outcomes] == ["TooLarge"] * 4  # not WorkerCrashed
