"""Crawl the sample portal end to end through `python -m scraper.crawl`, then inspect the archive."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from archive.blobs import BlobStore, sha256_hex
from archive.layout import Layout
from scraper.sample_portal import serve_sample_portal
from scraper.sample_portal.reports import PAGE_SIZE, REPORTS
from tests.scraper_harness import LIST_PATH, catalog, run_crawl


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
        row = rows[f"{base}article.html?infoid={report.infoid}"]
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
    assert "new 0;" in second.stdout


def test_a_crawl_that_cannot_reach_its_portal_fails(tmp_path: Path) -> None:
    with serve_sample_portal() as base:
        pass  # the server is gone once the block ends
    result = run_crawl(tmp_path, base + LIST_PATH, "-s", "RETRY_TIMES=0")
    assert result.returncode != 0
