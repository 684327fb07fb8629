"""A crawl frontier and seen set in our own SQLite file, so a killed crawl resumes where it stopped.

Every request the spider schedules gets a row (run, fingerprint) before it is queued; a row is
`done` only once its callback has run to the end and every item it yielded has left the item
pipelines. After `kill -9`, the next start of the same spider resumes the run: pending rows are
queued again (the revisit middleware answers those already fetched from the archive), and the
seen set keeps anything from being fetched twice.
"""

from __future__ import annotations

import heapq
import logging
import pickle
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.core.scheduler import BaseScheduler
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector
from scrapy.utils.request import RequestFingerprinterProtocol, request_from_dict

from scraper.context import CrawlContext

logger = logging.getLogger(__name__)


class FrontierScheduler(BaseScheduler):
    def __init__(self, context: CrawlContext, stats: StatsCollector,
                 fingerprinter: RequestFingerprinterProtocol) -> None:
        self.context = context
        self.stats = stats
        self.fingerprinter = fingerprinter
        self.queue: list[tuple[int, int, Request]] = []
        self.seq = 0
        self.spider: Spider | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FrontierScheduler:
        assert crawler.stats is not None and crawler.request_fingerprinter is not None
        return cls(CrawlContext.of(crawler), crawler.stats, crawler.request_fingerprinter)

    @property
    def db(self) -> Any:
        return self.context.state

    def open(self, spider: Spider) -> None:
        self.spider = spider
        self.context.frontier = self
        run_id = self.context.run.run_id
        row = next(iter(self.db.query("select max(seq) as seq from frontier where run_id = ?", [run_id])))
        self.seq = (row["seq"] or 0) + 1
        resumed = 0
        for row in self.db.query(
            "select seq, priority, request from frontier where run_id = ? and state = 'pending' order by seq", [run_id]
        ):
            request = request_from_dict(pickle.loads(row["request"]), spider=spider)
            heapq.heappush(self.queue, (-row["priority"], row["seq"], request))
            resumed += 1
        if resumed:
            self.stats.set_value("nianbao/frontier/resumed", resumed)
            logger.info("resuming run %s with %d pending requests", run_id, resumed)

    def close(self, reason: str) -> None:
        self.context.finish(reason)

    def has_pending_requests(self) -> bool:
        return bool(self.queue)

    def __len__(self) -> int:
        return len(self.queue)

    def enqueue_request(self, request: Request) -> bool:
        fingerprint = self.fingerprinter.fingerprint(request).hex()
        key = [self.context.run.run_id, fingerprint]
        seen = next(iter(self.db.query("select 1 from frontier where run_id = ? and fingerprint = ?", key)), None)
        if seen and not request.dont_filter:
            self.stats.inc_value("nianbao/frontier/seen")
            return False
        if not seen:
            try:
                serialised = pickle.dumps(request.to_dict(spider=self.spider), protocol=4)
            except (ValueError, pickle.PicklingError, TypeError, AttributeError) as exc:
                # Still crawled, but a kill would lose it: say so, loudly and in the stats.
                logger.warning("request %s cannot be saved in the frontier: %s", request, exc)
                self.stats.inc_value("nianbao/frontier/unsaved")
                serialised = None
            with self.db.conn:
                self.db["frontier"].insert({
                    "run_id": key[0], "fingerprint": fingerprint, "seq": self.seq, "url": request.url,
                    "priority": request.priority, "request": serialised, "state": "pending",
                })
        # A row already seen but dont_filter (a retry, a deliberate refetch) is queued in memory
        # only: its row stays pending until it succeeds.
        heapq.heappush(self.queue, (-request.priority, self.seq, request))
        self.seq += 1
        self.stats.inc_value("nianbao/frontier/enqueued")
        return True

    def next_request(self) -> Request | None:
        if not self.queue:
            return None
        self.stats.inc_value("nianbao/frontier/dequeued")
        return heapq.heappop(self.queue)[2]

    def mark_done(self, request: Request) -> None:
        fingerprint = self.fingerprinter.fingerprint(request).hex()
        with self.db.conn:
            self.db.execute("update frontier set state = 'done' where run_id = ? and fingerprint = ?",
                            [self.context.run.run_id, fingerprint])


@dataclass
class _Progress:
    # Holding the response keeps its id() from being reused while the entry exists.
    response: Response
    items: int = 0
    exhausted: bool = False


class FrontierProgressMiddleware:
    """Spider middleware: tells the frontier when a response has been fully processed."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.open: dict[int, _Progress] = {}
        for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
            crawler.signals.connect(self.item_left, signal=signal)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FrontierProgressMiddleware:
        return cls(crawler)

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterator[Any]:
        progress = self.open.setdefault(id(response), _Progress(response))
        try:
            for output in result:
                if not isinstance(output, Request):
                    progress.items += 1
                yield output
        except BaseException:
            # The callback failed: the request stays pending and a resumed run retries it.
            self.open.pop(id(response), None)
            raise
        self.finished(progress)

    async def process_spider_output_async(self, response: Response, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        progress = self.open.setdefault(id(response), _Progress(response))
        try:
            async for output in result:
                if not isinstance(output, Request):
                    progress.items += 1
                yield output
        except BaseException:
            self.open.pop(id(response), None)
            raise
        self.finished(progress)

    def item_left(self, item: Any, response: Response | None = None, **kwargs: Any) -> None:
        progress = self.open.get(id(response)) if response is not None else None
        if progress is not None and progress.response is response:
            progress.items -= 1
            self.maybe_done(progress)

    def finished(self, progress: _Progress) -> None:
        progress.exhausted = True
        self.maybe_done(progress)

    def maybe_done(self, progress: _Progress) -> None:
        if progress.exhausted and progress.items <= 0:
            del self.open[id(progress.response)]
            frontier = CrawlContext.of(self.crawler).frontier
            if frontier is not None and progress.response.request is not None:
                frontier.mark_done(progress.response.request)
