"""上海市奉贤区: bespoke; annual-report column unknown, found by link discovery from the xxgk guide."""

from scraper.platforms.base import PortalSpider


class ShFengxianSpider(PortalSpider):
    name = "sh_fengxian"
