"""The REST-detail base and the Epoint script side: request shapes, field lookup, paging, shells,
and one crawl through the whole archive showing a report cut from a JSON field is extracted."""

from __future__ import annotations

import json
import subprocess
from dataclasses import replace
import sys
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from parsel import Selector
from scrapy import Request
from scrapy.http import HtmlResponse, TextResponse
from scrapy.settings import Settings
from scrapy.spiderloader import SpiderLoader
from sqlite_utils import Database

from archive.layout import Layout
from pipeline.load import report_id
from pipeline.runner import build
from scraper.pages import ListRow
from scraper.platforms.epoint import EpointSpider
from scraper.platforms.epoint.webbuilder import (
    EpointColumn,
    EpointSite,
    api_rows,
    epoint_column,
    epoint_site,
    is_shell,
    shell_infoid,
    wants_next_page,
)
from scraper.protocols.rest_detail import RestDetailSpider, api_request, first_field, linked_files
from scraper.registry import load_portals
from tests.portal_site import FixtureSite
from tests.scraper_harness import REPO, catalog, count, crawl_env

FIXTURES = Path(__file__).parent / "fixtures" / "portals"
YINGKOU = "epoint-govxxgk/yingkou-govxxgk-detail-ykszf-20260427.html"
SONGJIANG_PAGE = "sh_songjiang/site/govxxgk/SHSJ43/2026-02-12/3c9d4e2f-7a1b-4c8d-9e0f-112233445566.html"
SHELL_PAGE = "sh_chongming/site/govxxgk/qjyj/2025-01-24/a7c1e2d3-4b5f-4a69-8e7d-0c1b2a3f4e5d.html"


def test_epoint_params_convention() -> None:
    request = api_request("https://x.gov.cn/p/rest/a/b", {"infoID": "u1", "siteGuid": "g"}, "params",
                          "https://x.gov.cn/d.html")
    assert request.method == "POST"
    assert json.loads(parse_qs(request.body.decode())["params"][0]) == {"infoID": "u1", "siteGuid": "g"}
    assert request.headers["Content-Type"] == b"application/x-www-form-urlencoded; charset=UTF-8"
    assert request.headers["Referer"] == b"https://x.gov.cn/d.html"
    assert request.headers["Origin"] == b"https://x.gov.cn"
    assert request.headers["X-Requested-With"] == b"XMLHttpRequest"


def test_json_and_plain_form_bodies() -> None:
    raw = api_request("https://x.gov.cn/api", {"pageIndex": 0, "title": "年报"}, "json", "https://x.gov.cn/")
    assert raw.body.decode() == '{"pageIndex":0,"title":"年报"}'
    assert raw.headers["Content-Type"] == b"application/json"
    form = api_request("https://x.gov.cn/api", {"id": "i1"}, "form", "https://x.gov.cn/a", xhr=False,
                       content_type="application/x-www-form-urlencoded;charset=UTF-8")
    assert form.body == b"id=i1" and b"X-Requested-With" not in form.headers


def test_first_non_empty_field_wins() -> None:
    data = {"data": {"body": "", "content": "<p>正文</p>", "html": "<p>x</p>"}}
    assert first_field(data, ("data.body", "data.content", "data.html")) == ("data.content", "<p>正文</p>")
    assert first_field({"data": None}, ("data.body",)) is None
    assert first_field(["not", "a", "dict"], ("data.body",)) is None


def test_files_from_a_path_field_and_from_a_list_of_objects() -> None:
    data = {"data": {"attrs": {"zwPDFUrl": "/2/0075/a/report.pdf"}},
            "custom": {"pdflist": [{"attachname": "年报.pdf", "attachurl": "/nas/a.pdf"}, {"attachname": "无链接"}]}}
    assert list(linked_files(data, ("data.attrs.zwPDFUrl", "custom.pdflist"))) == [
        ("/2/0075/a/report.pdf", ""), ("/nas/a.pdf", "年报.pdf")]


def test_site_config_from_either_script() -> None:
    common = "var siteInfo = {\n siteGuid: '7eb5f7f1-9041-43ad-8e13-8fcb82ea831a', projectName: '/EWB-FRONT' };"
    assert epoint_site("https://a.gov.cn", common) == EpointSite(
        "https://a.gov.cn", "7eb5f7f1-9041-43ad-8e13-8fcb82ea831a", "/EWB-FRONT")
    ajax = 'var cfg = {"siteGuid":"7eb5f7f1-9041-43ad-8e13-8fcb82ea831a"};'
    assert epoint_site("https://a.gov.cn", ajax).rest_url("/rest/x") == "https://a.gov.cn/rest/x"  # type: ignore[union-attr]
    assert epoint_site("https://a.gov.cn", "var siteInfo = { projectName: '/EWB-FRONT' };") is None


