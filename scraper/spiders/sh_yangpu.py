"""上海市杨浦区: bespoke Java endpoint buffersInformation/details?id=<uuid>; titles carry their date."""

from scraper.platforms.base import PortalSpider


class ShYangpuSpider(PortalSpider):
    name = "sh_yangpu"
