"""TRS WCM: t<YYYYMMDD>_<id>.html items, pages index.html, index_1.html … from createPageHTML."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit

from parsel import Selector
from scrapy.http import Response, TextResponse

from scraper.pages import ListRow, anchor_title
from scraper.platforms.base import PortalSpider

CREATE_PAGE = re.compile(r'createPageHTML\((\d+),\s*(\d+),\s*"([^"]+)",\s*"([^"]+)"\)')
COUNT_PAGE = re.compile(r"countPage\s*=\s*(\d+)")
ITEM = re.compile(r"/t(\d{4})(\d{2})(\d{2})_\d+\.s?html?$")
FURNITURE = re.compile(r"^(联系我们|法律声明|网站声明|免责声明|版权声明|隐私声明|网站地图|关于我们|使用帮助|网站纠错)$")


def trs_paging(text: str, list_url: str) -> tuple[int, int, str, str] | None:
    """(page count, current index from 0, base name, extension)."""
    if match := CREATE_PAGE.search(text):
        return int(match[1]), int(match[2]), match[3], match[4]
    if match := COUNT_PAGE.search(text):
        name, _, ext = urlsplit(list_url).path.rsplit("/", 1)[-1].partition(".")
        index = re.match(r"index(?:_(\d+))?$", name or "index")
        return int(match[1]), int(index[1] or 0) if index else 0, "index", ext or "html"
    return None


def trs_page_urls(list_url: str, text: str) -> list[str]:
    """Page 0 is index.html and page i is index_i.html; only page 0 enumerates the rest."""
    paging = trs_paging(text, list_url)
    if not paging or paging[1] != 0:
        return []
    count, _, name, ext = paging
    return [urljoin(list_url, f"{name}_{i}.{ext}") for i in range(1, count)]


def trs_rows(sel: Selector, base_url: str) -> list[ListRow]:
    """List dates are MM-DD without a year, so the date comes from the t<YYYYMMDD> file name.
    Site furniture (联系我们 in the footer is a t-dated article too) and anchors without text
    (樟树 puts an empty one before the titled link to the same page) are not rows."""
    rows, seen = [], set()
    for anchor in sel.css("a[href]"):
        url = urljoin(base_url, anchor.attrib["href"].strip())
        title = anchor_title(anchor)
        match = ITEM.search(url)
        if match is None or url in seen or not title or FURNITURE.match(title):
            continue
        seen.add(url)
        rows.append(ListRow(url, title, "{}-{}-{}".format(*match.groups())))
    return rows


class TrsSpider(PortalSpider):
    # Every TRS site has its own template; 樟树's WCM list is the 99%-wide table.
    list_css = ('table[width="99%"]', ".list", "body")
    title_css = ("h2", "h1", ".title")
    meta_css = ("h2 + p", ".info", "body")
    body_css = ("div.trs_editor_view", ".TRS_Editor", ".TRS_UEDITOR", "body")

    def list_rows(self, response: TextResponse) -> Iterable[ListRow]:
        return trs_rows(self.list_region(response), response.url)

    def next_pages(self, response: Response) -> Iterable[str]:
        return trs_page_urls(response.url, response.text) if isinstance(response, TextResponse) else []

    def attachments(self, response: TextResponse) -> list[tuple[str, str]]:
        """长沙 also lists every attachment, comma-joined, in `input#path`."""
        found = {urlsplit(url)._replace(scheme="").geturl(): (url, text) for url, text in super().attachments(response)}
        for url in filter(None, (u.strip() for u in (response.css("input#path::attr(value)").get() or "").split(","))):
            absolute = response.urljoin(url)
            found.setdefault(urlsplit(absolute)._replace(scheme="").geturl(), (absolute, url.rsplit("/", 1)[-1]))
        return list(found.values())
