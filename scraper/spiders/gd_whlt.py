"""广东省文化和旅游厅: gkmlpt annual-report category."""

from scraper.platforms.gkmlpt import GkmlptSpider


class GdWhltSpider(GkmlptSpider):
    name = "gd_whlt"
