"""上海市徐汇区: server-rendered `xxgk/portal/article/list?…&page=N` (N from 0, `共N页`),
`detail?id=<32 hex>` pages, attachments served by `imagefileid=` without a file extension."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from scrapy.http import Response, TextResponse

from scraper.pages import text_of
from scraper.titles import clean_text
from scraper.platforms.base import PortalSpider

TOTAL_PAGES = re.compile(r"共\s*(\d+)\s*页")


def xuhui_page_urls(list_url: str, html: str) -> list[str]:
    """From page 0 only: page=1 … page=N-1, the other query parameters kept in their order."""
    parts = urlsplit(list_url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    match = TOTAL_PAGES.search(html)
    if not match or dict(query).get("page") != "0":
        return []
    pages = []
    for n in range(1, int(match.group(1))):
        paged = urlencode([(k, str(n) if k == "page" else v) for k, v in query])
        pages.append(urlunsplit((parts.scheme, parts.netloc, parts.path, paged, "")))
    return pages


class ShXuhuiSpider(PortalSpider):
    name = "sh_xuhui"
    list_css = ("table.list_table", "table")
    detail_regex = r"/article/detail\?id=[0-9a-f]{32}$"

    def next_pages(self, response: Response) -> Iterable[str]:
        return xuhui_page_urls(response.url, response.text) if isinstance(response, TextResponse) else []

    def attachments(self, response: TextResponse) -> list[tuple[str, str]]:
        """`imagefileid=` links carry no extension; the `download` attribute names the file."""
        found: dict[str, str] = {}
        for anchor in response.css("div.attachment_part a[href]"):
            href = anchor.attrib["href"].strip()
            if "imagefileid=" in href or href.lower().endswith(".pdf"):
                url = urljoin(response.url, href)
                found.setdefault(url, anchor.attrib.get("download") or clean_text(text_of(anchor)))
        return list(found.items())
