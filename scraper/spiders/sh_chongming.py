"""上海市崇明区: Epoint govxxgk."""

from scraper.platforms.epoint import EpointSpider


class ShChongmingSpider(EpointSpider):
    name = "sh_chongming"
