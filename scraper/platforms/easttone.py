"""easttone 政务云 CMS (普陀, 杨浦, 浦东; probably 长宁, 金山): column pages are Vue shells whose
rows come from `POST …/front/api/data/(affair|search)` on the channel named in `new CMS({ids})`."""

from __future__ import annotations

from scraper.platforms.district import DistrictCmsSpider
from scraper.protocols.json_list import JsonListApi, JsonListSpider

AFFAIR = JsonListApi(
    "/front/api/data/affair",
    {"channelList": ["{channel}"], "pageSize": 15, "orderFields": ["display_date"], "orderTypes": ["desc"],
     "pageNo": "{page}"},
)


class EasttoneSpider(JsonListSpider, DistrictCmsSpider):
    """Detail pages are static: the district CMS selectors read them."""

    api = AFFAIR
