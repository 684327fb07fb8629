"""上海市闵行区: mh-xxgk-cms static lists `<column>/List/list_N.htm`, their page count in
`<column>/List/config.js`, reports at `<column>/content/<UUID>.htm`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urljoin

from scrapy.http import Response, TextResponse

from scraper.pages import ListRow, anchor_title, text_of
from scraper.platforms.base import Output, PortalSpider
from scraper.titles import clean_text, parse_date

PAGE_COUNT = re.compile(r"PageCount\s*=\s*(\d+)")
FIRST_LIST = re.compile(r"/List/list_0\.htm$")


class ShMinhangSpider(PortalSpider):
    name = "sh_minhang"
    meta_css = (".info", ".xx_info", "body")
    body_css = (".xx_text1", "#ivs_content", "body")

    def list_rows(self, response: TextResponse) -> Iterable[ListRow]:
        """Generic columns: `li` with `a[target=_blank]` + `span.f_float`; tabular ones: `table#table tr`."""
        for row in response.css("li:has(> a[target=_blank]), table#table tr:has(a[href])"):
            anchor = row.css("a[href]")[0]
            url = urljoin(response.url, anchor.attrib["href"].strip())
            if self.detail_pattern and self.detail_pattern.search(url):
                yield ListRow(url, anchor_title(anchor), parse_date(text_of(row)))

    def next_pages(self, response: Response) -> Iterable[str]:
        return []

    def parse_list(self, response: Response, nav_depth: int = 0) -> Output:
        yield from super().parse_list(response, nav_depth)
        # The other pages count downwards from the newest (list_0), so all come from config.js.
        if FIRST_LIST.search(response.url) and (request := self.request(urljoin(response.url, "config.js"), self.parse_config)):
            yield request

    def parse_config(self, response: Response) -> Output:
        match = PAGE_COUNT.search(response.text) if isinstance(response, TextResponse) else None
        count = int(match.group(1)) if match else 1
        yield from self.requests((urljoin(response.url, f"list_{n}.htm") for n in range(1, count)), self.parse_list)

    def attachments(self, response: TextResponse) -> list[tuple[str, str]]:
        """`.xx_attach` links are relative to the site root, named by their `download` attribute."""
        root = urljoin(response.url, "/")
        return [(urljoin(root, a.attrib["href"].strip()), a.attrib.get("download") or clean_text(text_of(a)))
                for a in response.css(".xx_attach a[href]") if a.attrib["href"].lower().endswith(".pdf")]
