"""The district CMS of 长宁, 普陀, 浦东 and 金山: columns of `<column>/YYYY/DDD/ID.html` pages."""

from __future__ import annotations

from scraper.platforms.base import PortalSpider


class DistrictCmsSpider(PortalSpider):
    """`YYYY/DDD` is the day the page was created, not published (长宁 2022/266 was published
    on 17 Feb), so the date always comes from the page."""

    detail_regex = r"/\d{4}/\d{1,3}/\d+\.html$"
    meta_css = (".xxgk-info", ".article-info", ".Article-time", "table.xxgk-table", "body")
    body_css = ("#ivs_content", ".Article_content", ".article-content", "body")
