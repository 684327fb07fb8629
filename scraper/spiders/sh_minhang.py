"""上海市闵行区: bespoke mh-xxgk-cms, <column>/content/<UUID>.htm under per-agency gknb columns."""

from scraper.platforms.base import PortalSpider


class ShMinhangSpider(PortalSpider):
    name = "sh_minhang"
