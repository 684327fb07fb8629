"""Epoint govxxgk static pages: list subpages with `linkToNew` rows and a static pager."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from parsel import Selector

from scraper.pages import text_of
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
    the list's 生成日期 (静安, 松江, 崇明 URLs). Inferred: xxgklist.js was never captured, and
    崇明's letter codes (`qjyj`) show the segment is not the numeric deptcode, so this is only
    used for static list pages whose own path carries the segment."""
    dept = DEPT_SEGMENT.search(urlsplit(list_url).path)
    if not dept or not row.created_on:
        return None
    return urljoin(list_url, f"/govxxgk/{dept.group(1)}/{row.created_on}/{row.infoid}.html")
