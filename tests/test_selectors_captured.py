"""Family parsers against real captured pages in shared/fixtures/portals (read in place, never copied)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from parsel import Selector
from scrapy.http import HtmlResponse

from scraper.pages import meta_content
from scraper.platforms.epoint import EpointSpider, epoint_detail_url, epoint_last_page, epoint_rows
from scraper.platforms.gkmlpt import GkmlptSpider, gkmlpt_rows, gkmlpt_sid
from scraper.platforms.hanweb import HanwebSpider, hanweb_paging, hanweb_proxy_pages, hanweb_records
from scraper.platforms.shgov import ShanghaiGovSpider, detail_title, shgov_page_urls, shgov_rows
from scraper.platforms.trs import TrsSpider, trs_page_urls, trs_paging, trs_rows
from scraper.titles import is_annual_report_title

JIANAN = "epoint-govxxgk/jianan-xuchang-govxxgk-govlist-category031002014004-page1.html"
JIANAN_URL = "http://www.xuchang.gov.cn/govxxgk/11411023071371351L/category/031/031002/031002014/031002014004/1.html"
YINGKOU = "epoint-govxxgk/yingkou-govxxgk-detail-ykszf-20260427.html"
SHGOV = "shanghai-gov-cms/shanghai-gov-detail-nw12338-20260515.html"
ZHANGSHU = "trs/zhangshu-trs-wcm-list-zwgk-zhxx-index.html"
CHANGSHA = "trs/changsha-trs-detail-t20260130_12263761.html"
BAOJI = "trs/baoji-trs-detail-t20260605_1275705.html"
JINING = "hanweb/jining-hrss-hanweb-list-col71291.html"
TAIZHOU = "hanweb/taizhou-tjj-hanweb-jpaas-detail-art_2be9ac8e.html"
ZHONGSHAN = "guangdong-gkmlpt/zhongshan-czj-nfcms-content-post_2594033.html"


@pytest.fixture(scope="module")
def captured(shared: Path) -> Path:
    folder = shared / "fixtures" / "portals"
    if not folder.is_dir():
        pytest.skip("shared/fixtures/portals is not available")
    return folder


def page(captured: Path, name: str, url: str) -> HtmlResponse:
    return HtmlResponse(url=url, body=(captured / name).read_bytes(), encoding="utf-8")


def spider(cls: type, slug: str) -> object:
    """A family spider configured by a registry entry, outside any crawl."""
    return type(f"{cls.__name__}For{slug}", (cls,), {"name": slug})()


def test_epoint_list_rows(captured: Path) -> None:
    sel = Selector(text=(captured / JIANAN).read_text(encoding="utf-8"))
    rows = epoint_rows(sel)
    assert len(rows) == 20
    assert rows[0].infoid == "0ed9f942-9681-462d-af1d-8c4dda52d8ec" and rows[0].categorynum == "002008"
    assert rows[0].title == "环境简报2023年（第1期）"  # the anchor text ends in a space
    assert rows[0].created_on == "2023-02-08" and rows[0].index_no == "11411023071371351L/202302-03814"
    assert all(len(r.infoid) == 36 and r.created_on for r in rows)
    assert epoint_last_page(sel) == 58
    assert epoint_detail_url(JIANAN_URL, rows[0]) == \
        "http://www.xuchang.gov.cn/govxxgk/11411023071371351L/2023-02-08/0ed9f942-9681-462d-af1d-8c4dda52d8ec.html"


def test_epoint_pager(captured: Path) -> None:
    response = page(captured, JIANAN, JIANAN_URL)
    pages = EpointSpider.next_pages(spider(EpointSpider, "sh_jingan"), response)  # type: ignore[arg-type]
    assert pages[0].endswith("/031002014004/2.html") and pages[-1].endswith("/031002014004/58.html")


def test_epoint_detail(captured: Path) -> None:
    url = "https://www.yingkou.gov.cn/govxxgk/ykszf/2026-04-27/1dd679cc-5106-428b-b68b-6450f98378d4.html"
    reader = spider(EpointSpider, "sh_jingan")
    info = EpointSpider.read_report(reader, page(captured, YINGKOU, url))  # type: ignore[arg-type]
    assert info.title == "2025年营口市国民经济和社会发展统计公报"
    assert info.published_on == "2026-04-27"
    assert not is_annual_report_title(info.title)
    assert EpointSpider.attachments(reader, page(captured, YINGKOU, url)) == []  # type: ignore[arg-type]


def test_shanghai_gov_detail(captured: Path) -> None:
    url = "https://www.shanghai.gov.cn/nw12338/20260515/a97f758537314ce7b2c0e26614e179f6.html"
    response = page(captured, SHGOV, url)
    assert meta_content(response.selector, "PubDate") == "2026-05-15 14\u223605"
    assert detail_title(response.selector) == "关于上海市2025年预算执行情况和2026年预算草案的报告"
    reader = spider(ShanghaiGovSpider, "sh_gov")
    info = ShanghaiGovSpider.read_report(reader, response)  # type: ignore[arg-type]
    assert info.title == "关于上海市2025年预算执行情况和2026年预算草案的报告"
    assert info.published_on == "2026-05-15"
    assert response.css("ol.breadcrumb li a::attr(href)").getall()[-1] == "/nw12338/index.html"
    assert shgov_rows(response.text, url) == []  # a detail page has no list items


def test_shanghai_gov_list_markup_from_third_party_code() -> None:
    """No list was captured; this is the markup china-governance's crawler describes."""
    html = """<ul><!--<li><a href="/nw39444/x/old.html" title="旧">旧</a><span class="time">2020-08-24</span></li>-->
    <li><a href="/nw39444/20200824/0001-39444_46735.html" title="上海市宝山区2015年政府信息公开工作年度报告">上海市宝山区2015年…</a>
    <span class="time">2020-08-24</span></li></ul><script>$(".pagination").pagination({ totalPage: 3 })</script>"""
    rows = shgov_rows(html, "https://www.shanghai.gov.cn/nw39444/index.html")
    assert [r.title for r in rows] == ["上海市宝山区2015年政府信息公开工作年度报告"]
    assert shgov_page_urls("https://www.shanghai.gov.cn/nw39444/index.html", html) == [
        "https://www.shanghai.gov.cn/nw39444/index_2.html", "https://www.shanghai.gov.cn/nw39444/index_3.html"]
    assert shgov_page_urls("https://www.shanghai.gov.cn/nw39444/index_2.html", html) == []


