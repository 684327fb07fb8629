"""A smoke crawl (NIANBAO_SMOKE): a portal only as far as its first list page and first report.

Until a page yields report rows, start, entry and navigation pages are fetched one at a time
(each released when the crawl goes idle), so no second column is fetched once a first list is
found. From that list only the first report (and its attachments) is fetched; every other request
is dropped before it reaches the network. What was found goes to the stats (`nianbao/smoke/…`).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, IgnoreRequest, NotConfigured
from scrapy.http import Response

from scraper.items import Discovery

logger = logging.getLogger(__name__)

REPORT_CALLBACKS = frozenset({"parse_report", "parse_report_file", "parse_detail"})
# A list page whose rows come from an API: the API call names the list page as its Referer.
LIST_API_CALLBACKS = frozenset({"parse_api", "parse_api_list"})
PASS = "nianbao_smoke_pass"
LIST_API = "nianbao_smoke_list_api"  # goes out, but what it leads to is judged afresh
# A portal whose entry pages never lead to a list must not wander (CLOSESPIDER_PAGECOUNT).
PAGE_LIMIT = 40


@dataclass
class SmokeState:
    list_url: str | None = None
    report_request: Request | None = None
    report_url: str | None = None
    row_urls: list[str] = field(default_factory=list)
    # Pages to try, in order, while no list has been found.
    waiting: list[Request] = field(default_factory=list)

    @classmethod
    def of(cls, crawler: Crawler) -> SmokeState:
        state: SmokeState | None = getattr(crawler, "_nianbao_smoke", None)
        if state is None:
            state = cls()
            crawler._nianbao_smoke = state  # type: ignore[attr-defined]
        return state


def is_report_request(request: Request) -> bool:
    return getattr(request.callback, "__name__", "") in REPORT_CALLBACKS


class SmokeSpiderMiddleware:
    """Counts the rows of the first list page and keeps the first report among them."""

    def __init__(self, crawler: Crawler) -> None:
        assert crawler.stats is not None
        self.crawler = crawler
        self.stats = crawler.stats
        self.state = SmokeState.of(crawler)
        crawler.signals.connect(self.release_next, signal=signals.spider_idle)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SmokeSpiderMiddleware:
        if not crawler.settings.getbool("NIANBAO_SMOKE"):
            raise NotConfigured
        return cls(crawler)

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for output in start:
            if isinstance(output, Request):
                self.state.waiting.append(output)
            else:
                yield output

    def release_next(self) -> None:
        if self.state.list_url is None and self.state.waiting:
            assert self.crawler.engine is not None
            self.crawler.engine.crawl(self.state.waiting.pop(0))
            raise DontCloseSpider

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterator[Any]:
        for output in result:
            if self.keep(response, output):
                yield output

    async def process_spider_output_async(self, response: Response, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for output in result:
            if self.keep(response, output):
                yield output

    def keep(self, response: Response, output: Any) -> bool:
        state = self.state
        if isinstance(output, Discovery):
            if output.role == "list" and state.list_url is None:
                state.list_url = output.url
                self.stats.set_value("nianbao/smoke/list_url", output.url)
                self.stats.set_value("nianbao/smoke/rows", 0)
            elif output.role == "report" and response.request is not None and response.request.meta.get(PASS):
                state.report_url = output.url
                self.stats.set_value("nianbao/smoke/report_url", output.url)
                self.stats.set_value("nianbao/smoke/report_title", output.title or "")
            return True
        if not isinstance(output, Request):
            return True
        on_first_list = state.list_url is not None and (response.url == state.list_url or _api_of(response, state.list_url))
        if is_report_request(output) and on_first_list:
            self.stats.inc_value("nianbao/smoke/rows")
            state.row_urls.append(output.url)
            if state.report_request is None:
                state.report_request = output
                output.meta[PASS] = True
                return True
        elif state.list_url is None:
            state.waiting.append(output)
            return False
        elif response.request is not None and response.request.meta.get(PASS) and not is_report_request(output):
            # The first report's attachments (a PDF often holds the tables).
            output.meta[PASS] = True
            return True
        elif response.url == state.list_url and _is_list_api(output) and not _is_list_api(response.request):
            # The first page of the list's rows, when an API serves them; its next pages do not go.
            output.meta[LIST_API] = True
            return True
        self.stats.inc_value("nianbao/smoke/dropped")
        return False


class SmokeDownloaderMiddleware:
    """Requests scheduled before the first list was seen (other start pages, other columns) are
    dropped once it is: only the first report and its attachments still go out."""

    def __init__(self, crawler: Crawler) -> None:
        assert crawler.stats is not None
        self.stats = crawler.stats
        self.state = SmokeState.of(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SmokeDownloaderMiddleware:
        if not crawler.settings.getbool("NIANBAO_SMOKE"):
            raise NotConfigured
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        if self.state.list_url is None or request.meta.get(PASS) or request.meta.get(LIST_API) or request.meta.get("dont_obey_robotstxt"):
            return
        self.stats.inc_value("nianbao/smoke/dropped")
        raise IgnoreRequest("smoke crawl: past the first list page")


def _is_list_api(request: Request | None) -> bool:
    return request is not None and getattr(request.callback, "__name__", "") in LIST_API_CALLBACKS


def _api_of(response: Response, list_url: str) -> bool:
    request = response.request
    return request is not None and _is_list_api(request) and request.headers.get("Referer", b"").decode() == list_url

