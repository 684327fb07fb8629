"""Epoint WebBuilder's script side: site config, column parameters, `getgovinfolist` rows, shells."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

from parsel import Selector

from scraper.pages import ListRow
from scraper.protocols.json_reply import field
from scraper.protocols.rest_detail import first_field
from scraper.titles import clean_text, parse_date

# siteGuid sits in webBuilderCommon.js's `siteInfo`, or in ajaxReq.js at some sites.
CONFIG_SCRIPTS = ("/js/webBuilderCommon.js", "/js/ajaxReq.js")
SITE_GUID = re.compile(r"""["']?siteGuid["']?\s*[:=]\s*["']([0-9A-Za-z-]{8,})["']""")
PROJECT_NAME = re.compile(r"""["']?projectName["']?\s*[:=]\s*["'](/[\w./-]*)["']""")
UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
# What KIROGOVCOMPARE takes as the sign that a page's body is loaded by script.
SHELL_MARKERS = ("info_spnContent", "getGovInfoDetail", "getInfoByID", "webBuilderCommon", "gxhWebBuilderCommon",
                 "shhkZwgk", "webbuilder.get")


@dataclass(frozen=True)
class EpointSite:
    origin: str
    site_guid: str
    project: str

    def rest_url(self, action: str) -> str:
        return f"{self.origin}{self.project.rstrip('/')}{action}"


@dataclass(frozen=True)
class EpointColumn:
    url: str
    deptcode: str
    categorynum: str


def epoint_site(origin: str, script: str) -> EpointSite | None:
    guid = SITE_GUID.search(script)
    if not guid:
        return None
    project = PROJECT_NAME.search(script)
    return EpointSite(origin, guid.group(1), project.group(1) if project else "")


def epoint_column(url: str, options: dict[str, str] | None = None) -> EpointColumn | None:
    """A column page names its list in its query (`goverDetail.html?deptcode=004&categorynum=004`),
    which are exactly getgovinfolist's body fields; a registry option can give them instead."""
    parts = urlsplit(url)
    if "govlist" in parts.path:
        return None  # a static list page, already read as one
    query = {k.lower(): v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
    if "categorynum" in query:
        return EpointColumn(url, query.get("deptcode", ""), query["categorynum"])
    if options and options.get("url") and urljoin(url, options["url"]) == url:
        return EpointColumn(url, options.get("deptcode", ""), options.get("categorynum", ""))
    return None


def api_rows(data: Any, base_url: str) -> tuple[list[ListRow], int | None]:
    """`{"custom":{"data":[…],"total":N}}`; rows without a link are dropped."""
    records = field(data, "custom.data")
    total = field(data, "custom.total")
    rows = []
    for record in records if isinstance(records, list) else []:
        link = first_field(record, ("infourl", "visiturl", "linkurl"))
        if link is None:
            continue
        title = first_field(record, ("title", "realtitle"))
        date = first_field(record, ("infodate", "handsdate"))
        rows.append(ListRow(urljoin(base_url, link[1].strip()), clean_text(title[1]) if title else "",
                            parse_date(date[1]) if date else None))
    return rows, int(total) if isinstance(total, int | str) and str(total).isdigit() else None


def wants_next_page(page: int, size: int, total: int | None, urls: tuple[str, ...], previous: tuple[str, ...],
                    overlap: bool) -> bool:
    """Page on until an empty page, a page repeating the last one, or the stated total."""
    if not urls or (urls == previous and page > 1):
        return False
    received = page if overlap else page + 1
    return total is None or received * size < total


def is_shell(html: str, body_text: str) -> bool:
    return not body_text.strip() and any(marker in html for marker in SHELL_MARKERS)


def shell_infoid(url: str, sel: Selector) -> str | None:
    """`#hid_gvcate_infoid` equals the URL's UUID on govxxgk pages; showinfo pages carry it as
    `infoGuid=` or `infoid=`."""
    hidden = sel.css("#hid_gvcate_infoid::attr(value)").get()
    if hidden and hidden.strip():
        return hidden.strip()
    query = {k.lower(): v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    found = query.get("infoid") or query.get("infoguid")
    if found:
        return found
    match = UUID.search(urlsplit(url).path)
    return match.group(0) if match else None
