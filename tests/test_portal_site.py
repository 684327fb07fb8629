"""The fixture server answers POSTs only for the documented bodies and records every request."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.portal_site import FixtureSite

REPO = Path(__file__).resolve().parents[1]
PUTUO = REPO / "tests" / "fixtures" / "portals" / "sh_putuo" / "site"
BODY = {"channelList": ["2312"], "pageSize": 15, "orderFields": ["display_date"], "orderTypes": ["desc"], "pageNo": 1,
        "docFlag": "1"}


def post(url: str, body: object) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json", "Referer": "x"})
    try:
        with urllib.request.urlopen(request, timeout=10) as reply:
            return reply.status, reply.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def test_posts_are_answered_by_path_and_exact_body() -> None:
    with FixtureSite(PUTUO) as site:
        status, reply = post(site.base + "/front/api/data/affair", BODY)
        assert status == 200 and json.loads(reply)["data"]["totalCount"] == 1
        assert not site.unanswered()
        assert post(site.base + "/front/api/data/affair", {**BODY, "channelList": "2312"})[0] == 404
        [wrong] = site.unanswered()
        assert json.loads(wrong.body)["channelList"] == "2312"
        assert [(s.method, s.path, s.header("content-type"), s.header("REFERER")) for s in site.requests] == [
            ("POST", "/front/api/data/affair", "application/json", "x")] * 2


@pytest.mark.parametrize("path", ["/zhengwu/zfxxgknb-lrjzfxxgk/index.html", "/zhengwu/zfxxgknb-lrjzfxxgk/"])
def test_gets_are_still_answered_by_url(path: str) -> None:
    with FixtureSite(PUTUO) as site, urllib.request.urlopen(site.base + path, timeout=10) as reply:
        assert b"new CMS(" in reply.read()
        assert site.requests[0].method == "GET" and site.requests[0].body == b""
