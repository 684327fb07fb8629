"""上海市浦东新区: easttone `affair` under the `/zwgk-search-front` prefix; the old numeric
columns (006002004) are still static lists."""

from scraper.platforms.easttone import EasttoneSpider
from scraper.protocols.json_list import JsonListApi


class ShPudongSpider(EasttoneSpider):
    name = "sh_pudong"
    api = JsonListApi(
        "/zwgk-search-front/api/data/affair",
        {"channelList": ["{channel}"], "pageNo": "{page}", "pageSize": 20},
        content_type="application/json;charset=UTF-8",
    )
