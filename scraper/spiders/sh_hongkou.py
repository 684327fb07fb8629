"""上海市虹口区: bespoke; annual-report column unknown, found by link discovery from the xxgk entry."""

from scraper.platforms.base import PortalSpider


class ShHongkouSpider(PortalSpider):
    name = "sh_hongkou"
