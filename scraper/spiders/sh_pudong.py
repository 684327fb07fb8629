"""上海市浦东新区: district CMS, 区政府 + 街镇 + migrated numeric columns."""

from scraper.platforms.district import DistrictCmsSpider


class ShPudongSpider(DistrictCmsSpider):
    name = "sh_pudong"
