"""上海市徐汇区: bespoke ASP-style CMS, /H/xhxxgkN/xhxxgk_<agency>_nb_gknb/Info/Detail_N.htm."""

from scraper.platforms.base import PortalSpider


class ShXuhuiSpider(PortalSpider):
    name = "sh_xuhui"