def test_column_parameters_come_from_the_query_not_from_static_lists() -> None:
    column = epoint_column("http://www.shcm.gov.cn/goverDetail.html?deptcode=004&categorynum=004")
    assert column is not None and (column.deptcode, column.categorynum) == ("004", "004")
    assert epoint_column("https://a.gov.cn/govxxgk/x/category/govlist.html?deptcode=1&categorynum=2") is None
    assert epoint_column("https://a.gov.cn/dynamic/infoOpenFile.html") is None
    configured = epoint_column("https://a.gov.cn/dynamic/infoOpenFile.html",
                               {"url": "/dynamic/infoOpenFile.html", "categorynum": "001014001"})
    assert configured is not None and configured.categorynum == "001014001"


def test_rows_keep_their_own_detail_urls() -> None:
    """崇明's infourl carries a letter department code that the numeric deptcode cannot give."""
    data = {"custom": {"total": "2", "data": [
        {"title": "上海市崇明区教育局2024年政府信息公开工作年度报告 ", "infourl": "/govxxgk/qjyj/2025-01-24/u.html",
         "infodate": "2025-01-24 10:00:00"},
        {"realtitle": "无链接的一行", "infourl": ""}]}}
    rows, total = api_rows(data, "https://shcm.gov.cn/shcm-application-front/rest/lightfrontaction/getgovinfolist")
    assert total == 2 and len(rows) == 1
    assert rows[0].url == "https://shcm.gov.cn/govxxgk/qjyj/2025-01-24/u.html"
    assert rows[0].title.endswith("年度报告") and rows[0].published_on == "2025-01-24"


@pytest.mark.parametrize(("page", "total", "urls", "previous", "overlap", "expected"), [
    (0, 22, ("a",) * 20, (), False, True),           # 0-based, 20 of 22 received
    (1, 22, ("b", "c"), ("a",) * 20, False, False),  # all 22 received
    (0, 3, ("a", "b", "c"), (), False, False),       # one page holds them all
    (0, None, ("a",), (), False, True),              # no total: page until empty
    (3, None, (), ("a",), False, False),             # empty page
    (1, 22, ("a",) * 20, ("a",) * 20, True, True),   # 1-based: page 1 repeated page 0, page 2 still due
    (2, 22, ("b", "c"), ("a",) * 20, True, False),
    (5, None, ("x",), ("x",), False, False),         # a page repeating the last one ends the walk
])
def test_paging_until_total_empty_page_or_repeat(page: int, total: int | None, urls: tuple[str, ...],
                                                 previous: tuple[str, ...], overlap: bool, expected: bool) -> None:
    assert wants_next_page(page, 20, total, urls, previous, overlap) is expected


def test_shell_is_told_from_a_page_with_its_body() -> None:
    shell = (FIXTURES / SHELL_PAGE).read_text(encoding="utf-8")
    static = (FIXTURES / SONGJIANG_PAGE).read_text(encoding="utf-8")
    assert is_shell(shell, "")
    assert not is_shell(static, "根据《中华人民共和国政府信息公开条例》")
    assert not is_shell("<html><body><div id='ivs_content'></div></body></html>", "")  # empty, but no script loads it
    url = "https://shcm.gov.cn/govxxgk/qjyj/2025-01-24/a7c1e2d3-4b5f-4a69-8e7d-0c1b2a3f4e5d.html"
    assert shell_infoid(url, Selector(text=shell)) == "a7c1e2d3-4b5f-4a69-8e7d-0c1b2a3f4e5d"
    assert shell_infoid("https://a.gov.cn/showinfo.html?infoGuid=abc", Selector(text="<html></html>")) == "abc"


def reader() -> EpointSpider:
    return type("EpointForSongjiang", (EpointSpider,), {"name": "sh_songjiang"})()


def test_epoint_date_only_in_info_source_and_pdf_in_div_attach() -> None:
    url = "https://www.songjiang.gov.cn/govxxgk/SHSJ43/2026-02-12/3c9d4e2f-7a1b-4c8d-9e0f-112233445566.html"
    response = HtmlResponse(url=url, body=(FIXTURES / SONGJIANG_PAGE).read_bytes(), encoding="utf-8")
    spider = reader()
    info = spider.read_report(response)
    assert info.published_on == "2026-02-12" and info.report_year == 2025
    assert [text for _, text in spider.attachments(response)] == ["松江区2025年政府信息公开工作年度报告.pdf"]


def test_epoint_mend_leaves_the_real_capture_as_it_was(shared: Path) -> None:
    path = shared / "fixtures" / "portals" / YINGKOU
    if not path.is_file():
        pytest.skip("shared/fixtures/portals is not available")
    url = "https://www.yingkou.gov.cn/govxxgk/ykszf/2026-04-27/1dd679cc-5106-428b-b68b-6450f98378d4.html"
    response = HtmlResponse(url=url, body=path.read_bytes(), encoding="utf-8")
    spider = reader()
    assert spider.read_report(response).published_on == "2026-04-27"
    assert spider.attachments(response) == []
    assert spider.detail_request(response, row=None, role="report", shell_url=url) is None  # its body is inline


