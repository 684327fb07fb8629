"""上海市虹口区: Epoint WebBuilder (paths and the shhkZwgk shell token; the protocol is a guess)."""

from scraper.platforms.epoint import EpointSpider


class ShHongkouSpider(EpointSpider):
    name = "sh_hongkou"
