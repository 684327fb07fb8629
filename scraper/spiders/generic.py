"""Generic discovery for an unconfigured portal: follow 信息公开/年报 links, keep report-like pages."""

from __future__ import annotations

from typing import Any

from scrapy.http import Response, TextResponse

from scraper.pages import page_title
from scraper.platforms.base import Output, PortalSpider
from scraper.registry import Portal, adhoc_portal, portal_for_url
from scraper.titles import is_annual_report_title


class GenericSpider(PortalSpider):
    """`-a start_url=… [-a portal=slug] [-a depth=N]`: only the start URL's host is followed
    (or a registry portal's hosts, when the start URL is on one)."""

    name = "generic"
    follow_nav_always = True

    def __init__(self, *args: Any, depth: str | int = 3, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_nav_depth = int(depth)

    def load_site(self, start_url: str | None, kwargs: dict[str, Any]) -> Portal:
        if not start_url:
            raise ValueError("the generic spider needs -a start_url=URL (and -a portal=slug)")
        known = portal_for_url(start_url)
        if known and kwargs.get("portal") in (None, known.slug):
            return known
        return adhoc_portal(str(kwargs.get("portal") or "generic"), start_url)

    def parse_list(self, response: Response, nav_depth: int = 0) -> Output:
        # A navigation link can lead straight to a report page rather than to a list.
        if isinstance(response, TextResponse) and is_annual_report_title(page_title(response.selector)):
            if not list(self.list_rows(response)):
                yield from self.parse_report(response)
                return
        yield from super().parse_list(response, nav_depth)
