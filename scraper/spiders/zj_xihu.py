"""杭州市西湖区: Hanweb JCMS column."""

from scraper.platforms.hanweb import HanwebSpider


class ZjXihuSpider(HanwebSpider):
    name = "zj_xihu"
