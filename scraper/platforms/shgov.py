"""shanghai.gov.cn CMS: one `nwNNNNN` column per report year, paged index.html, index_2.html, …"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit

from parsel import Selector
from scrapy.http import Response, TextResponse

from scraper.pages import ListRow, anchor_title, own_text
from scraper.platforms.base import PortalSpider
from scraper.titles import ReportInfo, parse_date

TOTAL_PAGE = re.compile(r"totalPage\s*:\s*(\d+)")
COMMENT = re.compile(r"<!--.*?-->", re.S)
COLUMN = re.compile(r"/(nw\d+)/")
MIGRATED = re.compile(r"/nw\d+/(\d{8})/")


def shgov_rows(html: str, base_url: str) -> list[ListRow]:
    """Items are `<li><a title>…</a><span class="time">`; the page also carries commented-out
    duplicates of its items, so comments go first."""
    sel = Selector(text=COMMENT.sub("", html))
    rows = []
    for li in sel.xpath("//li[a[@href] and span[contains(@class, 'time')]]"):
        anchor = li.css("a[href]")[0]
        published = parse_date(li.css("span.time::text").get())
        rows.append(ListRow(urljoin(base_url, anchor.attrib["href"]), anchor_title(anchor), published))
    return rows


def shgov_page_urls(list_url: str, html: str) -> list[str]:
    """From the first page only: index_2.html … index_N.html, N from `totalPage: N`."""
    match = TOTAL_PAGE.search(html)
    if not match or not urlsplit(list_url).path.endswith(("/", "/index.html")):
        return []
    return [urljoin(list_url, f"index_{n}.html") for n in range(2, int(match.group(1)) + 1)]


def detail_title(sel: Selector) -> str:
    """The h2's own text: its child `small#ivs_date` holds the date and source."""
    return own_text(sel.css("h2#ivs_title")[0]) if sel.css("h2#ivs_title") else ""


class ShanghaiGovSpider(PortalSpider):
    title_css = ("h2#ivs_title",)
    meta_css = ("small#ivs_date",)
    body_css = ("div.Article_content",)
    attachment_css = ("div.Article_content",)
    max_nav_depth = 0  # the per-year columns are all known

    def list_rows(self, response: TextResponse) -> Iterable[ListRow]:
        return shgov_rows(response.text, response.url)

    def next_pages(self, response: Response) -> Iterable[str]:
        return shgov_page_urls(response.url, response.text) if isinstance(response, TextResponse) else []

    def column_year(self, url: str) -> int | None:
        column = COLUMN.search(urlsplit(url).path)
        year = self.site.options.get("column_years", {}).get(column.group(1)) if column else None
        return int(year) if year else None

    def year_hints(self, response: Response) -> dict[str, int | None]:
        year = self.column_year(response.url)
        return {"expected_year": year, "fallback_year": year} if year else {}

    def read_report(self, response: TextResponse, row: ListRow | None = None) -> ReportInfo:
        info = super().read_report(response, row)
        # Copies made by the August-2020 revamp carry the migration day as their date; reports
        # are published in Jan–Mar, so such a date is never a publication date.
        migrated = MIGRATED.search(urlsplit(response.url).path)
        prefix = self.site.options.get("migration_prefix")
        if migrated and prefix and migrated.group(1).startswith(prefix):
            return dataclasses.replace(info, published_on=None)
        return info
