"""上海市人民政府: shanghai.gov.cn per-year columns (report years 2007–2019, then the municipal report)."""

from scraper.platforms.shgov import ShanghaiGovSpider


class ShGovSpider(ShanghaiGovSpider):
    name = "sh_gov"
