"""上海市青浦区: bespoke, gknb/<qj|zjd>/YYYYMMDD/ID.html and per-department nb columns."""

from scraper.platforms.base import PortalSpider


class ShQingpuSpider(PortalSpider):
    name = "sh_qingpu"
