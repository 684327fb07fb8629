"""上海市长宁区: district CMS, consolidated + 区府办 + 街镇 columns."""

from scraper.platforms.district import DistrictCmsSpider


class ShChangningSpider(DistrictCmsSpider):
    name = "sh_changning"
