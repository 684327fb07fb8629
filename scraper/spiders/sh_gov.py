"""上海市人民政府: shanghai.gov.cn per-year columns (report years 2007–2019, then the municipal
report), and the 统一政策发布平台 (`POST /gwk/policy/page`, bodies from `POST /gwk/policy/detail`),
of which only annual reports are kept, by title."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urljoin, urlsplit

from scrapy import Request
from scrapy.http import Response, TextResponse

from scraper.platforms.base import Output, PortalSpider
from scraper.platforms.shgov import ShanghaiGovSpider
from scraper.protocols.json_list import JsonListApi, JsonListSpider
from scraper.protocols.rest_detail import RestDetailSpider, api_request

POLICY_PAGES = "/zhengce/more"
POLICY_DETAIL = "/zhengce/detail"


class ShGovSpider(JsonListSpider, RestDetailSpider, ShanghaiGovSpider):
    name = "sh_gov"
    api = JsonListApi(
        "/gwk/policy/page",
        {"pageNo": "{page}", "pageSize": 20, "siteIdList": ["0001"]},
        detail_url="/zhengce/detail?businessId={businessId}&siteId={siteId}",
    )
    body_fields = ("data.txt",)
    title_fields = ("data.title",)
    date_fields = ("data.publishDate", "data.displayDate")
    agency_fields = ("data.attrs.agency",)
    attachment_fields = ("data.attrs.zwPDFUrl",)

    def parse_list(self, response: Response, nav_depth: int = 0) -> Output:
        if urlsplit(response.url).path.startswith(POLICY_PAGES):
            yield from JsonListSpider.parse_list(self, response, nav_depth)
        else:
            yield from PortalSpider.parse_list(self, response, nav_depth)

    def detail_request(self, response: TextResponse, **cb_kwargs: Any) -> Request | None:
        """The policy page is an SPA shell; its Referer must be the detail page itself."""
        parts = urlsplit(response.url)
        query = dict(parse_qsl(parts.query))
        if not parts.path.startswith(POLICY_DETAIL) or not query.get("businessId"):
            return None
        target = self.fetch_url(urljoin(response.url, "/gwk/policy/detail"))
        if target is None:
            return None
        payload = {"siteId": query.get("siteId", ""), "businessId": query["businessId"]}
        return api_request(target, payload, "json", response.url, callback=self.parse_detail_api, cb_kwargs=cb_kwargs)

    def api_attachments(self, data: Any, html: str, base_url: str) -> list[tuple[str, str]]:
        """`/gwk/resource/file?pathname=…&filename=report.pdf` names its file in the query."""
        return [(url, dict(parse_qsl(urlsplit(url).query)).get("filename") or name)
                for url, name in super().api_attachments(data, html, base_url)]
