"""Re-crawls: conditional requests, paging that stops at known reports, versions decided on the normalised hash."""

from __future__ import annotations

from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from scraper.sample_portal.build import CSRF_TOKEN, RENDERED_AT
from scraper.sample_portal.reports import REPORTS, by_publication
from scraper.sample_portal import serve_sample_portal
from tests.scraper_harness import LIST_PATH, catalog, copy_site, count, run_crawl, warc_files

NEWEST = by_publication(REPORTS)[0]


def documents(data: Path) -> list[dict[str, object]]:
    return list(catalog(data).query("select sha256, url, role, first_seen_at, previous_sha256 from documents "
                                    "order by sha256"))


def last_run(data: Path) -> str:
    return str(next(iter(catalog(data).query("select max(run_id) r from fetches")))["r"])


def test_unchanged_portal_second_crawl_is_conditional_and_stores_nothing(tmp_path: Path) -> None:
    with serve_sample_portal() as base:
        assert run_crawl(tmp_path / "data", base + LIST_PATH).returncode == 0
        before = documents(tmp_path / "data")
        blobs_before = sorted((tmp_path / "data" / "archive" / "blobs").rglob("*"))
        second = run_crawl(tmp_path / "data", base + LIST_PATH)
    data = tmp_path / "data"
    assert second.returncode == 0, second.stderr
    assert documents(data) == before
    assert sorted((data / "archive" / "blobs").rglob("*")) == blobs_before
    db = catalog(data)
    run = last_run(data)
    statuses = {r["status"] for r in db.query("select status from fetches where run_id = ?", [run])}
    assert statuses == {304}
    # Only the first list page: all its reports were archived before, so paging stopped there.
    assert count(db, "select count(*) n from fetches where run_id = ? and url like '%infoDirectory%'", [run]) == 1
    with warc_files(data)[-1].open("rb") as f:
        sent = [r.http_headers for r in ArchiveIterator(f) if r.rec_type == "request"]
    assert sent and all(h.get_header("If-None-Match") and h.get_header("If-Modified-Since") for h in sent)


def test_full_recrawl_pages_through_everything_without_new_documents(tmp_path: Path) -> None:
    with serve_sample_portal() as base:
        assert run_crawl(tmp_path, base + LIST_PATH).returncode == 0
        before = documents(tmp_path)
        assert run_crawl(tmp_path, base + LIST_PATH, "-a", "full=1").returncode == 0
    db = catalog(tmp_path)
    assert documents(tmp_path) == before
    run = last_run(tmp_path)
    assert count(db, "select count(*) n from fetches where run_id = ? and status = 304", [run]) == len(before) + 1


def test_changed_report_becomes_exactly_one_new_version(tmp_path: Path) -> None:
    site = copy_site(tmp_path / "site")
    page = site / "article" / f"{NEWEST.infoid}.html"
    with serve_sample_portal(root=site) as base:
        assert run_crawl(tmp_path / "data", base + LIST_PATH).returncode == 0
        before = {d["sha256"]: d for d in documents(tmp_path / "data")}
        page.write_text(page.read_text(encoding="utf-8").replace("148条", "149条"), encoding="utf-8")
        assert run_crawl(tmp_path / "data", base + LIST_PATH).returncode == 0
    after = {d["sha256"]: d for d in documents(tmp_path / "data")}
    new = [d for sha, d in after.items() if sha not in before]
    assert len(new) == 1
    assert new[0]["url"] == f"{base}article.html?infoid={NEWEST.infoid}"
    assert before[str(new[0]["previous_sha256"])]["url"] == new[0]["url"]
    assert set(before) <= set(after)


def test_only_volatile_bits_changed_is_not_a_new_version(tmp_path: Path) -> None:
    site = copy_site(tmp_path / "site")
    page = site / "article" / f"{NEWEST.infoid}.html"
    with serve_sample_portal(root=site) as base:
        assert run_crawl(tmp_path / "data", base + LIST_PATH).returncode == 0
        before = documents(tmp_path / "data")
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace(RENDERED_AT, "2025-03-04 11:22:33").replace(CSRF_TOKEN, "9d8c7b6a5f"),
                        encoding="utf-8")
        second = run_crawl(tmp_path / "data", base + LIST_PATH)
    assert second.returncode == 0
    assert documents(tmp_path / "data") == before
    db = catalog(tmp_path / "data")
    # The changed bytes are still archived as fetched, unedited; they are just not a new version.
    changed = next(iter(db.query("select sha256 from fetches where run_id = ? and status = 200 and url like ?",
                                 [last_run(tmp_path / "data"), f"%{NEWEST.infoid}"])))
    assert changed["sha256"] not in {d["sha256"] for d in before}
