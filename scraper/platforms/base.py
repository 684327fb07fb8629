"""The spider every portal shares: registry hosts, list pages → report pages → attachments, dedup."""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from parsel import Selector
from scrapy import Request, Spider
from scrapy.http import Response, TextResponse
from scrapy.settings import BaseSettings
from scrapy.utils.response import get_base_url

from scraper.items import Discovery
from scraper.pages import (
    AGENCY_LABELS,
    DATE_LABELS,
    ListRow,
    anchor_title,
    attachment_links,
    first,
    is_attachment_url,
    link_rows,
    meta_content,
    page_title,
    pager_links,
    picture_links,
    text_of,
)
from scraper.protocols.rendered import enable_rendering, render_meta, render_scope
from scraper.registry import Portal, get_portal, load_portals
from scraper.titles import (
    ReportInfo,
    agency_key,
    clean_text,
    describe_report,
    heading_agency,
    is_annual_report_title,
    labelled_date,
    labelled_value,
    parse_date,
    parse_title,
)

logger = logging.getLogger(__name__)

# Callbacks that read a report page (rendered when the portal renders details); files and
# attachments are never rendered, every other callback reads a list or entry page.
REPORT_CALLBACKS = frozenset({"parse_report", "parse_detail"})
FILE_CALLBACKS = frozenset({"parse_report_file", "parse_attachment", "parse_picture"})
NAV_WORDS = re.compile(r"年报|年度报告|信息公开|政务公开|公开目录")
ANY = re.compile("")
Output = Iterator[Discovery | Request]


def looks_like_report(text: str) -> bool:
    """A link to one report names its year; "政府信息公开年报" alone names the column."""
    return is_annual_report_title(text) and parse_title(text).report_year is not None


