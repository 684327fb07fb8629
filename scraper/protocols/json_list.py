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

from scraper.pages import ListRow, page_title
from scraper.platforms.base import Output, PortalSpider
from scraper.titles import date_from_timestamp, parse_date

logger = logging.getLogger(__name__)

# easttone's `totalCount` stops at 10 000 on big columns while later pages still hold rows.
TOTAL_CAP = 10_000
CMS_CONFIG = re.compile(r"new\s+CMS\s*\((.*?)\)\s*;?", re.S)
CMS_IDS = re.compile(r"""\bids\s*:\s*['"]([\w,\s]+)['"]""")
PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Fields:
    """Response keys for each row field, tried in order (aliases seen in third-party crawlers)."""

    title: tuple[str, ...] = ("title", "name", "realtitle", "infoTitle")
    url: tuple[str, ...] = ("url", "link", "linkUrl", "linkurl", "website", "infourl", "visiturl")
    date: tuple[str, ...] = ("display_date", "displayDate", "publishDate", "issue_date", "infodate", "date")
    id: tuple[str, ...] = ("id", "businessId", "infoid")


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


class ApiError(ValueError):
    """The API answered with a non-zero `code` or something that is not a JSON object."""


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


def encode_body(api: JsonListApi, values: Mapping[str, Any]) -> bytes:
    if api.encoding == "form":
        pairs = {k: v if isinstance(v, str) else json.dumps(v, ensure_ascii=False, separators=(",", ":"))
                 for k, v in values.items()}
        return urlencode(pairs).encode("ascii")
    return json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def at(payload: Any, paths: Sequence[str]) -> Any:
    """The value at the first dotted path present in the payload."""
    for path in paths:
        value = payload
        for key in path.split("."):
            value = value.get(key) if isinstance(value, Mapping) else None
        if value is not None:
            return value
    return None


def read_payload(body: bytes) -> Mapping[str, Any]:
    try:
        payload = json.loads(body)
    except ValueError as exc:
        raise ApiError(f"not JSON: {exc}") from None
    if not isinstance(payload, Mapping):
        raise ApiError("the reply is not a JSON object")
    code = payload.get("code")
    if code not in (None, 0, "0", 200, "200"):
        raise ApiError(f"code {code}: {payload.get('message') or payload.get('msg')}")
    return payload


def row_date(value: Any) -> str | None:
    """Epoch milliseconds (杨浦, 浦东) or seconds (gkmlpt) as the date in Asia/Shanghai, or a
    printed date (`2026-07-03`, `2026-07-03 10:00:00`)."""
    if isinstance(value, bool) or value in (None, ""):
        return None
    if isinstance(value, int | float) or (isinstance(value, str) and value.strip().isdigit() and len(value.strip()) >= 9):
        stamp = float(value)
        return date_from_timestamp(stamp / 1000 if stamp >= 1e11 else stamp)
    return parse_date(str(value))


def first_value(row: Mapping[str, Any], keys: Sequence[str]) -> Any:
    return next((row[k] for k in keys if row.get(k) not in (None, "")), None)


def json_rows(payload: Mapping[str, Any], api: JsonListApi, base_url: str) -> list[tuple[str, ListRow]]:
    """(key, row) for every row with a link; the key (id, else URL) tells repeated pages apart."""
    found = at(payload, api.rows_at)
    rows = []
    for item in found if isinstance(found, list) else []:
        if not isinstance(item, Mapping):
            continue
        link = first_value(item, api.fields.url)
        if not link and api.detail_url:
            link = PLACEHOLDER.sub(lambda m: str(item.get(m.group(1), "")), api.detail_url)
        if not link:
            continue  # 杨浦 lists rows with an empty `url`; they lead nowhere
        url = urljoin(base_url, str(link).strip())
        title = str(first_value(item, api.fields.title) or "").strip()
        key = str(first_value(item, api.fields.id) or url)
        rows.append((key, ListRow(url, title, row_date(first_value(item, api.fields.date)))))
    return rows


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
        return Request(target, method=self.api.method, body=encode_body(self.api, values), headers=headers,
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
        rows = [(k, r) for k, r in json_rows(payload, self.api, listing.list_url) if k not in seen]
        for key, row in rows:
            seen.add(key)
            yield from self.follow_row(row)
        # A page of nothing new ends the list: empty, or an API that ignores the page number.
        if rows and more_pages(payload, self.api, listing.pages_read + 1, len(seen)):
            following = Listing(listing.list_url, listing.channels, listing.page + 1, listing.pages_read + 1)
            if (request := self.api_request(following)) is not None:
                yield request
