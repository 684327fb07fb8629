"""Host handling, duplicate claims and start requests of the portal spiders, and one crawl via the runner."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from scrapy.settings import Settings
from sqlite_utils import Database

from archive.layout import Layout
from scraper.spiders.generic import GenericSpider
from scraper.spiders.sh_gov import ShGovSpider
from scraper.spiders.sh_putuo import ShPutuoSpider
from tests.portal_site import FixtureSite, file_for

REPO = Path(__file__).resolve().parents[1]
PATH = "/zhengwu/zfxxgknb-qfbzfxxgk/2026/21/201302.html"


def test_official_hosts_are_canonicalised_and_others_refused() -> None:
    spider = ShPutuoSpider()
    assert spider.fetch_url(f"http://183.194.252.110{PATH}") == f"https://www.shpt.gov.cn{PATH}"
    assert spider.fetch_url(f"https://shpt.gov.cn{PATH}#top") == f"https://www.shpt.gov.cn{PATH}"
    assert spider.fetch_url("https://www.yrdcpcn.com/c186/20250815/i301234.phtml") is None


def test_base_url_serves_every_official_host() -> None:
    spider = ShPutuoSpider(base_url="http://127.0.0.1:9")
    assert spider.fetch_url(f"http://183.194.252.110{PATH}?a=1") == f"http://127.0.0.1:9{PATH}?a=1"
    assert spider.fetch_url(f"http://127.0.0.1:9{PATH}") == f"http://127.0.0.1:9{PATH}"
    assert spider.fetch_url("http://127.0.0.2/elsewhere") is None
    # A start URL off the official hosts is taken as a local copy of the portal.
    local = ShPutuoSpider(start_url="http://127.0.0.1:8/zhengwu/x/index.html")
    assert local.fetch_url(f"https://www.shpt.gov.cn{PATH}") == f"http://127.0.0.1:8{PATH}"


def test_one_report_per_agency_and_year() -> None:
    spider = ShPutuoSpider()
    assert not spider.is_duplicate("上海市杨浦区", 2022, "https://a/1")
    assert not spider.is_duplicate("上海市杨浦区人民政府", 2022, "https://a/1")  # the same page again
    assert spider.is_duplicate("杨浦区政府", 2022, "https://a/2")
    assert not spider.is_duplicate("杨浦区信访办公室", 2022, "https://a/3")
    assert not spider.is_duplicate(None, 2022, "https://a/4") and not spider.is_duplicate("杨浦区", None, "https://a/5")


async def test_start_requests_come_from_the_registry() -> None:
    urls = [request.url async for request in ShPutuoSpider().start()]
    assert urls[0] == "https://www.shpt.gov.cn/zhengwu/zfxxgknb-qfbzfxxgk/index.html" and len(urls) == 5
    one = [request.url async for request in ShPutuoSpider(start_url=f"https://183.194.252.110{PATH}").start()]
    assert one == [f"https://www.shpt.gov.cn{PATH}"]


def test_politeness_overrides_become_download_slots() -> None:
    settings = Settings()
    ShGovSpider.update_settings(settings)
    slot = settings.getdict("DOWNLOAD_SLOTS")["www.shanghai.gov.cn"]
    assert slot == {"concurrency": 1, "delay": 3.0}


def test_generic_spider_portal() -> None:
    with pytest.raises(ValueError, match="start_url"):
        GenericSpider()
    assert GenericSpider(start_url=f"http://183.194.252.110{PATH}").site.slug == "sh_putuo"
    adhoc = GenericSpider(start_url="http://www.example.gov.cn/index.html", portal="xx_example", depth="2")
    assert (adhoc.site.slug, adhoc.max_nav_depth) == ("xx_example", 2)
    assert adhoc.fetch_url("http://www.example.gov.cn/zwgk/") == "http://www.example.gov.cn/zwgk/"
    assert adhoc.fetch_url("http://other.gov.cn/zwgk/") is None


def test_fixture_server_maps_queries_to_files(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text("x")
    (tmp_path / "article.html@infoid=1&rn=顾村镇").write_text("y")
    assert file_for(tmp_path, "/a/") == tmp_path / "a" / "index.html"
    assert file_for(tmp_path, "/article.html?infoid=1&rn=%E9%A1%BE%E6%9D%91%E9%95%87") is not None
    assert file_for(tmp_path, "/../etc/passwd") is None


def test_runner_archives_a_portal_spider(tmp_path: Path) -> None:
    """`python -m scraper.crawl` with the project settings: reports land in the catalogue."""
    with FixtureSite(REPO / "tests" / "fixtures" / "portals" / "sh_baoshan" / "site") as site:
        env = {**os.environ, "NIANBAO_DOWNLOAD_DELAY": "0", "NIANBAO_LOG_LEVEL": "WARNING"}
        done = subprocess.run([sys.executable, "-m", "scraper.crawl", "sh_baoshan", "--data", str(tmp_path),
                               "-a", f"base_url={site.base}", "-s", "AUTOTHROTTLE_ENABLED=False"],
                              cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    db = Database(Layout(tmp_path).catalog_path)
    rows = list(db.query("select role, agency, report_year from documents where role = 'report' order by agency"))
    assert [(r["agency"], r["report_year"]) for r in rows] == [
        ("上海市宝山区大场镇人民政府", 2025), ("上海市宝山区庙行镇人民政府", 2025), ("上海市宝山区顾村镇人民政府", 2025)]
