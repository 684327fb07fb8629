"""Epoint govxxgk (静安, 松江, 崇明): list rows carry the document id only in `linkToNew(...)`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import parse_qs, urljoin, urlsplit

from parsel import Selector
from scrapy.http import Response, TextResponse

from scraper.pages import ListRow, text_of
from scraper.platforms.base import PortalSpider
from scraper.titles import clean_text, parse_date

LINK_TO_NEW = re.compile(r"linkToNew\('([^']+)','([^']*)'\)")
DEPT_SEGMENT = re.compile(r"/govxxgk/([^/]+)/")


@dataclass(frozen=True)
class EpointRow:
    infoid: str
    categorynum: str
    title: str
    created_on: str | None
    index_no: str | None


def epoint_rows(sel: Selector) -> list[EpointRow]:
    """Rows of a govlist subpage; the pager rows (`tr.noborder`) have no `td.ewb-rqnr`."""
    rows = []
    for tr in sel.css("div.table-responsive table tbody tr"):
        anchor = tr.css("a.ewb-infoname")
        match = LINK_TO_NEW.search(anchor.attrib.get("onclick", "")) if anchor else None
        if not tr.css("td.ewb-rqnr") or not match:
            continue
        created = parse_date(tr.css("td.ewb-rqnr span::text").get())
        index_no = tr.css("td:first-child span::attr(title)").get()
        rows.append(EpointRow(match[1], match[2], clean_text(text_of(anchor[0])), created, index_no))
    return rows


def epoint_last_page(sel: Selector) -> int | None:
    for anchor in sel.css("li.wb-page-item a[href]"):
        if "尾页" in text_of(anchor) and (match := re.search(r"/(\d+)\.html$", anchor.attrib["href"])):
            return int(match.group(1))
    current = sel.css("li.wb-page-item.current::text").get()
    return int(current) if current and current.strip().isdigit() else None


def epoint_detail_url(list_url: str, row: EpointRow) -> str | None:
    """Shanghai detail pages live at /govxxgk/<dept>/<date>/<infoid>.html with the date equal to
    the list's 生成日期 (静安, 松江, 崇明 URLs). Inferred: xxgklist.js was never captured."""
    parts = urlsplit(list_url)
    dept = DEPT_SEGMENT.search(parts.path)
    segment = dept.group(1) if dept else parse_qs(parts.query).get("deptcode", [None])[0]
    if not segment or not row.created_on:
        return None
    return urljoin(list_url, f"/govxxgk/{segment}/{row.created_on}/{row.infoid}.html")


class EpointSpider(PortalSpider):
    title_css = ("h3#ivs_title", "#ivs_title")
    meta_css = ("div.ewb-article-info", "ul.ewb-article-list", "div.ewb-source")
    body_css = ("#ivs_content",)
    attachment_css = ("#ivs_content", "ul.ewb-attach")
    column_regex = r"/govxxgk/[^/]+/category/|govlist\.html"

    def list_rows(self, response: TextResponse) -> Iterable[ListRow]:
        for row in epoint_rows(response.selector):
            if url := epoint_detail_url(response.url, row):
                yield ListRow(url, row.title, row.created_on)

    def next_pages(self, response: Response) -> Iterable[str]:
        if not isinstance(response, TextResponse):
            return []
        return [response.urljoin(href) for href in response.css("li.wb-page-item a::attr(href)").getall()]
