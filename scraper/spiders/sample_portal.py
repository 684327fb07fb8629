"""Demo spider for the bundled sample portal (宝山-style infoDirectory / article.html?infoid= pages)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy import Request, Spider
from scrapy.http import Response

from scraper.context import CrawlContext
from scraper.items import Discovery
from scraper.titles import is_annual_report_title, parse_title


class SampleListSpider(Spider):
    """List pages (newest first) → report pages → attachments. `-a start_url=…` (required);
    `-a full=1` pages through every list page even when a page holds only reports that an
    earlier run already archived."""

    portal = ""
    list_link_css = ""
    next_page_css = ".pager a.next::attr(href)"
    title_css = ""
    attachment_css = ".attachments a::attr(href)"

    def __init__(self, start_url: str | None = None, full: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not start_url:
            raise ValueError(f"{self.name} needs its list page: -a start_url=http://127.0.0.1:PORT/…")
        self.start_url = start_url
        self.full = full not in ("", "0", "false", "no")

    async def start(self) -> AsyncIterator[Request]:
        yield Request(self.start_url, callback=self.parse_list)

    def page_meta(self, response: Response) -> dict[str, str]:
        raise NotImplementedError

    def parse_list(self, response: Response) -> Iterator[Discovery | Request]:
        yield Discovery.from_response(response, self.portal, "list", title=response.css("title::text").get())
        reports = [a for a in response.css(self.list_link_css) if is_annual_report_title(a.attrib.get("title"))]
        for link in reports:
            yield response.follow(link.attrib["href"], callback=self.parse_report)
        next_page = response.css(self.next_page_css).get()
        archive = CrawlContext.existing(self.crawler)
        urls = [response.urljoin(a.attrib["href"]) for a in reports]
        if next_page and urls and archive and not self.full and all(map(archive.known_before_run, urls)):
            # Newest first: a page of reports archived by earlier runs means the rest are older still.
            self.crawler.stats.inc_value("nianbao/paging/stopped_at_known")
            return
        if next_page:
            yield response.follow(next_page, callback=self.parse_list)

    def parse_report(self, response: Response) -> Iterator[Discovery | Request]:
        meta = self.page_meta(response)
        parts = parse_title("".join(response.css(self.title_css).getall()))
        found = {"title": parts.title, "agency": parts.agency or meta.get("发布机构"), "report_year": parts.report_year}
        yield Discovery.from_response(response, self.portal, "report", published_on=meta.get("发布日期"), **found)
        for href in response.css(self.attachment_css).getall():
            yield response.follow(href, callback=self.parse_attachment,
                                  cb_kwargs={"parent_url": response.url, "found": found})

    def parse_attachment(self, response: Response, parent_url: str, found: dict[str, Any]) -> Iterator[Discovery]:
        # Downloaded and archived only: reading the PDF is the pipeline's job.
        yield Discovery.from_response(response, self.portal, "attachment", parent_url=parent_url, **found)


class SamplePortalSpider(SampleListSpider):
    name = "sample_portal"
    portal = "sample_portal"
    list_link_css = "table.info-list a"
    title_css = "h1.article-title ::text"

    def page_meta(self, response: Response) -> dict[str, str]:
        labels = [t.strip() for t in response.css(".xxgk-meta th::text").getall()]
        values = [t.strip() for t in response.css(".xxgk-meta td::text").getall()]
        return dict(zip(labels, values, strict=False))
