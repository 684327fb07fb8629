"""JSON list APIs behind script-shell list pages: the page first, then the API page by page."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

from scrapy import Request
from scrapy.http import Response, TextResponse

from scraper.pages import page_title
from scraper.platforms.base import Output, PortalSpider
from scraper.protocols.json_reply import ApiError, Fields, at, encode_body, json_rows, read_payload

logger = logging.getLogger(__name__)

# easttone's `totalCount` stops at 10 000 on big columns while later pages still hold rows.
TOTAL_CAP = 10_000
CMS_CONFIG = re.compile(r"new\s+CMS\s*\((.*?)\)\s*;?", re.S)
CMS_IDS = re.compile(r"""\bids\s*:\s*['"]([\w,\s]+)['"]""")


@dataclass(frozen=True)
class JsonListApi:
    """One list API. `body` is a template: the strings "{page}" and "{channel}" become the page
    number and the channel id (a list ["{channel}"] becomes all the page's channel ids).
    `encoding` is `json` (a JSON body), `form` (form fields, objects sent as JSON: Epoint's
    `params=<json>`) or `query` (a GET query string). `detail_url` builds a row's link from its
    fields (`/zhengce/detail?businessId={businessId}`) when the row has no URL."""

    url: str
    body: Mapping[str, Any]
    method: str = "POST"
    encoding: str = "json"
    first_page: int = 1
    content_type: str = "application/json"
    headers: Mapping[str, str] = field(default_factory=dict)
    rows_at: tuple[str, ...] = ("data.list", "list", "data.records", "custom.data", "data")
    total_count_at: tuple[str, ...] = ("data.totalCount", "totalCount", "custom.total", "data.total", "total")
    total_pages_at: tuple[str, ...] = ("data.totalPage", "totalPage")
    fields: Fields = Fields()
    detail_url: str | None = None


def channel_ids(html: str) -> list[str]:
    """Channel ids from the shell page's CMS config: `new CMS({… ids:'1899' …})`."""
    for config in CMS_CONFIG.findall(html):
        if match := CMS_IDS.search(config):
            return [i.strip() for i in match.group(1).split(",") if i.strip()]
    return []


def fill(template: Any, page: int, channels: Sequence[str]) -> Any:
    if isinstance(template, Mapping):
        return {k: fill(v, page, channels) for k, v in template.items()}
    if isinstance(template, list):
        if template == ["{channel}"]:
            return list(channels)
        return [fill(v, page, channels) for v in template]
    if template == "{page}":
        return page
    if template == "{channel}":
        return channels[0] if channels else ""
    return template


def more_pages(payload: Mapping[str, Any], api: JsonListApi, pages_read: int, rows_read: int) -> bool:
    """After a non-empty page: is another worth asking for? A capped total says nothing, so then
    only an empty page ends the list."""
    total = at(payload, api.total_count_at)
    if isinstance(total, int) and total >= TOTAL_CAP:
        return True
    total_pages = at(payload, api.total_pages_at)
    if isinstance(total_pages, int) and total_pages > 0:
        return pages_read < total_pages
    if isinstance(total, int) and total > 0:
        return rows_read < total
    return True


@dataclass(frozen=True)
class Listing:
    """Where one list stands: its shell page (the Referer), channel ids, the page to ask for."""

    list_url: str
    channels: tuple[str, ...]
    page: int
    pages_read: int = 0


class JsonListSpider(PortalSpider):
    """A portal whose list pages are script shells filled by `api`. Channel ids come from the
    registry (`options.channels`: list path → ids) or from the page's CMS config; a page with
    neither is read as an ordinary page, so a guide page still leads to the columns."""

    api: JsonListApi

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Row keys per list, kept here rather than in each request (the frontier pickles those).
        self.listed: dict[tuple[str, tuple[str, ...]], set[str]] = {}

    def parse_list(self, response: Response, nav_depth: int = 0) -> Output:
        channels = self.channels_for(response)
        if not channels and self.needs_channel():
            yield from super().parse_list(response, nav_depth)
            return
        title = page_title(response.selector) if isinstance(response, TextResponse) else None
        yield self.discovery(response, "list", title=title or None)
        listing = Listing(response.url, tuple(channels), self.api.first_page)
        if (request := self.api_request(listing)) is not None:
            yield request

    def needs_channel(self) -> bool:
        return "{channel}" in json.dumps(self.api.body)

    def channels_for(self, response: Response) -> list[str]:
        configured = self.site.options.get("channels", {}).get(urlsplit(response.url).path)
        if configured:
            return [str(c) for c in configured]
        return channel_ids(response.text) if isinstance(response, TextResponse) else []

    def api_request(self, listing: Listing) -> Request | None:
        target = self.fetch_url(urljoin(listing.list_url, self.api.url))
        if target is None:
            return None
        values = fill(self.api.body, listing.page, listing.channels)
        parts = urlsplit(listing.list_url)
        headers = {"Accept": "application/json, text/plain, */*", "X-Requested-With": "XMLHttpRequest",
                   "Referer": listing.list_url, "Origin": f"{parts.scheme}://{parts.netloc}", **self.api.headers}
        if self.api.encoding == "query":
            sep = "&" if "?" in target else "?"
            return Request(f"{target}{sep}{urlencode(values)}", headers=headers, callback=self.parse_api,
                           cb_kwargs={"listing": listing})
        headers["Content-Type"] = self.api.content_type
        return Request(target, method=self.api.method, body=encode_body(values, self.api.encoding), headers=headers,
                       callback=self.parse_api, cb_kwargs={"listing": listing})

    def parse_api(self, response: Response, listing: Listing) -> Output:
        try:
            payload = read_payload(response.body)
        except ApiError as exc:
            self.count("nianbao/api/error")
            logger.error("%s (list %s, page %s): %s", response.url, listing.list_url, listing.page, exc)
            return
        self.count("nianbao/api/pages")
        seen = self.listed.setdefault((listing.list_url, listing.channels), set())
        rows = [(k, r) for k, r in json_rows(payload, self.api.rows_at, self.api.fields, listing.list_url, self.api.detail_url) if k not in seen]
        for key, row in rows:
            seen.add(key)
            yield from self.follow_row(row)
        # A page of nothing new ends the list: empty, or an API that ignores the page number.
        if rows and more_pages(payload, self.api, listing.pages_read + 1, len(seen)):
            following = Listing(listing.list_url, listing.channels, listing.page + 1, listing.pages_read + 1)
            if (request := self.api_request(following)) is not None:
                yield request
