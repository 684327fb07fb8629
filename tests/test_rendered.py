"""The rendering fallback with the real Chromium: a script-only column read through the browser,
archived twice (the wire response and the DOM built from it), and a challenge never rendered."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from scrapy.settings import Settings
from warcio.archiveiterator import ArchiveIterator

from archive.layout import Layout
from pipeline.runner import build
from scraper.protocols.rendered import CHROMIUM, HANDLER, render_scope
from scraper.registry import Host, Portal
from scraper.spiders.generic import GenericSpider
from scraper.spiders.sh_putuo import ShPutuoSpider
from tests.portal_site import FixtureSite
from tests.scraper_harness import crawl_env, warcio_check

REPO = Path(__file__).resolve().parents[1]
SITES = REPO / "tests" / "fixtures" / "sites"
SHELL = "/xxgk/zfgknb/index.html"
REPORTS = {"/xxgk/zfgknb/2025/20/30115.html", "/xxgk/zfgknb/2022/20/21877.html"}
needs_chromium = pytest.mark.skipif(shutil.which(CHROMIUM) is None,
                                    reason=f"{CHROMIUM} is absent: install Debian's chromium (`make system`)")


def crawl(data: Path, start_url: str, *settings: str) -> dict[str, object]:
    stats = data / "stats.json"
    command = [sys.executable, "-m", "scraper.crawl", "generic", "--data", str(data), "-a", f"start_url={start_url}",
               "-a", "portal=xx_vue", "--stats-file", str(stats), *(x for s in settings for x in ("-s", s))]
    done = subprocess.run(command, cwd=REPO, env=crawl_env(), capture_output=True, text=True, timeout=120, check=False)
    assert stats.exists(), done.stderr[-3000:]
    return dict(json.loads(stats.read_text()))


def portal(list_protocol: str = "static", detail_protocol: str = "static", **options: object) -> Portal:
    return Portal("xx", "x", "", "district", "generic", ("http://x.gov.cn/",), (Host("x.gov.cn"),), "",
                  list_protocol=list_protocol, detail_protocol=detail_protocol, options=options)  # fmt: skip


def test_only_portals_that_ask_are_rendered_and_never_a_challenged_one() -> None:
    assert render_scope(portal()) == frozenset()
    assert render_scope(portal(render=True)) == {"list", "report"}
    assert render_scope(portal(list_protocol="rendered")) == {"list"}
    assert render_scope(portal(detail_protocol="rendered")) == {"report"}
    assert render_scope(portal(list_protocol="challenge", render=True)) == frozenset()


def test_the_browser_handler_is_installed_only_for_crawls_that_render() -> None:
    plain, forced = Settings(), Settings({"NIANBAO_RENDER": True})
    ShPutuoSpider.update_settings(plain)
    GenericSpider.update_settings(forced)
    assert HANDLER not in plain.getdict("DOWNLOAD_HANDLERS").values() and not plain.getbool("NIANBAO_RENDERING")
    assert forced.getdict("DOWNLOAD_HANDLERS") == {"http": HANDLER, "https": HANDLER}
    launch = forced.getdict("PLAYWRIGHT_LAUNCH_OPTIONS")
    assert launch["executable_path"] == CHROMIUM and launch["headless"] and "--no-sandbox" in launch["args"]


def test_crawl_code_does_not_import_the_browser_stack() -> None:
    code = ("import sys, scraper.settings, scraper.spiders.generic, scraper.spiders.sh_putuo, scraper.probe; "
            "print(sorted(m for m in sys.modules if 'playwright' in m))")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_without_rendering_the_shell_has_no_rows(tmp_path: Path) -> None:
    with FixtureSite(SITES / "vue_shell" / "site") as site:
        stats = crawl(tmp_path, site.base + SHELL)
    assert stats["finish_reason"] == "finished"
    assert not stats.get("nianbao/documents/found/report")
    assert not [k for k in stats if k.startswith("playwright/")], "a crawl that does not render started the browser"


@needs_chromium
def test_a_script_shell_is_read_through_chromium_and_both_forms_are_archived(tmp_path: Path) -> None:
    with FixtureSite(SITES / "vue_shell" / "site") as site:
        stats = crawl(tmp_path, site.base + SHELL, "NIANBAO_RENDER=1")
        requested = [seen.path for seen in site.requests]
    assert stats["finish_reason"] == "finished" and not stats.get("log_count/ERROR")
    # The page's own request to the list API went out (once, through us); images, fonts and
    # the off-site script never did, and the shell itself was fetched once, by Scrapy.
    assert requested.count("/api/column/rows") == 1 and requested.count(SHELL) == 1
    assert not [p for p in requested if p.startswith(("/images/", "/fonts/", "/favicon", "/private/"))]
    assert stats["nianbao/render/offsite"] == 1 and stats["nianbao/render/blocked/font"] == 1
    assert stats["nianbao/render/robots_forbidden"] == 1

    layout = Layout(tmp_path)
    con = sqlite3.connect(layout.catalog_path)
    con.row_factory = sqlite3.Row
    reports = {r["url"].removeprefix(site.base): r for r in con.execute("select * from documents where role = 'report'")}
    assert set(reports) == REPORTS
    assert {r["report_year"] for r in reports.values()} == {2021, 2024}
    rendered = {r["final_url"].removeprefix(site.base): r for r in con.execute("select * from fetches where rendered_by is not null")}
    assert set(rendered) == REPORTS | {SHELL}
    for path, row in rendered.items():
        assert row["rendered_by"].startswith("chromium ")
        source = con.execute("select * from fetches where id = ?", [row["rendered_from"]]).fetchone()
        assert source["final_url"] == row["final_url"] and source["rendered_by"] is None
        assert source["sha256"] != row["sha256"]
    # The catalogued report is the DOM the selectors read; the shell's DOM holds the rows.
    assert all(reports[p]["sha256"] == rendered[p]["sha256"] for p in REPORTS)
    shell_dom = (layout.blobs_dir / rendered[SHELL]["sha256"][:2] / rendered[SHELL]["sha256"][2:4] / rendered[SHELL]["sha256"]).read_bytes()
    assert b'href="/xxgk/zfgknb/2022/20/21877.html"' in shell_dom
    api = con.execute("select * from fetches where url like '%/api/column/rows'").fetchone()
    assert api["method"] == "POST" and api["status"] == 200

    files = sorted(layout.warc_dir.glob("*.warc.gz"))
    assert warcio_check(files) == 0
    responses, conversions, agents = {}, [], {}
    for path in files:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                kind, headers = record.rec_type, record.rec_headers
                if kind == "request":
                    agents[headers.get_header("WARC-Target-URI")] = record.http_headers.get_header("User-Agent")
                if kind == "response":
                    responses[headers.get_header("WARC-Record-ID")] = headers.get_header("WARC-Target-URI")
                elif kind == "conversion":
                    conversions.append((headers.get_header("WARC-Target-URI"), headers.get_header("WARC-Refers-To"),
                                        headers.get_header("Nianbao-Rendered-By")))
    # The browser's own request carries the crawl's honest User-Agent, as Scrapy's do.
    assert agents[site.base + "/api/column/rows"].startswith("nianbao/")
    assert agents[site.base + SHELL].startswith("nianbao/")
    assert len(conversions) == 3
    for uri, refers_to, renderer in conversions:
        assert responses[refers_to] == uri and renderer.startswith("chromium ")

    # The published database says which pages a browser built, as the catalogue does.
    build(layout)
    published = sqlite3.connect(layout.db_path).execute("select id, rendered_by, rendered_from from fetches order by id")
    assert published.fetchall() == [tuple(r) for r in con.execute("select id, rendered_by, rendered_from from fetches order by id")]


@needs_chromium
def test_a_challenge_is_recorded_blocked_and_never_rendered(tmp_path: Path) -> None:
    wall = {"/zw/govopen/index.html": (412, {"Set-Cookie": "FSSBBIl1UgzbN7NO=5Xq; Path=/"})}
    with FixtureSite(SITES / "challenge" / "site", statuses=wall) as site:
        stats = crawl(tmp_path, site.base + "/zw/govopen/index.html", "NIANBAO_RENDER=1")
    assert stats["finish_reason"] == "finished"
    assert any(k.startswith("nianbao/blocked/127.0.0.1") for k in stats)
    assert not stats.get("nianbao/render/requested") and not stats.get("playwright/page_count")
    con = sqlite3.connect(Layout(tmp_path).catalog_path)
    assert con.execute("select count(*) from crawl_log where event = 'blocked'").fetchone()[0] == 1
    assert con.execute("select count(*) from fetches where rendered_by is not null").fetchone()[0] == 0


async def test_the_browsers_own_requests_pass_the_network_guard() -> None:
    """The browser resolves names itself: each of its requests gets the guard's verdict, on every
    address the host resolves to (here a name that answers a private address among public ones)."""
    from scrapy.utils.test import get_crawler

    from scraper.netguard import AddressPolicy
    from scraper.protocols.rendered import RenderMiddleware

    crawler = get_crawler(settings_dict={"NIANBAO_ALLOW_PRIVATE": "127.0.0.1"})
    middleware = RenderMiddleware(crawler)
    assert await middleware.address_refusal("http://127.0.0.1:8080/api/rows") is None
    assert "loopback" in (await middleware.address_refusal("http://127.0.0.2:8080/api/rows") or "")
    answers = {"portal.example.gov.cn": ("202.96.209.5", "10.0.0.5")}
    middleware.guard = AddressPolicy(resolve=lambda host: answers[host])
    assert "10.0.0.5" in (await middleware.address_refusal("http://portal.example.gov.cn/api/rows") or "")
    assert crawler.stats.get_value("nianbao/render/refused") == 2
