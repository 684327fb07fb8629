"""北京市密云区: TRS, one gknb{Y} column per year."""

from scraper.platforms.trs import TrsSpider


class BjMiyunSpider(TrsSpider):
    name = "bj_miyun"