def test_a_report_cut_from_a_json_field_is_archived_and_extracted(tmp_path: Path) -> None:
    """Through the real stack: shell page and API exchange archived, the body stored as its own
    blob with its provenance in crawl_log, then read offline by `build` like any HTML report."""
    data = tmp_path / "data"
    with FixtureSite(FIXTURES / "sh_chongming" / "site") as site:
        command = [sys.executable, "-m", "scraper.crawl", "sh_chongming", "--data", str(data), "-a", f"base_url={site.base}"]
        done = subprocess.run(command, cwd=REPO, env=crawl_env(), capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    db = catalog(data)
    shell = f"{site.base}/govxxgk/qjyj/2025-01-24/a7c1e2d3-4b5f-4a69-8e7d-0c1b2a3f4e5d.html"
    derived = next(iter(db.query("select * from documents where url = ?", [shell + "#custom.infoContent"])))
    assert derived["role"] == "report" and derived["parent_url"] == shell
    assert (Layout(data).blobs_dir / derived["sha256"][:2] / derived["sha256"][2:4] / derived["sha256"]).is_file()
    note = next(iter(db.query("select detail from crawl_log where event = 'derived' and url = ?", [derived["url"]])))
    api = next(iter(db.query("select sha256 from fetches where method = 'POST' and url like '%getInfoByID'")))
    assert note["detail"].startswith(f"field custom.infoContent of {api['sha256']} (POST ")
    assert count(db, "select count(*) as n from fetches where method = 'POST'") == 3
    build(Layout(data), jobs=1)
    out = Database(Layout(data).db_path)
    cells = count(out, "select count(*) as n from cells where report_id = ?", [report_id(str(derived["sha256"]))])
    assert cells > 0


def detail_answer(spider: EpointSpider, payload: dict[str, object]) -> list[object]:
    shell = "https://shcm.gov.cn/govxxgk/qjyj/2025-01-24/u.html"
    request = Request("https://shcm.gov.cn/p/rest/frontAppNotNeedLoginAction/getInfoByID", method="POST")
    response = TextResponse(request.url, body=json.dumps(payload).encode(), encoding="utf-8", request=request)
    row = ListRow(shell, "上海市崇明区教育局2024年政府信息公开工作年度报告", "2025-01-24")
    return list(spider.parse_detail_api(response, row=row, role="report", shell_url=shell))


def test_a_pdf_only_answer_makes_its_first_file_the_report() -> None:
    spider = type("EpointForChongming", (EpointSpider,), {"name": "sh_chongming"})()
    out = detail_answer(spider, {"custom": {"infotype": "pdf", "infoContent": "", "pdflist": [
        {"attachname": "年报.pdf", "attachurl": "/nas/a.pdf"}, {"attachname": "附表.pdf", "attachurl": "/nas/b.pdf"}]}})
    assert [(r.url, r.callback.__name__) for r in out] == [  # type: ignore[attr-defined]
        ("https://shcm.gov.cn/nas/a.pdf", "parse_report_file"), ("https://shcm.gov.cn/nas/b.pdf", "parse_attachment")]
    assert out[0].cb_kwargs["row"].title.endswith("年度报告")  # type: ignore[attr-defined]
    assert out[1].cb_kwargs["parent_url"] == "https://shcm.gov.cn/nas/a.pdf"  # type: ignore[attr-defined]


def test_an_answer_with_nothing_invents_nothing() -> None:
    spider = type("EpointForChongming", (EpointSpider,), {"name": "sh_chongming"})()
    assert detail_answer(spider, {"custom": {"infoContent": "  "}}) == []
    assert detail_answer(spider, {"success": False, "custom": {"infoContent": "<p>x</p>"}}) == []


def test_registry_options_switch_the_documented_variants() -> None:
    site = EpointSite("https://a.gov.cn", "g", "/EWB-FRONT")
    column = EpointColumn("https://a.gov.cn/col.html?categorynum=003006", "", "003006")
    spider = type("EpointForJingan", (EpointSpider,), {"name": "sh_jingan"})()
    plain = json.loads(spider.list_call(site, column, 0, False, ()).body)
    assert plain == {"deptcode": "", "categorynum": "003006", "pageIndex": 0, "pageSize": 20, "siteGuid": "g"}
    spider.site = replace(spider.site, options={"epoint_list_wrapped": True, "epoint_detail_id_key": "infoid",
                                                "epoint_detail_action": "/rest/commonapiaction/getgovinfodetail"})
    assert json.loads(spider.list_call(site, column, 0, False, ()).body) == {"token": "", "params": plain}
    call = spider.detail_call(site, "u1", row=None, role="report", shell_url="https://a.gov.cn/d.html")
    assert call.url == "https://a.gov.cn/EWB-FRONT/rest/commonapiaction/getgovinfodetail"
    assert json.loads(parse_qs(call.body.decode())["params"][0]) == {"siteGuid": "g", "infoid": "u1"}


def test_every_portal_registered_rest_has_a_rest_detail_spider() -> None:
    loader = SpiderLoader.from_settings(Settings({"SPIDER_MODULES": ["scraper.spiders"]}))
    rest = [slug for slug, portal in load_portals().items() if portal.detail_protocol == "rest"]
    assert rest, "no portal reads its detail bodies over REST"
    for slug in rest:
        assert issubclass(loader.load(slug), RestDetailSpider), slug