def test_trs_list(captured: Path) -> None:
    text = (captured / ZHANGSHU).read_text(encoding="utf-8")
    url = "http://www.zhangshu.gov.cn/zwgk/zhxx/index.html"
    assert trs_paging(text, url) == (21, 0, "index", "html")
    pages = trs_page_urls(url, text)
    assert pages[0] == "http://www.zhangshu.gov.cn/zwgk/zhxx/index_1.html" and len(pages) == 20
    response = page(captured, ZHANGSHU, url)
    rows = list(TrsSpider.list_rows(spider(TrsSpider, "bj_miyun"), response))  # type: ignore[arg-type]
    assert len(rows) == 24  # the main 99% table only, not the sidebar's notices
    assert rows[0].url == "http://www.zhangshu.gov.cn/zwgk/zhxx/201710/t20171019_398276.html"
    assert rows[0].published_on == "2017-10-19"  # the list shows only "10-19"
    whole_page = trs_rows(response.selector, url)
    assert len(whole_page) > 24
    # Read without its list region (a template the spider does not know), the page's footer
    # 联系我们 and the sidebar's empty anchor must not become rows.
    assert all(r.title and r.title not in ("联系我们", "法律声明") for r in whole_page)
    assert "http://www.zhangshu.gov.cn/lxwm/201211/t20121127_171256.html" not in {r.url for r in whole_page}
    untitled_first = "http://www.zhangshu.gov.cn/zt/wfxxjb/201612/t20161213_357735.htm"
    assert [r.title for r in whole_page if r.url == untitled_first] == ["在线举报平台"]


def test_trs_count_page_variant() -> None:
    assert trs_paging("var countPage = 7;", "https://x.gov.cn/zfxxgknb/index.shtml") == (7, 0, "index", "shtml")
    assert trs_paging("var countPage = 7;", "https://x.gov.cn/zfxxgknb/index_3.html")[1] == 3  # type: ignore[index]


