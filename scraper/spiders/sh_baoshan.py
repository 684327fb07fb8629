"""上海市宝山区: bespoke xxgk.shbsq.gov.cn, infoDirectory.html?dept= → article.html?infoid=."""

from scraper.platforms.base import PortalSpider


class ShBaoshanSpider(PortalSpider):
    name = "sh_baoshan"
