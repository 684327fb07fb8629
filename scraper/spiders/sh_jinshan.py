"""上海市金山区: probably easttone `affair` (普陀's slug style); the column is found from the guide page."""

from scraper.platforms.easttone import EasttoneSpider


class ShJinshanSpider(EasttoneSpider):
    name = "sh_jinshan"