def test_trs_details(captured: Path) -> None:
    url = "https://www.changsha.gov.cn/szf/ztzl/ysgk/ysjsbg/202601/t20260130_12263761.html"
    reader = spider(TrsSpider, "bj_miyun")
    response = page(captured, CHANGSHA, url)
    info = TrsSpider.read_report(reader, response)  # type: ignore[arg-type]
    assert info.title.startswith("关于2025年全市和市本级预算执行情况")  # from `<meta name=" ArticleTitle ">`
    assert info.published_on == "2026-01-28"
    attachments = TrsSpider.attachments(reader, response)  # type: ignore[arg-type]
    assert len(attachments) == 6  # links and input#path name the same six files
    assert attachments[0] == ("https://www.changsha.gov.cn/szf/ztzl/ysgk/ysjsbg/202601/P020260324529795978877.pdf", "附件1：2026年预算公开附表.pdf")
    baoji = TrsSpider.read_report(reader, page(captured, BAOJI, "https://www.baoji.gov.cn/sjgk/tjgb/tjgb/202606/t20260605_1275705.html"))  # type: ignore[arg-type]
    assert (baoji.title, baoji.published_on) == ("2025年宝鸡市国民经济和社会发展统计公报", "2026-06-05")


def test_hanweb_datastore(captured: Path) -> None:
    text = (captured / JINING).read_text(encoding="utf-8")
    rows = hanweb_records(text, "https://hrss.jining.gov.cn/col/col71291/index.html")
    assert len(rows) == 21
    assert rows[0].url == "https://hrss.jining.gov.cn/art/2026/8/3/art_71291_2718809.html"
    assert rows[0].title == "2026年度济宁市属事业单位公开招聘初级综合类岗位拟聘用人员公示（二）"
    assert rows[0].published_on == "2026-08-03"
    paging = hanweb_paging(text)
    assert paging is not None
    assert (paging.total, paging.per_page, paging.group_size) == (21, 18, 3)
    assert paging.proxy_url == "/module/web/jpage/dataproxy.jsp"
    assert (paging.params["columnid"], paging.params["unitid"], paging.params["webid"]) == ("71291", "42158", "85")
    assert list(hanweb_proxy_pages(paging, 21)) == []
    assert list(hanweb_proxy_pages(paging, 18)) == [{"page": 1, "startrecord": 1, "endrecord": 21, "perpage": 54}]
    # dataproxy.jsp honours `page` only, so every request is a whole page with matching bounds.
    bigger = dataclasses.replace(paging, total=130, per_page=15, group_size=3)
    assert list(hanweb_proxy_pages(bigger, 45)) == [
        {"page": 2, "startrecord": 46, "endrecord": 90, "perpage": 45},
        {"page": 3, "startrecord": 91, "endrecord": 130, "perpage": 45},
    ]


def test_hanweb_new_template_detail(captured: Path) -> None:
    url = "https://tjj.taizhou.gov.cn/xxgk/fdzdgknr/tjxx/tjgb/art/2026/art_2be9ac8eac814cd784c0ece81a1ee73b.html"
    info = HanwebSpider.read_report(spider(HanwebSpider, "zj_xihu"), page(captured, TAIZHOU, url))  # type: ignore[arg-type]
    assert info.title == "2025年泰州市国民经济和社会发展统计公报"
    assert info.published_on == "2026-05-27"  # the visible date; the meta PubDate says 05-28


def test_guangdong_detail(captured: Path) -> None:
    url = "https://czj.zs.gov.cn/sy/gzdt/zwdt/content/post_2594033.html"
    response = page(captured, ZHONGSHAN, url)
    info = GkmlptSpider.read_report(spider(GkmlptSpider, "gd_whlt"), response)  # type: ignore[arg-type]
    assert (info.title, info.published_on) == ("中山市财政局2025年工作总结与2026年工作安排", "2026-02-27")
    assert gkmlpt_sid(response.text) is None  # nfcms, not gkmlpt: no window._CONFIG


def test_gkmlpt_api_shape_from_third_party_code() -> None:
    payload = {"articles": [{"title": "某厅2024年政府信息公开工作年度报告", "url": "/gkmlpt/content/4/4321/post_4321001.html", "create_time": 1737907200}]}
    rows = gkmlpt_rows(payload, "http://whly.gd.gov.cn/gkmlpt/api/all/2629?page=1&sid=175")
    assert rows[0].url == "http://whly.gd.gov.cn/gkmlpt/content/4/4321/post_4321001.html"
    assert rows[0].published_on == "2025-01-27"
    assert gkmlpt_sid("window._CONFIG = { SID: '175', ROOT: '/gkmlpt' }") == "175"
