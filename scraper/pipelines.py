"""Item pipeline: a spider's Discovery becomes a document (or a new sighting) in the catalogue."""

from __future__ import annotations

import logging
from dataclasses import asdict

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

from archive.catalog import DocumentRecord, record_document
from scraper.context import CrawlContext
from scraper.items import Discovery

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
        if not isinstance(item, Discovery):
            return item
        if item.sha256 not in self.context.blobs:
            # A document must never be catalogued without its bytes; this means the archiving
            # middleware is not installed or did not see the response.
            self.stats.inc_value("nianbao/documents/unarchived")
            raise DropItem(f"{item.url}: body {item.sha256} is not in the blob store")
        new = record_document(self.context.catalog, DocumentRecord(**asdict(item)))
        self.stats.inc_value("nianbao/documents/found")
        self.stats.inc_value(f"nianbao/documents/found/{item.role}")
        if new:
            self.stats.inc_value("nianbao/documents/new")
            logger.info("new %s %s %s", item.role, item.sha256[:12], item.title or item.url)
        return item
