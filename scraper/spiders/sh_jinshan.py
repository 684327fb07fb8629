"""上海市金山区: district CMS (assumed), column found from the guide page."""

from scraper.platforms.district import DistrictCmsSpider


class ShJinshanSpider(DistrictCmsSpider):
    name = "sh_jinshan"
