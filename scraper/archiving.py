"""Downloader middleware that stores every HTTP exchange: WARC records, the body as a blob, a `fetches` row."""

from __future__ import annotations

import logging
import zlib
from datetime import UTC, datetime
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector
from scrapy.utils.request import RequestFingerprinterProtocol

from archive.blobs import sha256_hex
from archive.catalog import record_fetch
from scraper.context import CrawlContext
from scraper.versions import normalised_sha256
from scraper.warc import conversion_bytes, exchange_records

logger = logging.getLogger(__name__)

# Flag on responses rebuilt from the archive (a 304 answered from the held copy, or a resumed
# run replaying what it already fetched): nothing new came over the wire, so nothing is stored.
REPLAYED = "nianbao-replayed"
# Request meta set by the revisit middleware: the held copy a conditional request revalidates.
REVALIDATING = "nianbao_revalidating"
# Request meta set by the archive: the catalogue row and WARC record of the exchange it stored.
ARCHIVED = "nianbao_archived"
# Request meta of a browser rendering (scraper.protocols.rendered): the archived response it
# renders. Its answer is the DOM Chromium built, stored as a WARC conversion record.
RENDERING = "nianbao_rendering"


class UndecodableBody(ValueError):
    """The response used a content coding the archive cannot undo."""


def decoded_body(response: Response, max_size: int) -> bytes:
    """The document bytes: the wire body with its Content-Encoding undone (we only ask for gzip/deflate)."""
    coding = (response.headers.get(b"Content-Encoding") or b"").decode("latin-1").strip().lower()
    body = response.body
    if coding in ("", "identity") or not body:
        return body
    if coding in ("gzip", "x-gzip"):
        return _inflate(zlib.decompressobj(16 + zlib.MAX_WBITS), body, max_size, coding)
    if coding == "deflate":
        # Servers disagree on whether deflate means zlib-wrapped or raw; try both.
        try:
            return _inflate(zlib.decompressobj(), body, max_size, coding)
        except UndecodableBody:
            return _inflate(zlib.decompressobj(-zlib.MAX_WBITS), body, max_size, coding)
    raise UndecodableBody(coding)


def _inflate(inflater: Any, body: bytes, max_size: int, coding: str) -> bytes:
    try:
        data: bytes = inflater.decompress(body, max_size + 1)
    except zlib.error as exc:
        raise UndecodableBody(f"{coding}: {exc}") from exc
    if len(data) > max_size:
        raise UndecodableBody(f"decoded body larger than {max_size} bytes")
    return data


def header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


class ArchiveMiddleware:
    """Sits next to the downloader (priority 950) so it sees each exchange as it came over the wire:
    redirects, errors and robots.txt included, bodies still content-encoded for the WARC."""

    def __init__(self, context: CrawlContext, stats: StatsCollector, fingerprinter: RequestFingerprinterProtocol,
                 max_size: int) -> None:
        self.context = context
        self.stats = stats
        self.fingerprinter = fingerprinter
        self.max_size = max_size

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchiveMiddleware:
        assert crawler.stats is not None and crawler.request_fingerprinter is not None
        return cls(CrawlContext.of(crawler), crawler.stats, crawler.request_fingerprinter,
                   crawler.settings.getint("DOWNLOAD_MAXSIZE"))

    def process_response(self, request: Request, response: Response) -> Response:
        if REPLAYED in response.flags:
            return response
        if RENDERING in request.meta:
            self.store_rendering(request, response)
            return response
        moment = datetime.now(UTC)
        held = request.meta.get(REVALIDATING) if response.status == 304 else None
        if held:
            # A 304 confirms the held copy: the row names that copy, the WARC keeps the empty answer.
            sha256, normalised, content_type, size = (held["sha256"], held["normalised_sha256"],
                                                      held["content_type"], 0)
        else:
            body = self.document_bytes(response)
            sha256, content_type, size = sha256_hex(body), header(response, b"Content-Type"), len(body)
            normalised = normalised_sha256(body, content_type)
            if sha256 not in self.context.blobs:
                self.context.blobs.put(body)
                self.stats.inc_value("nianbao/blobs/new")
        ip = str(response.ip_address) if response.ip_address else None
        # Order matters for crash safety: blob, then WARC (fsynced), then the catalogue row that
        # points at both; a resumed run cuts WARC records no row points at.
        record, record_id = exchange_records(request, response, moment, ip)
        location = self.context.warc.write(record)
        redirects = request.meta.get("redirect_urls") or [request.url]
        fetch_id = record_fetch(self.context.catalog, {
            "url": redirects[0],
            "final_url": response.url,
            "portal": self.context.portal,
            "status": response.status,
            "content_type": content_type,
            "headers": dict(response.headers.to_unicode_dict()),
            "fetched_at": moment.isoformat(timespec="seconds").replace("+00:00", "Z"),
            "ip": ip,
            "size": size,
            "sha256": sha256,
            "normalised_sha256": normalised,
            "run_id": self.context.run.run_id,
            "spider": self.context.spider,
            "method": request.method,
            "request_fingerprint": self.fingerprinter.fingerprint(request).hex(),
            "warc_file": location.file,
            "warc_offset": location.offset,
            "warc_length": location.length,
        })
        request.meta[ARCHIVED] = {"fetch_id": fetch_id, "record_id": record_id, "sha256": sha256}
        self.stats.inc_value("nianbao/fetches/stored")
        self.stats.inc_value(f"nianbao/fetches/status/{response.status}")
        return response

    def store_rendering(self, request: Request, response: Response) -> None:
        """The DOM a browser built: a blob like any body, a WARC conversion record pointing at
        the response it was built from, and a fetches row marked `rendered_by`."""
        source = request.meta[RENDERING]
        moment = datetime.now(UTC)
        body = response.body
        sha256, content_type = sha256_hex(body), header(response, b"Content-Type") or "text/html"
        if sha256 not in self.context.blobs:
            self.context.blobs.put(body)
            self.stats.inc_value("nianbao/blobs/new")
        renderer = str(source.get("renderer") or "chromium")
        location = self.context.warc.write(conversion_bytes(response.url, body, content_type, moment,
                                                            source.get("record_id"), renderer))
        record_fetch(self.context.catalog, {
            "url": request.url, "final_url": response.url, "portal": self.context.portal, "status": response.status,
            "content_type": content_type, "headers": dict(response.headers.to_unicode_dict()),
            "fetched_at": moment.isoformat(timespec="seconds").replace("+00:00", "Z"), "size": len(body),
            "sha256": sha256, "normalised_sha256": normalised_sha256(body, content_type),
            "run_id": self.context.run.run_id, "spider": self.context.spider, "method": request.method,
            "request_fingerprint": self.fingerprinter.fingerprint(request).hex(), "warc_file": location.file,
            "warc_offset": location.offset, "warc_length": location.length,
            "rendered_by": renderer, "rendered_from": source.get("fetch_id"),
        })  # fmt: skip
        self.stats.inc_value("nianbao/render/stored")

    def document_bytes(self, response: Response) -> bytes:
        try:
            return decoded_body(response, self.max_size)
        except UndecodableBody as exc:
            # Keep the wire bytes rather than lose the exchange; the headers say which coding.
            logger.warning("storing %s undecoded: %s", response.url, exc)
            self.stats.inc_value("nianbao/fetches/undecoded")
            return response.body
