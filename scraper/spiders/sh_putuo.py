"""上海市普陀区: easttone `affair` with docFlag "1", one column (channel) per agency."""

from scraper.platforms.easttone import EasttoneSpider
from scraper.protocols.json_list import JsonListApi


class ShPutuoSpider(EasttoneSpider):
    name = "sh_putuo"
    api = JsonListApi(
        "/front/api/data/affair",
        {"channelList": ["{channel}"], "pageSize": 15, "orderFields": ["display_date"], "orderTypes": ["desc"],
         "pageNo": "{page}", "docFlag": "1"},
    )
