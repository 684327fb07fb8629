"""上海市普陀区: district CMS, one column per agency."""

from scraper.platforms.district import DistrictCmsSpider


class ShPutuoSpider(DistrictCmsSpider):
    name = "sh_putuo"
