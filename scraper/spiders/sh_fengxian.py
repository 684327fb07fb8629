"""上海市奉贤区: reports found from the static www site; the xxgk.fengxian.gov.cn `/art/info/<col>/<id>`
pages they link to are an SPA whose body comes from `POST /html/info/detail` (form `id=<artId>`)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.http import TextResponse

from scraper.protocols.rest_detail import RestDetailSpider, api_request, origin_of

ARTICLE = re.compile(r"/art/info/\d+/([^/?#]+)$")


class ShFengxianSpider(RestDetailSpider):
    name = "sh_fengxian"
    # The field names come from one client's guesses (KIROGOVCOMPARE); none is confirmed.
    body_fields = ("data.body", "data.content", "data.html", "data.infoContent")
    title_fields = ("data.title", "data.name", "data.infoTitle", "title", "name", "infoTitle")
    agency_fields = ("data.dept", "data.publisher", "dept", "publisher")

    def detail_request(self, response: TextResponse, **cb_kwargs: Any) -> Request | None:
        article = ARTICLE.search(urlsplit(response.url).path)
        if article is None:
            return None
        return api_request(f"{origin_of(response.url)}/html/info/detail", {"id": article.group(1)}, "form",
                           response.url, content_type="application/x-www-form-urlencoded;charset=UTF-8", xhr=False,
                           callback=self.parse_detail_api, cb_kwargs=cb_kwargs)
