"""Anti-bot walls: detected, the host logged as blocked and stopped, the challenge never attempted."""

from __future__ import annotations

from pathlib import Path

import pytest

from scraper.blocking import challenge_reason, is_script_only
from scraper.sample_portal import SITE_DIR, serve_sample_portal
from scraper.sample_portal.server import CHALLENGE_BODY
from tests.scraper_harness import LIST_PATH, catalog, count, run_crawl


@pytest.mark.parametrize("status", [412, 521])
def test_challenge_status_marks_the_host_blocked_and_stops_it(tmp_path: Path, status: int) -> None:
    with serve_sample_portal(challenge=status) as base:
        result = run_crawl(tmp_path, base + LIST_PATH)
    host = base.split("/")[2]
    assert result.returncode == 0, result.stderr
    assert f"blocked hosts: {host}" in result.stdout
    db = catalog(tmp_path)
    events = list(db.query("select host, status, detail from crawl_log where event = 'blocked'"))
    assert [(e["host"], e["status"]) for e in events] == [(host, status)]
    # The wall itself is archived as evidence; nothing after it was requested.
    assert count(db, "select count(*) n from fetches where status = ?", [status]) == 1
    assert count(db, "select count(*) n from documents") == 0


def test_a_portal_that_answers_normally_is_not_blocked(tmp_path: Path) -> None:
    with serve_sample_portal() as base:
        assert run_crawl(tmp_path, base + LIST_PATH).returncode == 0
    assert count(catalog(tmp_path), "select count(*) n from crawl_log where event = 'blocked'") == 0


def test_script_only_page_in_place_of_a_report_is_a_challenge() -> None:
    assert is_script_only(CHALLENGE_BODY)
    assert challenge_reason(200, {}, CHALLENGE_BODY) == "HTTP 200 page holding only script"


@pytest.mark.parametrize("page", sorted(SITE_DIR.rglob("*.html")), ids=lambda p: p.name)
def test_real_pages_are_not_challenges(page: Path) -> None:
    assert challenge_reason(200, {b"Content-Type": [b"text/html"]}, page.read_bytes()) is None


def test_javascript_redirect_is_not_a_challenge() -> None:
    body = b'<html><head><script>window.location.href="/xxgk/index.html";</script></head><body></body></html>'
    assert challenge_reason(200, {}, body) is None


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({b"X-Via-JSL": [b"abc"]}, "Jiasule header X-Via-JSL"),
        ({b"Set-Cookie": [b"__jsluid_s=1234; path=/"]}, "anti-bot cookie"),
        ({b"Set-Cookie": [b"wzws_cid=abcd; path=/"]}, "anti-bot cookie"),
        ({b"Set-Cookie": [b"JSESSIONID=1234; path=/"]}, None),
    ],
)
def test_challenge_headers_and_cookies(headers: dict[bytes, list[bytes]], expected: str | None) -> None:
    assert challenge_reason(200, headers, b"<html><body><p>" + "正文".encode() * 20 + b"</p></body></html>") == expected
