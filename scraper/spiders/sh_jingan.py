"""上海市静安区: Epoint govxxgk."""

from scraper.platforms.epoint import EpointSpider


class ShJinganSpider(EpointSpider):
    name = "sh_jingan"
