"""The rendering fallback: script shells read through Debian's Chromium (scrapy-playwright).

A page that asks for rendering is first fetched like any other request (robots.txt, the
portal's delay, the archive, the challenge check). Only an archived 200 HTML answer is then
handed to the browser, which is served those archived bytes for the page itself, so what is
rendered is exactly what was archived; the page's own requests go to the portal's registered
hosts, one at a time, and are archived too. Images, fonts and media are never fetched.
scrapy-playwright is imported only by crawls that render: its download handler passes every
request without `meta["playwright"]` to Scrapy's own HTTP handler.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from protego import Protego
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Headers, Response
from scrapy.settings import BaseSettings

from archive.blobs import sha256_hex
from scraper.archiving import ARCHIVED, RENDERING, ArchiveMiddleware, decoded_body, header
from scraper.blocking import challenge_reason
from scraper.netguard import AddressPolicy
from scraper.registry import Portal

if TYPE_CHECKING:
    from playwright.async_api import Page, Route
    from playwright.async_api import Request as BrowserRequest

logger = logging.getLogger(__name__)

# Request meta a spider sets: render this page's HTML, letting the browser reach these hosts.
RENDER = "nianbao_render"
RENDER_HOSTS = "nianbao_render_hosts"
HANDLER = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"
CHROMIUM = os.environ.get("NIANBAO_CHROMIUM", "/usr/bin/chromium")
# No sandbox: the crawler often runs as root in a container, where Chromium's sandbox cannot start.
# Playwright's launch() already gives every browser a fresh temporary profile (user-data-dir).
CHROMIUM_ARGS = ("--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-dev-shm-usage")  # fmt: skip
BLOCKED_RESOURCES = frozenset({"image", "font", "media"})
SETTLE_MS = 15_000
# Wire-form headers that no longer describe a body the browser API hands back decoded.
WIRE_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding"})


def render_scope(portal: Portal) -> frozenset[str]:
    """Which pages of a portal are rendered: "list", "report" or both, by its registry protocols
    (or `options.render` for both). A challenged host is never rendered (portal-protocols.md
    §黄浦): the browser must not be used to answer a wall."""
    if portal.list_protocol == "challenge":
        return frozenset()
    scope = {"list", "report"} if portal.options.get("render") else set()
    if portal.list_protocol == "rendered":
        scope.add("list")
    if portal.detail_protocol == "rendered":
        scope.add("report")
    return frozenset(scope)


def enable_rendering(settings: BaseSettings, executable: str = CHROMIUM) -> None:
    """Install the Playwright handler for http(s), driving the browser at `executable`."""
    handlers = {**settings.getdict("DOWNLOAD_HANDLERS"), "http": HANDLER, "https": HANDLER}
    timeout_ms = settings.getfloat("DOWNLOAD_TIMEOUT", 60) * 1000
    launch = {"executable_path": settings.get("NIANBAO_CHROMIUM") or executable, "headless": True,
              "args": list(CHROMIUM_ARGS)}  # fmt: skip
    for name, value in {
        "DOWNLOAD_HANDLERS": handlers,
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": launch,
        # One page at a time: rendering is the slow path, and the host gets one request at a time anyway.
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": 1,
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": timeout_ms,
        "NIANBAO_RENDERING": True,
    }.items():
        settings.set(name, value, priority="spider")


async def settle(page: Page) -> None:
    """Script shells fill their rows from requests sent after `load`: wait for the network to go
    quiet, but not for ever (a page that polls still gets read)."""
    from playwright.async_api import TimeoutError as PlaywrightTimeout

    try:
        await page.wait_for_load_state("networkidle", timeout=SETTLE_MS)
    except PlaywrightTimeout:
        logger.info("%s: network still busy after %d ms; reading the page as it is", page.url, SETTLE_MS)


def render_meta(hosts: Iterable[str]) -> dict[str, Any]:
    return {RENDER: True, RENDER_HOSTS: sorted({h.lower() for h in hosts if h})}


def is_html(response: Response) -> bool:
    content_type = (header(response, b"Content-Type") or "").lower()
    return "html" in content_type or (not content_type and b"<html" in response.body[:2048].lower())


class RenderMiddleware:
    """Downloader middleware (priority 935, just inside the challenge check): turns an archived
    HTML answer to a request marked `nianbao_render` into a browser request for the same URL."""

    def __init__(self, crawler: Crawler) -> None:
        assert crawler.stats is not None
        self.crawler = crawler
        self.stats = crawler.stats
        self.enabled = crawler.settings.getbool("NIANBAO_RENDERING")
        self.user_agent = crawler.settings.get("USER_AGENT")
        self.obey_robots = crawler.settings.getbool("ROBOTSTXT_OBEY")
        self.archiver: ArchiveMiddleware | None = None
        self.locks: dict[str, asyncio.Lock] = {}
        self.robots: dict[str, Protego | None] = {}
        self.guard = AddressPolicy.from_settings(crawler.settings)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RenderMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if not request.meta.get(RENDER) or RENDERING in request.meta:
            return response
        if response.status != 200 or not is_html(response):
            return response
        if not self.enabled:
            self.stats.inc_value("nianbao/render/not_enabled")
            logger.warning("%s asks for rendering but this crawl has no browser (NIANBAO_RENDER)", request.url)
            return response
        body = decoded_body(response, self.crawler.settings.getint("DOWNLOAD_MAXSIZE"))
        archived = request.meta.get(ARCHIVED) or {}
        source = {
            "sha256": sha256_hex(body), "url": response.url, "record_id": archived.get("record_id"),
            "fetch_id": archived.get("fetch_id") or self.held_fetch(response.url, sha256_hex(body)),
            "content_type": header(response, b"Content-Type") or "text/html",
        }  # fmt: skip
        from scrapy_playwright.page import PageMethod

        self.stats.inc_value("nianbao/render/requested")
        meta = {**request.meta, RENDERING: source, "playwright": True,
                "playwright_page_init_callback": self.prepare_page,
                "playwright_page_methods": [PageMethod(settle)]}  # fmt: skip
        meta.pop(ARCHIVED, None)
        return request.replace(url=response.url, meta=meta, dont_filter=True)

    def held_fetch(self, url: str, sha256: str) -> int | None:
        """The archived fetch a replayed response came from (a resumed run, a 304)."""
        rows = self.context().catalog.query(
            "select id from fetches where final_url = ? and sha256 = ? and rendered_by is null order by id desc limit 1",
            [url, sha256])  # fmt: skip
        row = next(iter(rows), None)
        return int(row["id"]) if row else None

    def context(self) -> Any:
        return self.archive().context

    def archive(self) -> ArchiveMiddleware:
        if self.archiver is None:
            self.archiver = ArchiveMiddleware.from_crawler(self.crawler)
        return self.archiver

    async def prepare_page(self, page: Page, request: Request) -> None:
        """scrapy-playwright's page-init hook: route every request of the page through us."""
        source = request.meta[RENDERING]
        browser = page.context.browser
        source["renderer"] = f"chromium {browser.version}" if browser else "chromium"
        body = self.context().blobs.get(source["sha256"])
        hosts = frozenset(request.meta.get(RENDER_HOSTS) or [urlsplit(request.url).hostname or ""])
        served = False

        async def route(route: Route, wanted: BrowserRequest) -> None:
            nonlocal served
            if not served and wanted.is_navigation_request() and wanted.frame.parent_frame is None:
                served = True
                await route.fulfill(status=200, headers={"Content-Type": source["content_type"]}, body=body)
            elif wanted.resource_type in BLOCKED_RESOURCES or "favicon" in urlsplit(wanted.url).path:
                self.stats.inc_value(f"nianbao/render/blocked/{wanted.resource_type}")
                await route.abort()
            elif (urlsplit(wanted.url).hostname or "").lower() not in hosts:
                self.stats.inc_value("nianbao/render/offsite")
                await route.abort()
            elif not self.robots_allow(wanted.url):
                self.stats.inc_value("nianbao/render/robots_forbidden")
                await route.abort()
            elif await self.address_refusal(wanted.url):
                await route.abort()
            else:
                await self.fetch_for_browser(route, wanted)

        await page.route("**", route)

    async def address_refusal(self, url: str) -> str | None:
        """The network guard's verdict on one of the page's own requests (netguard.AddressPolicy):
        the browser resolves names itself, so its requests are checked like Scrapy's."""
        reason = await asyncio.to_thread(self.guard.refusal, url)
        if reason is not None:
            self.stats.inc_value("nianbao/render/refused")
            logger.warning("rendering: refused %s: %s", url, reason)
        return reason

    def robots_allow(self, url: str) -> bool:
        """robots.txt for the page's own requests, read from the copy this crawl archived (the
        page's host was checked by Scrapy's robots.txt middleware before the page was fetched)."""
        if not self.obey_robots:
            return True
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self.robots:
            rows = self.context().catalog.query(
                "select sha256 from fetches where url = ? and status = 200 order by id desc limit 1", [origin + "/robots.txt"])
            row = next(iter(rows), None)
            body = self.context().blobs.get(row["sha256"]) if row else None
            self.robots[origin] = Protego.parse(body.decode("utf-8", "replace")) if body else None
        parser = self.robots[origin]
        return parser is None or bool(parser.can_fetch(url, self.user_agent))

    async def fetch_for_browser(self, route: Route, wanted: BrowserRequest) -> None:
        """One of the page's own requests, sent one at a time per host and archived like any other."""
        from playwright.async_api import Error as PlaywrightError

        host = urlsplit(wanted.url).netloc
        async with self.locks.setdefault(host, asyncio.Lock()):
            headers_sent = {**await wanted.all_headers(), "user-agent": self.user_agent}
            try:
                # Redirects come back to the page, whose next request passes the guard again.
                answer = await route.fetch(headers=headers_sent, max_redirects=0)
                body = await answer.body()
            except PlaywrightError as exc:
                self.stats.inc_value("nianbao/render/subrequest_failed")
                logger.warning("rendering: %s %s failed: %s", wanted.method, wanted.url, exc)
                await route.abort()
                return
            # The body comes back with its content coding undone: the archived headers say so.
            headers = Headers()
            for pair in answer.headers_array:
                if pair["name"].lower() not in WIRE_HEADERS:
                    headers.appendlist(pair["name"], pair["value"])
            sent = Request(wanted.url, method=wanted.method, headers=headers_sent, body=wanted.post_data_buffer or b"")
            received = Response(answer.url, status=answer.status, headers=headers, body=body, request=sent)
            self.archive().process_response(sent, received)
            self.stats.inc_value("nianbao/render/subrequests")
        reason = challenge_reason(answer.status, dict(headers.items()), body)
        if reason:
            # Archived as evidence, never handed to the page: the browser does not answer a wall.
            self.stats.inc_value("nianbao/render/subrequest_challenge")
            logger.warning("rendering: %s is a challenge (%s); not passed to the page", wanted.url, reason)
            await route.abort()
            return
        kept = {k: v for k, v in answer.headers.items() if k.lower() not in WIRE_HEADERS}
        await route.fulfill(status=answer.status, headers=kept, body=body)
