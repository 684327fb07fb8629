"""Anti-bot walls (Ruishu 412, Jiasule 521, script-only pages): the host is logged as blocked and left alone.

We never try to solve or get around a challenge (portals.md §6): the host is marked `blocked` in the
catalogue's crawl_log, its remaining requests are dropped, and the rest of the crawl goes on.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector

from archive.catalog import record_crawl_event
from scraper.archiving import RENDERING, REPLAYED, UndecodableBody, decoded_body
from scraper.context import CrawlContext

logger = logging.getLogger(__name__)

CHALLENGE_STATUSES = {412: "HTTP 412 challenge (Ruishu-style)", 521: "HTTP 521 challenge (Jiasule-style)"}
SCRIPT_PAGE_STATUSES = (200, 202, 403, 405)
SCRIPT_PAGE_MAX_BYTES = 16 * 1024
CHALLENGE_COOKIES = re.compile(rb"(?:^|[;,]\s*)(__jsluid\w*|__jsl_clearance\w*|wzws_cid)=", re.I)
_SCRIPT_OR_STYLE = re.compile(rb"<(script|style)\b.*?</\1\s*>", re.S | re.I)
_TAG = re.compile(rb"<[^>]*>")
_JS_REDIRECT = re.compile(rb"location(?:\.href)?\s*=|location\.replace\(", re.I)


def is_script_only(body: bytes) -> bool:
    """A small HTML page whose only content is script: what a challenge serves in place of the page."""
    if len(body) > SCRIPT_PAGE_MAX_BYTES or b"<script" not in body.lower():
        return False
    text = _TAG.sub(b"", _SCRIPT_OR_STYLE.sub(b"", body))
    visible = re.sub(rb"\s+|&nbsp;", b"", text)
    # A plain JavaScript redirect is a signpost, not a wall.
    return len(visible) < 20 and not _JS_REDIRECT.search(body)


def challenge_reason(status: int, headers: dict[bytes, list[bytes]], body: bytes) -> str | None:
    """Why this response is an anti-bot challenge, or None when it is not one."""
    if status in CHALLENGE_STATUSES:
        return CHALLENGE_STATUSES[status]
    lowered = {name.lower(): values for name, values in headers.items()}
    if b"x-via-jsl" in lowered:
        return "Jiasule header X-Via-JSL"
    if any(CHALLENGE_COOKIES.search(cookie) for cookie in lowered.get(b"set-cookie", [])):
        return "anti-bot cookie"
    if status in SCRIPT_PAGE_STATUSES and is_script_only(body):
        return f"HTTP {status} page holding only script"
    return None


class BlockedHostMiddleware:
    """Priority 940: sees a response right after it is archived (the wall is evidence too)."""

    def __init__(self, context: CrawlContext, stats: StatsCollector) -> None:
        self.context = context
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BlockedHostMiddleware:
        assert crawler.stats is not None
        return cls(CrawlContext.of(crawler), crawler.stats)

    def process_request(self, request: Request) -> None:
        host = urlsplit(request.url).netloc
        if host in self.context.blocked_hosts:
            self.stats.inc_value("nianbao/blocked_requests")
            raise IgnoreRequest(f"{host} is blocked by an anti-bot challenge; not retrying")

    def process_response(self, request: Request, response: Response) -> Response:
        # A rendering is judged by the wire response it was built from, which passed here already.
        if REPLAYED in response.flags or RENDERING in request.meta or request.meta.get("nianbao_script_page_ok"):
            return response
        try:
            body = decoded_body(response, 4 * SCRIPT_PAGE_MAX_BYTES)
        except UndecodableBody:
            body = response.body
        reason = challenge_reason(response.status, dict(response.headers.items()), body)
        if reason is None:
            return response
        host = urlsplit(request.url).netloc
        if host not in self.context.blocked_hosts:
            self.context.blocked_hosts.add(host)
            record_crawl_event(self.context.catalog, {
                "run_id": self.context.run.run_id, "spider": self.context.spider, "portal": self.context.portal,
                "event": "blocked", "host": host, "url": response.url, "status": response.status, "detail": reason,
            })
            self.stats.set_value(f"nianbao/blocked/{host}", reason)
            logger.warning("%s blocked (%s) at %s: host stopped, challenge not attempted", host, reason, response.url)
        raise IgnoreRequest(f"{host} blocked: {reason}")
