"""The JSON list API base: request bodies, paging rules, field aliases, dates in Asia/Shanghai."""

from __future__ import annotations

import dataclasses
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from scrapy.http import HtmlResponse
from warcio.archiveiterator import ArchiveIterator

from archive.layout import Layout
from scraper.protocols.json_list import JsonListApi, JsonListSpider, Listing, channel_ids, fill, more_pages
from scraper.protocols.json_reply import ApiError, encode_body, json_rows, read_payload, row_date
from tests.portal_site import FixtureSite

REPO = Path(__file__).resolve().parents[1]
EASTTONE = JsonListApi("/front/api/data/search", {"channelList": ["{channel}"], "pageNo": "{page}", "pageSize": 15})


def test_channel_ids_come_from_the_cms_config_only() -> None:
    html = "<script>var a = {ids:'9'};\nvar cms = new CMS({el:'#app', ids:'1899', pageSize:15});</script>"
    assert channel_ids(html) == ["1899"]
    assert channel_ids("new CMS({ ids : \"12, 34\" })") == ["12", "34"]
    assert channel_ids("<div v-for='item in list'></div> var x = {ids:'5'}") == []


def test_body_template_takes_page_and_channels() -> None:
    body = fill(EASTTONE.body, 3, ["1899", "1900"])
    assert body == {"channelList": ["1899", "1900"], "pageNo": 3, "pageSize": 15}
    # channelList must stay an array of strings: a string value makes 杨浦 answer with the whole site.
    assert json.loads(encode_body(body, EASTTONE.encoding))["channelList"] == ["1899", "1900"]
    form = JsonListApi("/rest/x", {"params": {"categorynum": "{channel}", "pageIndex": "{page}"}}, encoding="form")
    assert encode_body(fill(form.body, 0, ["003006"]), form.encoding) == \
        b"params=%7B%22categorynum%22%3A%22003006%22%2C%22pageIndex%22%3A0%7D"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1781578594000, "2026-06-16"),  # 杨浦's fixture row, milliseconds
        (1767196800, "2026-01-01"),  # 2025-12-31 16:00 UTC is already 1 January in Shanghai
        ("1767196800000", "2026-01-01"),
        ("2026-07-03", "2026-07-03"),
        ("2026-07-03 10:00:00", "2026-07-03"),
        ("", None),
        (None, None),
    ],
)
def test_row_dates(value: object, expected: str | None) -> None:
    assert row_date(value) == expected


def test_rows_with_aliases_relative_urls_and_no_link() -> None:
    payload = {"data": {"list": [
        {"id": "1", "title": "甲", "url": "/zhengwu/a/2026/1/1.html", "display_date": "2026-01-02"},
        {"id": "2", "name": "乙", "linkUrl": "https://www.shpt.gov.cn/b.html", "displayDate": 1767196800000},
        {"id": "3", "title": "丙", "url": ""},
    ]}}  # fmt: skip
    rows = json_rows(payload, EASTTONE.rows_at, EASTTONE.fields, "https://www.shpt.gov.cn/zhengwu/a/index.html")
    assert [(k, r.url, r.title, r.published_on) for k, r in rows] == [
        ("1", "https://www.shpt.gov.cn/zhengwu/a/2026/1/1.html", "甲", "2026-01-02"),
        ("2", "https://www.shpt.gov.cn/b.html", "乙", "2026-01-01"),
    ]
    [(_, row)] = json_rows({"data": {"records": [{"businessId": "0075204036", "siteId": "0075", "title": "丁"}]}},
                           EASTTONE.rows_at, EASTTONE.fields, "https://www.shanghai.gov.cn/zhengce/more",
                           "/zhengce/detail?businessId={businessId}&siteId={siteId}")
    assert row.url == "https://www.shanghai.gov.cn/zhengce/detail?businessId=0075204036&siteId=0075"


@pytest.mark.parametrize(
    ("data", "pages_read", "rows_read", "more"),
    [
        ({"totalPage": 98, "totalCount": 1463}, 97, 1455, True),
        ({"totalPage": 98, "totalCount": 1463}, 98, 1463, False),
        ({"totalPage": 667, "totalCount": 10000}, 667, 10000, True),  # capped: only an empty page ends it
        ({"totalCount": 40}, 2, 40, False),
        ({"totalCount": 40}, 2, 30, True),
        ({}, 5, 75, True),
    ],
)
def test_paging_stops_at_the_stated_total_unless_capped(data: dict[str, int], pages_read: int, rows_read: int, more: bool) -> None:
    assert more_pages({"data": data}, EASTTONE, pages_read, rows_read) is more


