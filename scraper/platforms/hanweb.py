"""Hanweb JCMS: column pages embed their first records as `<datastore>` XML; later ones come
from POSTs to `dataproxy.jsp` with the page's `param_<unitid>` object."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urlencode, urljoin

from parsel import Selector
from scrapy import FormRequest, Request
from scrapy.http import Response, TextResponse

from scraper.pages import ListRow, anchor_title, is_attachment_url, row_date
from scraper.platforms.base import Output, PortalSpider

RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S)
JPAGE = re.compile(r"\.jpage\(\{(.*?)\}\)", re.S)
PARAM = re.compile(r"var\s+(param_\w+)\s*=\s*\{(.*?)\}", re.S)


@dataclass(frozen=True)
class HanwebPaging:
    total: int
    per_page: int
    group_size: int
    proxy_url: str
    params: dict[str, str]


def hanweb_records(text: str, base_url: str) -> list[ListRow]:
    """Record anchors' text is cut with "...", so the title comes from `@title`."""
    rows = []
    for cdata in RECORD.findall(text):
        for anchor in Selector(text=cdata).css("a[href]")[:1]:
            rows.append(ListRow(urljoin(base_url, anchor.attrib["href"]), anchor_title(anchor), row_date(anchor)))
    return rows


def _js_object(body: str) -> dict[str, str]:
    pairs = (item.split(":", 1) for item in body.split(",") if ":" in item)
    return {k.strip().strip("'\""): v.strip().strip("'\"") for k, v in pairs}


def hanweb_paging(text: str) -> HanwebPaging | None:
    """The jpage() call on the page (the one with `ajaxParam`) and its parameter object."""
    for call in JPAGE.findall(text):
        config = _js_object(call)
        params = {name: body for name, body in PARAM.findall(text)}.get(config.get("ajaxParam", ""))
        if params is not None and config.get("totalRecord", "").isdigit():
            per_page, group = int(config.get("perPage", 15)), int(config.get("groupSize", 3))
            proxy = config.get("proxyUrl", "/module/web/jpage/dataproxy.jsp")
            return HanwebPaging(int(config["totalRecord"]), per_page, group, proxy, _js_object(params))
    return None


def hanweb_proxy_pages(paging: HanwebPaging, embedded: int) -> Iterator[dict[str, int]]:
    """The query of each request after the embedded records, groupSize pages of records each.
    dataproxy.jsp pages by `page` alone (some servers ignore `startrecord`), so pages are aligned
    on whole requests and `page`, `startrecord`, `endrecord` and `perpage` all say the same."""
    step = paging.per_page * paging.group_size
    if embedded >= paging.total:
        return
    for page in range(embedded // step + 1, (paging.total - 1) // step + 2):
        start = (page - 1) * step + 1
        yield {"page": page, "startrecord": start, "endrecord": min(start + step - 1, paging.total), "perpage": step}


class HanwebSpider(PortalSpider):
    title_css = ("div.article div.title", "div.wzzw-title", ".title", "h1")
    meta_css = ("div.font", "table.xxgk-table", "ul.wzzw-info", "body")
    body_css = ("div#zoom", "div.wzzw-article", "body")

    def list_rows(self, response: TextResponse) -> Iterable[ListRow]:
        return hanweb_records(response.text, response.url)

    def parse_list(self, response: Response, nav_depth: int = 0) -> Output:
        yield from super().parse_list(response, nav_depth)
        if isinstance(response, TextResponse) and (paging := hanweb_paging(response.text)):
            embedded = len(hanweb_records(response.text, response.url))
            for query in hanweb_proxy_pages(paging, embedded):
                if request := self.proxy_request(response, paging, query):
                    yield request

    def proxy_request(self, response: Response, paging: HanwebPaging, query: dict[str, int]) -> Request | None:
        target = self.fetch_url(urljoin(response.url, f"{paging.proxy_url}?{urlencode(query)}"))
        if target is None:
            return None
        return FormRequest(target, formdata=paging.params, callback=self.parse_list,
                           cb_kwargs={"nav_depth": self.max_nav_depth})

    def next_pages(self, response: Response) -> Iterable[str]:
        return []

    def attachments(self, response: TextResponse) -> list[tuple[str, str]]:
        """JCMS also names attachments in `<meta name="Image" content="…downfile.jsp?…">`."""
        found = dict(super().attachments(response))
        for url in response.css('meta[name="Image"]::attr(content)').getall():
            if is_attachment_url(url):
                found.setdefault(response.urljoin(url), "")
        return list(found.items())
