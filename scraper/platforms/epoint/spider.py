"""The Epoint spider: static govxxgk lists, the `getgovinfolist` API behind column shells, and
detail shells filled by a REST call (portal-protocols.md §3.2)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

from parsel import Selector
from scrapy import Request
from scrapy.http import Response, TextResponse

from scraper.pages import ListRow, anchor_title, first, page_title, text_of
from scraper.platforms.base import Output
from scraper.platforms.epoint.govxxgk import epoint_detail_url, epoint_rows
from scraper.platforms.epoint.webbuilder import (
    CONFIG_SCRIPTS,
    EpointColumn,
    EpointSite,
    api_rows,
    epoint_column,
    epoint_site,
    is_shell,
    shell_infoid,
    wants_next_page,
)
from scraper.protocols.rest_detail import RestDetailSpider, api_request, origin_of
from scraper.titles import clean_text

REPORT_COLUMN = re.compile(r"年报|年度报告")


class EpointSpider(RestDetailSpider):
    """Registry options, for what a live check may correct without code: `epoint_column`
    ({url, deptcode, categorynum} when the column page's query does not carry them),
    `epoint_list_wrapped`, `epoint_detail_action`, `epoint_detail_id_key`."""

    title_css: tuple[str, ...] = ("h3#ivs_title", "#ivs_title")
    # 【信息时间：YYYY-MM-DD】 in div.ewb-info-source is the only date on some templates.
    meta_css: tuple[str, ...] = ("div.ewb-article-info", "ul.ewb-article-list", "div.ewb-source", "div.ewb-info-source")
    body_css: tuple[str, ...] = ("#ivs_content", ".ewb-article-content", "#info_spnContent")
    attachment_css: tuple[str, ...] = ("#ivs_content", "ul.ewb-attach", "div.attach")
    column_regex: str | None = r"/govxxgk/[^/]+/category/|govlist\.html"
    list_action = "/rest/lightfrontaction/getgovinfolist"
    # The one detail action documented on a real site (a Fujian Epoint portal); Shanghai's is unknown.
    detail_action = "/rest/frontAppNotNeedLoginAction/getInfoByID"
    page_size = 20
    body_fields = ("custom.infoContent", "custom.infocontent", "custom.data.infocontent", "custom.data.infoContent")
    title_fields = ("custom.title", "custom.infotitle", "custom.data.title")
    date_fields = ("custom.infodate", "custom.data.infodate")
    agency_fields = ("custom.deptname", "custom.data.deptname")
    attachment_fields = ("custom.pdflist", "custom.data.pdflist")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sites: dict[str, EpointSite] = {}

    # --- lists: static govxxgk pages, or column shells answered by getgovinfolist ----------------

    def parse_list(self, response: Response, nav_depth: int = 0) -> Output:
        column = epoint_column(response.url, self.site.options.get("epoint_column"))
        if column is None or not isinstance(response, TextResponse):
            yield from super().parse_list(response, nav_depth)
            return
        # A column shell is the list page, although its rows come from the API.
        yield self.discovery(response, "list", title=page_title(response.selector) or None)
        yield from self.with_site(response.url, column=column)

    def list_rows(self, response: TextResponse) -> Iterable[ListRow]:
        for row in epoint_rows(response.selector):
            if url := epoint_detail_url(response.url, row):
                yield ListRow(url, row.title, row.created_on)

    def next_pages(self, response: Response) -> Iterable[str]:
        if not isinstance(response, TextResponse):
            return []
        return [response.urljoin(href) for href in response.css("li.wb-page-item a::attr(href)").getall()]

    def nav_links(self, response: Response) -> Iterator[str]:
        """Besides static list pages, column links carrying `categorynum=` whose text names the
        annual reports (an entry tree links every column; only that one is wanted)."""
        yield from super().nav_links(response)
        if isinstance(response, TextResponse):
            for anchor in response.css("a[href]"):
                url = response.urljoin(anchor.attrib["href"].strip())
                if "categorynum" in parse_qs(urlsplit(url).query) and REPORT_COLUMN.search(anchor_title(anchor)):
                    yield url

    def with_site(self, page_url: str, **then: Any) -> Iterator[Request]:
        """Continue once the site's siteGuid and REST prefix are known (read once per host)."""
        site = self.sites.get(origin_of(page_url))
        if site is not None:
            yield from self.continue_with(site, **then)
            return
        yield from self.requests([urljoin(page_url, CONFIG_SCRIPTS[0])], self.parse_site_config, tried=0, **then)

    def parse_site_config(self, response: Response, tried: int, read: str = "", **then: Any) -> Iterator[Request]:
        # projectName and siteGuid may sit in different scripts (静安-style ajaxReq.js).
        read += "\n" + response.text if isinstance(response, TextResponse) else ""
        site = epoint_site(origin_of(response.url), read)
        if site is None and tried + 1 < len(CONFIG_SCRIPTS):
            script = urljoin(response.url, CONFIG_SCRIPTS[tried + 1])
            yield from self.requests([script], self.parse_site_config, tried=tried + 1, read=read, **then)
            return
        if site is None:
            self.count("nianbao/epoint/no_site_guid")
            self.logger.warning("%s: no siteGuid in %s", origin_of(response.url), ", ".join(CONFIG_SCRIPTS))
            return
        self.sites[site.origin] = site
        yield from self.continue_with(site, **then)

    def continue_with(self, site: EpointSite, column: EpointColumn | None = None,
                      shell: dict[str, Any] | None = None) -> Iterator[Request]:
        if column is not None:
            yield self.list_call(site, column, 0, overlap=False, previous=())
        if shell is not None:
            yield self.detail_call(site, **shell)

    def list_call(self, site: EpointSite, column: EpointColumn, page: int, overlap: bool,
                  previous: tuple[str, ...]) -> Request:
        payload: dict[str, Any] = {"deptcode": column.deptcode, "categorynum": column.categorynum, "pageIndex": page,
                                   "pageSize": self.page_size, "siteGuid": site.site_guid}
        if self.site.options.get("epoint_list_wrapped"):
            # The other body variant crawlers send: the same keys inside {"token":"","params":{…}}.
            payload = {"token": "", "params": payload}
        return api_request(site.rest_url(self.list_action), payload, "json", column.url, callback=self.parse_api_list,
                           cb_kwargs={"site": site, "column": column, "page": page, "overlap": overlap,
                                      "previous": previous})

    def parse_api_list(self, response: Response, site: EpointSite, column: EpointColumn, page: int,
                       overlap: bool, previous: tuple[str, ...]) -> Output:
        rows, total = api_rows(self.api_data(response), response.url)
        urls = tuple(row.url for row in rows)
        for row in rows:
            for request in self.follow_row(row):
                # A reader reaches the row from the column page, not from the API.
                request.headers.setdefault("Referer", column.url)
                yield request
        # pageIndex counts from 0 at some Epoint sites and from 1 at others: a second page that
        # repeats the first means 1-based, and shifts the count of pages received.
        overlap = overlap or (page == 1 and bool(urls) and urls == previous)
        if wants_next_page(page, self.page_size, total, urls, previous, overlap):
            yield self.list_call(site, column, page + 1, overlap, urls)

    # --- details: static pages, or shells filled by getInfoByID ------------------------------------

    def detail_request(self, response: TextResponse, **cb_kwargs: Any) -> Request | None:
        if not is_shell(response.text, text_of(first(response.selector, self.body_css))):
            return None
        infoid = shell_infoid(response.url, response.selector)
        if infoid is None:
            self.count("nianbao/epoint/shell_without_infoid")
            return None
        shell = {"infoid": infoid, **cb_kwargs}
        site = self.sites.get(origin_of(response.url))
        if site is not None:
            return self.detail_call(site, **shell)
        return next(self.with_site(response.url, shell=shell), None)

    def detail_call(self, site: EpointSite, infoid: str, **cb_kwargs: Any) -> Request:
        action = self.site.options.get("epoint_detail_action", self.detail_action)
        # getInfoByID names it infoID; the guessed Shanghai actions take infoid, infoGuid or id.
        payload = {"siteGuid": site.site_guid, self.site.options.get("epoint_detail_id_key", "infoID"): infoid}
        return api_request(site.rest_url(action), payload, "params", cb_kwargs["shell_url"],
                           callback=self.parse_detail_api, cb_kwargs=cb_kwargs)

    def meta_text(self, sel: Selector) -> str:
        return " ".join(text_of(found) for css in self.meta_css for found in sel.css(css))

    def attachments(self, response: TextResponse) -> list[tuple[str, str]]:
        """`div.attach a.down-txt` is a download link whatever its URL looks like."""
        found = dict(super().attachments(response))
        for anchor in response.css("div.attach a.down-txt[href]"):
            found.setdefault(response.urljoin(anchor.attrib["href"].strip()), clean_text(text_of(anchor)))
        return list(found.items())
