"""Downloader middleware that stores every HTTP exchange: body in the blob store, a row in `fetches`."""

from __future__ import annotations

import gzip
import logging
import zlib
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector

from archive.blobs import sha256_hex
from archive.catalog import record_fetch, utc_now
from scraper.context import CrawlContext

logger = logging.getLogger(__name__)

REPLAYED = "nianbao-replayed"


class UndecodableBody(ValueError):
    """The response used a content coding the archive cannot undo."""


def decoded_body(response: Response, max_size: int) -> bytes:
    """The document bytes: the wire body with its Content-Encoding undone (we only ask for gzip/deflate)."""
    coding = (response.headers.get(b"Content-Encoding") or b"").decode("latin-1").strip().lower()
    body = response.body
    if coding in ("", "identity") or not body:
        return body
    if coding in ("gzip", "x-gzip"):
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    elif coding == "deflate":
        # Servers disagree on whether deflate means zlib-wrapped or raw; try both.
        try:
            return _inflate(zlib.decompressobj(), body, max_size)
        except zlib.error:
            inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    else:
        raise UndecodableBody(coding)
    try:
        return _inflate(inflater, body, max_size)
    except (zlib.error, gzip.BadGzipFile) as exc:
        raise UndecodableBody(f"{coding}: {exc}") from exc


def _inflate(inflater: Any, body: bytes, max_size: int) -> bytes:
    data: bytes = inflater.decompress(body, max_size + 1)
    if len(data) > max_size:
        raise UndecodableBody(f"decoded body larger than {max_size} bytes")
    return data


class ArchiveMiddleware:
    """Sits next to the downloader (priority 950) so it sees each exchange as it came over the wire."""

    def __init__(self, context: CrawlContext, stats: StatsCollector, max_size: int) -> None:
        self.context = context
        self.stats = stats
        self.max_size = max_size

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchiveMiddleware:
        assert crawler.stats is not None
        return cls(CrawlContext.of(crawler), crawler.stats, crawler.settings.getint("DOWNLOAD_MAXSIZE"))

    def process_response(self, request: Request, response: Response) -> Response:
        if REPLAYED in response.flags:
            return response
        try:
            body = decoded_body(response, self.max_size)
        except UndecodableBody as exc:
            # Keep the wire bytes rather than lose the exchange; the catalogue says which coding.
            logger.warning("storing %s undecoded: %s", response.url, exc)
            self.stats.inc_value("nianbao/fetches/undecoded")
            body = response.body
        sha256 = sha256_hex(body)
        if sha256 not in self.context.blobs:
            self.context.blobs.put(body)
            self.stats.inc_value("nianbao/blobs/new")
        record_fetch(self.context.catalog, self.fetch_row(request, response, body, sha256))
        self.stats.inc_value("nianbao/fetches/stored")
        self.stats.inc_value(f"nianbao/fetches/status/{response.status}")
        return response

    def fetch_row(self, request: Request, response: Response, body: bytes, sha256: str) -> dict[str, object]:
        content_type = response.headers.get(b"Content-Type")
        redirects = request.meta.get("redirect_urls") or [request.url]
        return {
            "url": redirects[0],
            "final_url": response.url,
            "portal": self.context.portal,
            "status": response.status,
            "content_type": content_type.decode("latin-1") if content_type else None,
            "headers": dict(response.headers.to_unicode_dict()),
            "fetched_at": utc_now(),
            "ip": str(response.ip_address) if response.ip_address else None,
            "size": len(body),
            "sha256": sha256,
        }
