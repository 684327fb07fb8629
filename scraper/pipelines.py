"""Item pipeline: a spider's Discovery becomes a document (or a new sighting) in the catalogue."""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

from archive.catalog import record_crawl_event, record_version
from scraper.context import CrawlContext
from scraper.items import DerivedDocument, Discovery
from scraper.versions import normalised_sha256

logger = logging.getLogger(__name__)


class DocumentPipeline:
    def __init__(self, context: CrawlContext, stats: StatsCollector) -> None:
        self.context = context
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DocumentPipeline:
        assert crawler.stats is not None
        return cls(CrawlContext.of(crawler), crawler.stats)

    def process_item(self, item: object) -> object:
        if isinstance(item, DerivedDocument):
            self.store_derived(item)
            self.catalogue(item.record())
        elif isinstance(item, Discovery):
            self.catalogue(item)
        return item

    def catalogue(self, item: Discovery) -> None:
        if item.sha256 not in self.context.blobs:
            # A document must never be catalogued without its bytes; this means the archiving
            # middleware is not installed or did not see the response.
            self.stats.inc_value("nianbao/documents/unarchived")
            raise DropItem(f"{item.url}: body {item.sha256} is not in the blob store")
        outcome = record_version(self.context.catalog, item, self.normalised(item))
        self.stats.inc_value("nianbao/documents/found")
        self.stats.inc_value(f"nianbao/documents/found/{item.role}")
        self.stats.inc_value(f"nianbao/documents/{outcome}")
        if outcome in ("new", "version"):
            self.stats.inc_value("nianbao/documents/stored")
            logger.info("%s %s %s %s", outcome, item.role, item.sha256[:12], item.title or item.url)

    def store_derived(self, item: DerivedDocument) -> None:
        """The derived body becomes a blob like a fetched one; crawl_log says where it came from."""
        if item.sha256 not in self.context.blobs:
            self.context.blobs.put(item.body)
            self.stats.inc_value("nianbao/blobs/derived")
        record_crawl_event(self.context.catalog, {
            "run_id": self.context.run.run_id, "spider": self.context.spider, "portal": self.context.portal,
            "event": "derived", "url": item.url, "detail": item.derived_from,
        })

    def normalised(self, item: Discovery) -> str:
        """The archive computed it when the bytes arrived; recompute only for older fetches."""
        rows = self.context.catalog.query(
            "select normalised_sha256 from fetches where sha256 = ? and normalised_sha256 is not null limit 1",
            [item.sha256],
        )
        row = next(iter(rows), None)
        if row is not None:
            return str(row["normalised_sha256"])
        return normalised_sha256(self.context.blobs.get(item.sha256), item.content_type)