def test_error_replies_are_refused() -> None:
    assert read_payload(b'{"code":0,"data":{"list":[]}}')["code"] == 0
    for body in (b'{"code":500,"message":"busy"}', b"<html>challenge</html>", b"[1]"):
        with pytest.raises(ApiError):
            read_payload(body)


def test_api_exchanges_are_archived_with_their_request_bodies(tmp_path: Path) -> None:
    """The POST bodies sent to the API are kept in the WARC request records, the replies as blobs."""
    layout = Layout(tmp_path)
    with FixtureSite(REPO / "tests" / "fixtures" / "portals" / "sh_putuo" / "site") as site:
        env = {**os.environ, "NIANBAO_DOWNLOAD_DELAY": "0", "NIANBAO_LOG_LEVEL": "WARNING"}
        done = subprocess.run([sys.executable, "-m", "scraper.crawl", "sh_putuo", "--data", str(tmp_path),
                               "-a", f"base_url={site.base}", "-s", "AUTOTHROTTLE_ENABLED=False"],
                              cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    bodies = []
    for warc in sorted((layout.root / "archive" / "warc").glob("*.warc.gz")):
        with warc.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type == "request" and record.http_headers.protocol == "POST":
                    bodies.append(json.loads(record.content_stream().read()))
    assert {"channelList": ["2311"], "pageSize": 15, "orderFields": ["display_date"], "orderTypes": ["desc"],
            "pageNo": 3, "docFlag": "1"} in bodies  # fmt: skip
    con = sqlite3.connect(layout.catalog_path)
    methods = dict(con.execute("select method, count(*) from fetches where url like '%/front/api/data/affair' group by method"))
    assert methods == {"POST": len(bodies)} and len(bodies) == 7


class GetList(JsonListSpider):
    name = "gd_whlt"
    api = JsonListApi("/gkmlpt/api/all/2629", {"page": "{page}", "sid": "175"}, method="GET", encoding="query")


class FormList(JsonListSpider):
    name = "sh_songjiang"
    api = JsonListApi("rest/lightfrontaction/getgovinfolist", {"params": {"categorynum": "{channel}", "pageIndex": "{page}"}},
                      encoding="form", first_page=0, content_type="application/x-www-form-urlencoded; charset=UTF-8")


def test_get_and_form_requests_carry_the_list_page_as_referer() -> None:
    get = GetList().api_request(Listing("http://whly.gd.gov.cn/gkmlpt/annualreport", (), 2))
    assert get is not None and get.method == "GET" and get.body == b""
    assert get.url == "http://whly.gd.gov.cn/gkmlpt/api/all/2629?page=2&sid=175"
    assert get.headers["Referer"] == b"http://whly.gd.gov.cn/gkmlpt/annualreport"
    shell = "https://www.songjiang.gov.cn/shsj-application-front/xxgklist.html?categorynum=002008"
    post = FormList().api_request(Listing(shell, ("002008",), 0))
    assert post is not None and post.method == "POST"
    assert post.url == "https://www.songjiang.gov.cn/shsj-application-front/rest/lightfrontaction/getgovinfolist"
    assert parse_qs(post.body.decode())["params"] == ['{"categorynum":"002008","pageIndex":0}']
    assert post.headers["Content-Type"] == b"application/x-www-form-urlencoded; charset=UTF-8"
    assert post.headers["Origin"] == b"https://www.songjiang.gov.cn" and post.headers["Referer"] == shell.encode()


def test_registry_channels_win_over_the_page_config() -> None:
    spider = FormList()
    url = "https://www.songjiang.gov.cn/zwgk/gknb/index.html"
    page = HtmlResponse(url, body="<script>new CMS({ids:'77'})</script>".encode(), encoding="utf-8")
    assert spider.channels_for(page) == ["77"]
    spider.site = dataclasses.replace(spider.site, options={"channels": {"/zwgk/gknb/index.html": [5144]}})
    assert spider.channels_for(page) == ["5144"]