class PortalSpider(Spider):
    """Subclasses set `name` (= registry slug) and override the family hooks:
    `list_rows`, `next_pages`, `read_report` or just the CSS tuples below."""

    list_css: tuple[str, ...] = ("body",)
    title_css: tuple[str, ...] = ("h1", "h2", "h3", ".title")
    meta_css: tuple[str, ...] = ("body",)
    body_css: tuple[str, ...] = ("#ivs_content", ".Article_content", ".article-content", "#zoom", "body")
    attachment_css: tuple[str, ...] = ("body",)
    detail_regex: str | None = None
    column_regex: str | None = None
    max_nav_depth = 3
    follow_nav_always = False

    def __init__(self, *args: Any, start_url: str | None = None, base_url: str | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.site = self.load_site(start_url, kwargs)
        if start_url and not base_url and self.site.canonical_url(start_url) is None:
            base_url = start_url  # a local copy of the portal, e.g. test fixtures
        self.base = urlsplit(base_url) if base_url else None
        self.start_override = start_url
        detail = self.site.options.get("detail_pattern", self.detail_regex)
        column = self.site.options.get("column_pattern", self.column_regex)
        self.detail_pattern = re.compile(detail) if detail else None
        self.column_pattern = re.compile(column) if column else None
        self.claims: dict[tuple[str, int], str] = {}

    def load_site(self, start_url: str | None, kwargs: dict[str, Any]) -> Portal:
        return get_portal(self.name)

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        portal = load_portals().get(getattr(cls, "name", ""))
        if portal and portal.politeness:
            slots = {h.host: {"concurrency": 1, **portal.politeness} for h in portal.hosts}
            settings.set("DOWNLOAD_SLOTS", {**settings.getdict("DOWNLOAD_SLOTS"), **slots}, priority="spider")
        if settings.getbool("NIANBAO_RENDER") or (portal and render_scope(portal)):
            enable_rendering(settings)

    def rendered_pages(self) -> frozenset[str]:
        """"list", "report": the pages this crawl reads through the browser (NIANBAO_RENDER: all)."""
        settings = getattr(self, "settings", None)
        if settings is not None and settings.getbool("NIANBAO_RENDER"):
            return frozenset({"list", "report"})
        return render_scope(self.site)

    def request_meta(self, callback: Callable[..., Any]) -> dict[str, Any]:
        name = getattr(callback, "__name__", "")
        kind = "file" if name in FILE_CALLBACKS else "report" if name in REPORT_CALLBACKS else "list"
        if kind not in self.rendered_pages():
            return {}
        local = [self.base.hostname or ""] if self.base else []
        return render_meta([h.host for h in self.site.hosts] + local)

    # --- requests -----------------------------------------------------------------------------

    def fetch_url(self, url: str) -> str | None:
        """Where to fetch an official URL (aliases resolved, moved to `base_url` when testing);
        None for any other host, so re-hosted copies on mirrors are never followed."""
        parts = urlsplit(url)
        if self.base and parts.netloc == self.base.netloc:
            return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))
        canonical = self.site.canonical_url(url)
        if canonical is None:
            self.count("nianbao/links/offsite")
            return None
        if self.base:
            c = urlsplit(canonical)
            return urlunsplit((self.base.scheme, self.base.netloc, c.path, c.query, ""))
        return canonical

    def request(self, url: str, callback: Callable[..., Any], **cb_kwargs: Any) -> Request | None:
        target = self.fetch_url(url)
        return Request(target, callback=callback, cb_kwargs=cb_kwargs, meta=self.request_meta(callback)) if target else None

    def requests(self, urls: Iterable[str], callback: Callable[..., Any], **cb_kwargs: Any) -> Iterator[Request]:
        for url in urls:
            if (request := self.request(url, callback, **cb_kwargs)) is not None:
                yield request

    async def start(self) -> AsyncIterator[Request]:
        urls = [self.start_override] if self.start_override else list(self.site.start_urls)
        for request in self.requests(urls, self.parse_list):
            yield request

    # --- list pages ---------------------------------------------------------------------------

    def parse_list(self, response: Response, nav_depth: int = 0) -> Output:
        rows = list(self.list_rows(response)) if isinstance(response, TextResponse) else []
        title = page_title(response.selector) if isinstance(response, TextResponse) else None
        yield self.discovery(response, "list" if rows else "page", title=title or None)
        for row in rows:
            yield from self.follow_row(row)
        yield from self.requests(self.next_pages(response), self.parse_list, nav_depth=nav_depth)
        if (self.follow_nav_always or not rows) and nav_depth < self.max_nav_depth:
            yield from self.requests(self.nav_links(response), self.parse_list, nav_depth=nav_depth + 1)

    def list_region(self, response: TextResponse) -> Selector:
        return first(response.selector, self.list_css) or response.selector

    def list_rows(self, response: TextResponse) -> Iterable[ListRow]:
        region = self.list_region(response)
        if self.detail_pattern:
            return link_rows(region, response.url, self.detail_pattern)
        return (row for row in link_rows(region, response.url, ANY) if looks_like_report(row.title))

    def next_pages(self, response: Response) -> Iterable[str]:
        return pager_links(response.selector, response.url) if isinstance(response, TextResponse) else ()

    def nav_links(self, response: Response) -> Iterator[str]:
        """Links towards the annual-report column, when the page is an entry page, not a list."""
        if not isinstance(response, TextResponse):
            return
        # Epoint entry pages load the list into an iframe.
        for anchor in response.css("a[href], iframe[src]"):
            url = urljoin(response.url, (anchor.attrib.get("href") or anchor.attrib["src"]).strip())
            text = anchor_title(anchor)
            wanted = bool(self.column_pattern.search(url)) if self.column_pattern else bool(NAV_WORDS.search(text))
            if wanted and not is_attachment_url(url) and not looks_like_report(text):
                yield url

    def follow_row(self, row: ListRow) -> Iterator[Request]:
        if row.title and not is_annual_report_title(row.title):
            self.count("nianbao/rows/not_a_report")
            return
        target = self.fetch_url(row.url)
        if target is None:
            return
        parts = parse_title(row.title)
        role = "page" if self.is_duplicate(parts.agency, parts.report_year, target) else "report"
        callback = self.parse_report_file if is_attachment_url(target) else self.parse_report
        yield Request(target, callback=callback, cb_kwargs={"row": row, "role": role}, meta=self.request_meta(callback))

    def is_duplicate(self, agency: str | None, year: int | None, url: str) -> bool:
        """One report per agency and year in a crawl: a second URL for it is a re-hosted copy or
        a near-duplicate (杨浦's 区政府 vs whole-district report) and is archived as a page."""
        key = agency_key(agency)
        if not key or not year:
            return False
        holder = self.claims.setdefault((key, year), url)
        if holder != url:
            self.count("nianbao/reports/duplicate")
            logger.info("%s duplicates %s (%s %s)", url, holder, key, year)
            return True
        return False

    # --- report pages -------------------------------------------------------------------------

    def parse_report(self, response: Response, row: ListRow | None = None, role: str = "report") -> Output:
        if not isinstance(response, TextResponse):
            yield from self.parse_report_file(response, row, role)
            return
        info = self.read_report(response, row)
        if role == "report" and self.is_duplicate(info.agency, info.report_year, response.url):
            role = "page"
        if info.year_conflict:
            self.count("nianbao/reports/year_conflict")
            logger.warning("%s: title and 统计期限 disagree; report year %s", response.url, info.report_year)
        yield self.discovery(response, role, **self.report_fields(info))
        if role != "report":
            return
        for url, text in self.attachments(response):
            request = self.request(url, self.parse_attachment, parent=info, parent_url=response.url, link_text=text)
            if request is not None:
                yield request
        # Report pages only: a list's or a portal's pictures are never fetched.
        yield from self.requests(self.pictures(response), self.parse_picture, parent=info, parent_url=response.url)

    def read_report(self, response: TextResponse, row: ListRow | None = None) -> ReportInfo:
        sel = response.selector
        title = meta_content(sel, "ArticleTitle") or clean_text(text_of(first(sel, self.title_css)))
        title = title or (row.title if row else "") or page_title(sel)
        meta = self.meta_text(sel)
        published = (
            labelled_date(meta, DATE_LABELS)
            or parse_date(meta_content(sel, "PubDate"))
            or parse_date(meta)
            or (row.published_on if row else None)
        )
        body = text_of(first(sel, self.body_css))
        hints = (labelled_value(meta, AGENCY_LABELS), meta_content(sel, "ContentSource"), heading_agency(body))
        return describe_report(title, body, published, hints, **self.year_hints(response))

    def meta_text(self, sel: Selector) -> str:
        return text_of(first(sel, self.meta_css))

    def year_hints(self, response: Response) -> dict[str, int | None]:
        return {}

    def attachments(self, response: TextResponse) -> list[tuple[str, str]]:
        return attachment_links(response.selector, response.url, self.attachment_css)

    def pictures(self, response: TextResponse) -> list[str]:
        """Pictures in the report's body, which may be its tables pasted as images. Only a body
        a selector names: the whole page's banners and buttons are no report's."""
        scope = tuple(css for css in self.body_css if css not in ("body", "html"))
        return picture_links(response.selector, get_base_url(response), scope) if scope else []

    def parse_report_file(self, response: Response, row: ListRow | None = None, role: str = "report") -> Output:
        """A list row that links straight to a PDF or Word file (some 黄浦 reports are PDF only)."""
        info = describe_report(row.title if row else "", published_on=row.published_on if row else None)
        yield self.discovery(response, role, **self.report_fields(info))

    def parse_attachment(self, response: Response, parent: ReportInfo, parent_url: str, link_text: str) -> Output:
        fields = self.report_fields(parent) | {"title": link_text or parent.title, "parent_url": parent_url}
        yield self.discovery(response, "attachment", **fields)

    def parse_picture(self, response: Response, parent: ReportInfo, parent_url: str) -> Output:
        yield self.discovery(response, "image", **(self.report_fields(parent) | {"parent_url": parent_url}))

    # --- output -------------------------------------------------------------------------------

    @staticmethod
    def report_fields(info: ReportInfo) -> dict[str, Any]:
        return {"title": info.title or None, "agency": info.agency, "report_year": info.report_year,
                "published_on": info.published_on}

    def discovery(self, response: Response, role: str, **fields: Any) -> Discovery:
        self.count(f"nianbao/discovered/{role}")
        return Discovery.from_response(response, self.site.slug, role, **fields)

    def count(self, key: str) -> None:
        crawler = getattr(self, "crawler", None)
        if crawler is not None and crawler.stats is not None:
            crawler.stats.inc_value(key)
