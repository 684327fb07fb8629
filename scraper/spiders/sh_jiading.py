"""上海市嘉定区: bespoke tree /publicity/zfxxgk/zfxgknb/<year>/<category>/content_N."""

from scraper.platforms.base import PortalSpider


class ShJiadingSpider(PortalSpider):
    name = "sh_jiading"
