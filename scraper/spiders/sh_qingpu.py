"""上海市青浦区: gknb/<qj|zjd>/YYYYMMDD/ID.html and per-department nb columns; the lists are
probably the shanghai.gov.cn-style CMS, paged index.html, index_2.html, … from `totalPage: N`."""

from collections.abc import Iterable

from scrapy.http import Response, TextResponse

from scraper.platforms.base import PortalSpider
from scraper.platforms.shgov import shgov_page_urls


class ShQingpuSpider(PortalSpider):
    name = "sh_qingpu"

    def next_pages(self, response: Response) -> Iterable[str]:
        if not isinstance(response, TextResponse):
            return []
        return [*shgov_page_urls(response.url, response.text), *super().next_pages(response)]
