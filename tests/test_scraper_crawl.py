"""Crawl the sample portal end to end through `python -m scraper.crawl`, then inspect the archive."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from archive.blobs import BlobStore, sha256_hex
from archive.layout import Layout
from scraper.sample_portal import SITE_DIR, serve_sample_portal
from scraper.sample_portal.reports import CMS_PAGE_SIZE, DISTRICT_CMS_REPORTS, PAGE_SIZE, REPORTS
from tests.scraper_harness import CMS_LIST_PATH, LIST_PATH, catalog, run_crawl


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    data = tmp_path_factory.mktemp("data")
    with serve_sample_portal() as base:
        result = run_crawl(data, base + LIST_PATH)
    assert result.returncode == 0, result.stderr
    return data, base


def test_every_report_is_catalogued_with_title_agency_and_years(crawled: tuple[Path, str]) -> None:
    data, base = crawled
    rows = {r["url"]: r for r in catalog(data).query("select * from documents where role = 'report'")}
    assert len(rows) == len(REPORTS)
    for report in REPORTS:
        row = rows[base + report.path.lstrip("/")]
        assert (row["title"], row["agency"]) == (report.title, report.agency)
        # The year the report covers, never the year it was published in.
        assert row["report_year"] == report.year
        assert row["published_on"] == report.published_on
        assert int(row["published_on"][:4]) == report.year + 1


def test_every_list_page_is_catalogued(crawled: tuple[Path, str]) -> None:
    data, _ = crawled
    lists = list(catalog(data).query("select url from documents where role = 'list'"))
    assert len(lists) == math.ceil(len(REPORTS) / PAGE_SIZE)


def test_every_document_is_in_the_blob_store_and_rehashes(crawled: tuple[Path, str]) -> None:
    data, _ = crawled
    blobs = BlobStore(Layout(data).blobs_dir)
    documents = list(catalog(data).query("select sha256, size from documents"))
    assert documents
    for doc in documents:
        body = blobs.get(doc["sha256"])
        assert sha256_hex(body) == doc["sha256"]
        assert len(body) == doc["size"]
    assert all(ok for _, ok in blobs.verify())


def test_every_fetch_is_recorded_with_its_provenance(crawled: tuple[Path, str]) -> None:
    data, _ = crawled
    db = catalog(data)
    fetched = {r["url"] for r in db.query("select url from fetches where status = 200")}
    assert {r["url"] for r in db.query("select url from documents")} <= fetched
    assert any(url.endswith("/robots.txt") for url in fetched)
    for row in db.query("select * from fetches"):
        assert row["fetched_at"].endswith("Z") and row["ip"] == "127.0.0.1"
        assert row["sha256"] and row["content_type"].startswith(("text/html", "text/plain"))


def test_a_second_crawl_adds_no_documents(tmp_path: Path) -> None:
    with serve_sample_portal() as base:
        first = run_crawl(tmp_path, base + LIST_PATH)
        before = list(catalog(tmp_path).query("select sha256, first_seen_at from documents order by sha256"))
        second = run_crawl(tmp_path, base + LIST_PATH)
    assert first.returncode == 0 and second.returncode == 0, second.stderr
    assert list(catalog(tmp_path).query("select sha256, first_seen_at from documents order by sha256")) == before
    assert "stored 0 " in second.stdout


def test_a_crawl_that_cannot_reach_its_portal_fails(tmp_path: Path) -> None:
    with serve_sample_portal() as base:
        pass  # the server is gone once the block ends
    result = run_crawl(tmp_path, base + LIST_PATH, "-s", "RETRY_TIMES=0")
    assert result.returncode != 0


def test_second_platform_family_and_its_pdf_attachment(tmp_path: Path) -> None:
    with serve_sample_portal() as base:
        result = run_crawl(tmp_path, base + CMS_LIST_PATH, spider="sample_portal_cms")
    assert result.returncode == 0, result.stderr
    db = catalog(tmp_path)
    reports = {r["url"]: r for r in db.query("select * from documents where role = 'report'")}
    assert set(reports) == {base + r.path.lstrip("/") for r in DISTRICT_CMS_REPORTS}
    for report in DISTRICT_CMS_REPORTS:
        row = reports[base + report.path.lstrip("/")]
        # The URL's YYYY/DDD is the day the page was created: neither the report year nor, for
        # the 区府办 report (2022/266), the publication date.
        assert (row["report_year"], row["published_on"]) == (report.year, report.published_on)
        assert row["portal"] == "sample_portal_cms"
    lists = list(db.query("select url from documents where role = 'list'"))
    assert len(lists) == math.ceil(len(DISTRICT_CMS_REPORTS) / CMS_PAGE_SIZE)
    attachments = list(db.query("select * from documents where role = 'attachment'"))
    expected = [r for r in DISTRICT_CMS_REPORTS if r.attachment_path]
    assert [a["url"] for a in attachments] == [base + r.attachment_path.lstrip("/") for r in expected if r.attachment_path]
    pdf = attachments[0]
    assert pdf["content_type"] == "application/pdf" and pdf["parent_url"] == base + expected[0].path.lstrip("/")
    assert pdf["report_year"] == expected[0].year
    stored = BlobStore(Layout(tmp_path).blobs_dir).get(pdf["sha256"])
    assert stored == (SITE_DIR / str(expected[0].attachment_path).lstrip("/")).read_bytes()
