"""The archive handles one crawl shares between its Scrapy components (one per crawler)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from scrapy.crawler import Crawler
from sqlite_utils import Database

from archive.blobs import BlobStore
from archive.catalog import open_catalog
from archive.layout import Layout

logger = logging.getLogger(__name__)


@dataclass
class CrawlContext:
    layout: Layout
    blobs: BlobStore
    catalog: Database
    spider: str
    portal: str

    @classmethod
    def of(cls, crawler: Crawler) -> CrawlContext:
        """The crawler's context, created on first use so every component sees the same one."""
        context: CrawlContext | None = getattr(crawler, "_nianbao_context", None)
        if context is None:
            layout = Layout.from_env(crawler.settings.get("NIANBAO_DATA") or None)
            spidercls = crawler.spidercls
            context = cls(
                layout=layout,
                blobs=BlobStore(layout.blobs_dir),
                catalog=open_catalog(layout.catalog_path),
                spider=spidercls.name,
                portal=getattr(spidercls, "portal", None) or spidercls.name,
            )
            logger.info("archiving to %s", layout.root)
            crawler._nianbao_context = context  # type: ignore[attr-defined]
        return context
