"""上海市黄浦区: bespoke; column reached from the 政府信息公开 guide, reports often as PDF (some PDF only)."""

from scraper.platforms.base import PortalSpider


class ShHuangpuSpider(PortalSpider):
    name = "sh_huangpu"
