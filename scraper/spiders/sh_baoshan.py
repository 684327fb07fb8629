"""上海市宝山区: xxgk.shbsq.gov.cn, static infoDirectory.html?dept= lists → article.html?infoid= pages,
read as they are when they carry their body and through Epoint's REST detail call when they are
WebBuilder shells (the `article.html?infoid=` naming is Epoint's)."""

from scraper.platforms.base import PortalSpider
from scraper.platforms.epoint import EpointSpider


class ShBaoshanSpider(EpointSpider):
    name = "sh_baoshan"
    title_css = PortalSpider.title_css
    meta_css = PortalSpider.meta_css
    body_css = PortalSpider.body_css
    attachment_css = PortalSpider.attachment_css
    column_regex = None
    list_rows = PortalSpider.list_rows
    next_pages = PortalSpider.next_pages
    nav_links = PortalSpider.nav_links
