"""上海市长宁区: probably easttone `affair` (the /<slug>-<parent>/YYYY/DDD/ID.html shape of 普陀);
consolidated + 区府办 + 街镇 columns."""

from scraper.platforms.easttone import EasttoneSpider


class ShChangningSpider(EasttoneSpider):
    name = "sh_changning"
