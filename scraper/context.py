"""The archive handles one crawl shares between its Scrapy components (one per crawler)."""

from __future__ import annotations

import fcntl
import logging
from importlib.metadata import version
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

import scrapy
from scrapy.crawler import Crawler
from scrapy.settings import BaseSettings
from sqlite_utils import Database

from archive.blobs import BlobStore
from archive.catalog import SMOKE_RUN, open_catalog, record_crawl_event
from archive.layout import Layout
from scraper import __version__
from scraper.state import Run, begin_run, end_run, open_state
from scraper.warc import WarcSeries, repair_tail

if TYPE_CHECKING:
    from scraper.frontier import FrontierScheduler

logger = logging.getLogger(__name__)


class CrawlAlreadyRunning(RuntimeError):
    """Another process is crawling with this spider and data directory."""


def hold_lock(path: Path) -> IO[str]:
    """An exclusive lock for the life of the process; the kernel drops it even on kill -9."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("w")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise CrawlAlreadyRunning(f"{path.stem} is already being crawled into {path.parent.parent}") from None
    return handle


def warcinfo(settings: BaseSettings, run: Run, portal: str) -> dict[str, str]:
    return {
        "software": f"nianbao/{__version__} (Scrapy {scrapy.__version__}; warcio {version('warcio')})",
        "format": "WARC File Format 1.1",
        "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
        "isPartOf": f"{run.spider}-{run.run_id}",
        "spider": run.spider,
        "portal": portal,
        "http-header-user-agent": settings.get("USER_AGENT"),
        "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
        "digests": "sha256, base32 (WARC-Block-Digest and WARC-Payload-Digest)",
        "description": "Government information disclosure annual reports, archived by nianbao",
    }


@dataclass
class CrawlContext:
    layout: Layout
    blobs: BlobStore
    catalog: Database
    state: Database
    spider: str
    portal: str
    run: Run
    warc: WarcSeries
    blocked_hosts: set[str] = field(default_factory=set)
    lock: IO[str] | None = None
    # The on-disk frontier registers itself here when the scheduler opens.
    frontier: FrontierScheduler | None = None

    @classmethod
    def of(cls, crawler: Crawler) -> CrawlContext:
        """The crawler's context, created on first use so every component sees the same one."""
        context: CrawlContext | None = getattr(crawler, "_nianbao_context", None)
        if context is None:
            context = cls.open(crawler)
            crawler._nianbao_context = context  # type: ignore[attr-defined]
        return context

    @classmethod
    def existing(cls, crawler: Crawler) -> CrawlContext | None:
        """The context if the archiving components run in this crawl (a spider may run without them)."""
        return getattr(crawler, "_nianbao_context", None)

    @classmethod
    def open(cls, crawler: Crawler) -> CrawlContext:
        settings = crawler.settings
        layout = Layout.from_env(settings.get("NIANBAO_DATA") or None)
        spider = crawler.spidercls.name
        # The generic spider learns its portal from `-a portal=`, on the instance, not the class.
        site = getattr(getattr(crawler, "spider", None), "site", None)
        portal = getattr(site, "slug", None) or getattr(crawler.spidercls, "portal", None) or spider
        # Two processes resuming one run would fetch and store everything twice.
        lock = hold_lock(layout.state_dir / f"{spider}.lock")
        catalog = open_catalog(layout.catalog_path)
        state = open_state(layout.state_dir / f"{spider}.sqlite")
        run, abandoned = begin_run(state, spider, fresh=settings.getbool("NIANBAO_FRESH_RUN"))
        warc = WarcSeries(layout.warc_dir, f"{spider}-{run.run_id}", warcinfo(settings, run, portal),
                          max_size=settings.getint("NIANBAO_WARC_MAX_SIZE", 1 << 30))
        for run_id in [*abandoned, *([run.run_id] if run.resumed else [])]:
            repair_warcs(catalog, WarcSeries(layout.warc_dir, f"{spider}-{run_id}", {}))
        blocked = {
            row["host"]
            for row in catalog.query(
                "select host from crawl_log where run_id = ? and event = 'blocked'", [run.run_id]
            )
        }
        event = "resumed" if run.resumed else "started"
        # A smoke crawl (first list page, first report) says so: it does not stand for a full crawl.
        record_crawl_event(catalog, {"run_id": run.run_id, "spider": spider, "portal": portal, "event": event,
                                     "detail": SMOKE_RUN if settings.getbool("NIANBAO_SMOKE") else None})  # fmt: skip
        logger.info("%s run %s, archiving to %s", event, run.run_id, layout.root)
        return cls(layout, BlobStore(layout.blobs_dir), catalog, state, spider, portal, run, warc, blocked, lock)

    def finish(self, reason: str) -> None:
        """A run that ended normally is closed; anything else (a kill, a shutdown) stays resumable."""
        self.warc.close()
        if reason == "finished":
            end_run(self.state, self.run.run_id, reason)
        record_crawl_event(self.catalog, {"run_id": self.run.run_id, "spider": self.spider, "portal": self.portal,
                                          "event": "finished" if reason == "finished" else "interrupted",
                                          "detail": reason})

    def known_before_run(self, url: str) -> bool:
        """A document at this URL was fetched by an earlier run (so a resumed run is not fooled
        by what its own interrupted part already stored)."""
        rows = self.catalog.query(
            "select 1 from documents d where d.url = ? and exists (select 1 from fetches f "
            "where f.sha256 = d.sha256 and coalesce(f.run_id, '') != ?) limit 1",
            [url, self.run.run_id],
        )
        return next(iter(rows), None) is not None


def repair_warcs(catalog: Database, series: WarcSeries) -> None:
    """Cut every file of an interrupted run back to the last exchange the catalogue holds."""
    for path in series.files():
        row = next(iter(catalog.query(
            "select max(warc_offset + warc_length) as committed from fetches where warc_file = ?", [path.name]
        )))
        repair_tail(path, row["committed"])
