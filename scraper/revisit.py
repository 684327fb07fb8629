"""Downloader middleware for re-crawls: conditional requests, and replay of what a resumed run already fetched."""

from __future__ import annotations

import json
import logging
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.responsetypes import responsetypes
from scrapy.statscollectors import StatsCollector
from scrapy.utils.request import RequestFingerprinterProtocol

from scraper.archiving import RENDERING, REPLAYED, REVALIDATING
from scraper.context import CrawlContext

logger = logging.getLogger(__name__)

# The blob holds the decoded document, so headers describing the wire form must go.
WIRE_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}
NOT_MODIFIED = "nianbao-not-modified"


class RevisitMiddleware:
    """Priority 945, just inside the archive: the conditional headers it adds are archived with
    the request, and the 304s it turns back into the held page were archived as 304s."""

    def __init__(self, context: CrawlContext, stats: StatsCollector,
                 fingerprinter: RequestFingerprinterProtocol) -> None:
        self.context = context
        self.stats = stats
        self.fingerprinter = fingerprinter

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RevisitMiddleware:
        assert crawler.stats is not None and crawler.request_fingerprinter is not None
        return cls(CrawlContext.of(crawler), crawler.stats, crawler.request_fingerprinter)

    def process_request(self, request: Request) -> Response | None:
        if RENDERING in request.meta:
            # The browser renders a response already archived (and revalidated) in this run.
            return None
        fingerprint = self.fingerprinter.fingerprint(request).hex()
        done = self.fetched_this_run(fingerprint)
        if done is not None:
            # A resumed run: this exchange is archived already; answer from the archive.
            self.stats.inc_value("nianbao/fetches/replayed")
            status = 200 if done["status"] == 304 else done["status"]
            return self.rebuild(request, done, status, json.loads(done["headers"] or "{}"), [REPLAYED])
        if request.method == "GET" and not request.meta.get("nianbao_unconditional"):
            self.make_conditional(request)
        return None

    def process_response(self, request: Request, response: Response) -> Response:
        held = request.meta.get(REVALIDATING)
        if response.status != 304 or not held or REPLAYED in response.flags:
            return response
        self.stats.inc_value("nianbao/revisit/not_modified")
        headers = {**json.loads(held["headers"] or "{}"), **dict(response.headers.to_unicode_dict())}
        row = {"sha256": held["sha256"], "content_type": held["content_type"], "final_url": response.url}
        return self.rebuild(request, row, 200, headers, [REPLAYED, NOT_MODIFIED], response)

    def fetched_this_run(self, fingerprint: str) -> dict[str, Any] | None:
        rows = self.context.catalog.query(
            "select * from fetches where run_id = ? and request_fingerprint = ? and status between 200 and 399 "
            "and rendered_by is null order by id desc limit 1",
            [self.context.run.run_id, fingerprint],
        )
        return next(iter(rows), None)

    def make_conditional(self, request: Request) -> None:
        rows = self.context.catalog.query(
            "select sha256, normalised_sha256, content_type, headers from fetches "
            "where final_url = ? and status in (200, 304) and method = 'GET' and rendered_by is null "
            "order by id desc limit 1",
            [request.url],
        )
        held = next(iter(rows), None)
        if held is None or held["sha256"] not in self.context.blobs:
            return
        headers = {k.lower(): v for k, v in json.loads(held["headers"] or "{}").items()}
        if etag := headers.get("etag"):
            request.headers[b"If-None-Match"] = etag
        if modified := headers.get("last-modified"):
            request.headers[b"If-Modified-Since"] = modified
        if etag or modified:
            request.meta[REVALIDATING] = held
            self.stats.inc_value("nianbao/revisit/conditional")

    def rebuild(self, request: Request, row: dict[str, Any], status: int, headers: dict[str, str],
                flags: list[str], wire: Response | None = None) -> Response:
        body = self.context.blobs.get(row["sha256"]) if row["sha256"] else b""
        kept = {k: v for k, v in headers.items() if k.lower() not in WIRE_HEADERS}
        if row.get("content_type"):
            kept = {k: v for k, v in kept.items() if k.lower() != "content-type"}
            kept["Content-Type"] = row["content_type"]
        url = row.get("final_url") or request.url
        cls = responsetypes.from_args(headers={k.encode(): v.encode("latin-1", "replace") for k, v in kept.items()},
                                      url=url, body=body)
        return cls(url=url, status=status, headers=kept, body=body, flags=flags, request=request,
                   ip_address=wire.ip_address if wire else None, protocol=wire.protocol if wire else None)
