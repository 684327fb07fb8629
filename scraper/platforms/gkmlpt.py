"""Guangdong gkmlpt: a JSON API per category (`/gkmlpt/api/all/<catid>?page=N&sid=<SID>`)."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlencode, urljoin

from scrapy import Request
from scrapy.http import Response, TextResponse

from scraper.pages import ListRow
from scraper.platforms.base import Output, PortalSpider
from scraper.titles import date_from_timestamp

SID = re.compile(r"\bSID\s*:\s*['\"]?(\w+)")


def gkmlpt_sid(html: str) -> str | None:
    """The site id sits in `window._CONFIG = {… SID: '…' …}` on every gkmlpt page."""
    match = SID.search(html)
    return match.group(1) if match else None


def gkmlpt_rows(payload: dict[str, Any], base_url: str) -> list[ListRow]:
    rows = []
    for article in payload.get("articles") or []:
        stamp = article.get("create_time") or article.get("date")
        published = date_from_timestamp(float(stamp)) if stamp else None
        rows.append(ListRow(urljoin(base_url, article["url"]), str(article.get("title", "")), published))
    return rows


def gkmlpt_api_url(page_url: str, catid: str, sid: str, page: int) -> str:
    return urljoin(page_url, f"/gkmlpt/api/all/{catid}?" + urlencode({"page": page, "sid": sid}))


class GkmlptSpider(PortalSpider):
    title_css = ("div.title", "h1", ".article-title")
    meta_css = ("table.table_content", "div.sub-info", "body")
    body_css = ("div.article-content", "#zoomcon", "body")

    async def start(self) -> AsyncIterator[Request]:
        urls = [self.start_override] if self.start_override else list(self.site.start_urls)
        for request in self.requests(urls, self.parse_entry):
            yield request

    def parse_entry(self, response: Response) -> Output:
        yield self.discovery(response, "page", title=None)
        found = gkmlpt_sid(response.text) if isinstance(response, TextResponse) else None
        sid, catid = found or self.site.options.get("sid"), self.site.options.get("catid")
        if not sid or not catid:
            self.logger.error("%s: no gkmlpt SID or category id", response.url)
            return
        first_page = gkmlpt_api_url(response.url, catid, sid, 1)
        if request := self.request(first_page, self.parse_api, sid=sid, page=1, seen=0):
            yield request

    def parse_api(self, response: Response, sid: str, page: int, seen: int) -> Output:
        payload = json.loads(response.body)
        rows = gkmlpt_rows(payload, response.url)
        yield self.discovery(response, "list", title=None)
        for row in rows:
            yield from self.follow_row(row)
        # The category's `post_count` (or a `total`) is not in every reply seen in third-party
        # code; without it, page until one is empty.
        total = (payload.get("classify") or {}).get("post_count") or payload.get("total")
        seen = seen + len(rows)
        if rows and (not isinstance(total, int) or seen < total):
            url = gkmlpt_api_url(response.url, self.site.options["catid"], sid, page + 1)
            if request := self.request(url, self.parse_api, sid=sid, page=page + 1, seen=seen):
                yield request
