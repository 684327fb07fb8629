"""上海市杨浦区: easttone `search` (Elasticsearch) on the channel the column page names."""

from scraper.platforms.easttone import EasttoneSpider
from scraper.protocols.json_list import JsonListApi


class ShYangpuSpider(EasttoneSpider):
    name = "sh_yangpu"
    api = JsonListApi(
        "/front/api/data/search",
        {"channelList": ["{channel}"], "pageNo": "{page}", "pageSize": 15, "orderFields": ["display_date", "id"],
         "orderTypes": ["desc", "desc"]},
    )
