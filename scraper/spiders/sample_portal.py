"""Demo spider for the bundled sample portal (宝山-style infoDirectory / article.html?infoid= pages)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy import Request, Spider
from scrapy.http import Response

from scraper.items import Discovery

YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
REPORT_WORDS = "政府信息公开工作年度报告"


def title_year_agency(title: str) -> tuple[int | None, str | None]:
    """The report year (not the publication year) and the agency written before it, if any."""
    match = YEAR.search(title)
    if not match:
        return None, None
    agency = title[: match.start()].removesuffix("关于").strip()
    if not agency:
        # Year-first titles: "2022年上海市宝山区人力资源和社会保障局政府信息公开工作年度报告"
        agency = title[match.end() :].split(REPORT_WORDS)[0].strip()
    return int(match.group(1)), agency or None


class SamplePortalSpider(Spider):
    name = "sample_portal"
    portal = "sample_portal"

    def __init__(self, start_url: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not start_url:
            raise ValueError("give the list page: -a start_url=http://127.0.0.1:PORT/infoDirectory.html?type=nb")
        self.start_url = start_url

    async def start(self) -> AsyncIterator[Request]:
        yield Request(self.start_url, callback=self.parse_list)

    def parse_list(self, response: Response) -> Iterator[Discovery | Request]:
        yield Discovery.from_response(response, self.portal, "list", title=response.css("title::text").get())
        for link in response.css("table.info-list a"):
            if REPORT_WORDS in (link.attrib.get("title") or ""):
                yield response.follow(link, callback=self.parse_report)
        if next_page := response.css(".pager a.next::attr(href)").get():
            yield response.follow(next_page, callback=self.parse_list)

    def parse_report(self, response: Response) -> Iterator[Discovery | Request]:
        labels = [t.strip() for t in response.css(".xxgk-meta th::text").getall()]
        values = [t.strip() for t in response.css(".xxgk-meta td::text").getall()]
        meta = dict(zip(labels, values, strict=False))
        title = "".join(response.css("h1.article-title ::text").getall()).strip()
        year, agency = title_year_agency(title)
        found = {"title": title, "agency": agency or meta.get("发布机构"), "report_year": year}
        yield Discovery.from_response(response, self.portal, "report", published_on=meta.get("发布日期"), **found)
        for href in response.css(".attachments a::attr(href)").getall():
            yield response.follow(href, callback=self.parse_attachment,
                                  cb_kwargs={"parent_url": response.url, "found": found})

    def parse_attachment(self, response: Response, parent_url: str, found: dict[str, Any]) -> Iterator[Discovery]:
        yield Discovery.from_response(response, self.portal, "attachment", parent_url=parent_url, **found)
