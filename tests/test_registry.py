"""The portal registry: every Shanghai district and the hub, real division codes, a spider and fixtures each."""

from __future__ import annotations

import json
import re
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from scrapy.spiderloader import SpiderLoader
from scrapy.utils.project import get_project_settings

from scraper.registry import (
    CONFIDENCE,
    DETAIL_PROTOCOLS,
    FAMILIES,
    LEVELS,
    LIST_PROTOCOLS,
    InvalidPortal,
    UnknownPortal,
    _portal,
    get_portal,
    load_portals,
    portal_for_url,
)

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "portals"

SHANGHAI = {
    "sh_huangpu": "310101", "sh_xuhui": "310104", "sh_changning": "310105", "sh_jingan": "310106",
    "sh_putuo": "310107", "sh_hongkou": "310109", "sh_yangpu": "310110", "sh_minhang": "310112",
    "sh_baoshan": "310113", "sh_jiading": "310114", "sh_pudong": "310115", "sh_jinshan": "310116",
    "sh_songjiang": "310117", "sh_qingpu": "310118", "sh_fengxian": "310120", "sh_chongming": "310151",
    "sh_gov": "310000",
}


def spider_names() -> set[str]:
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "scraper.settings")
    return set(SpiderLoader.from_settings(get_project_settings()).list())


def test_all_sixteen_districts_and_the_hub_with_their_codes() -> None:
    portals = load_portals()
    assert {slug: portals[slug].division_code for slug in SHANGHAI if slug in portals} == SHANGHAI
    assert portals["sh_gov"].level == "municipal"
    assert sum(p.level == "district" and p.slug.startswith("sh_") for p in portals.values()) == 16


@pytest.mark.parametrize("slug", sorted(load_portals()))
def test_entry_is_complete(slug: str) -> None:
    portal = get_portal(slug)
    assert portal.family in FAMILIES and portal.level in LEVELS
    assert len(portal.division_code) == 6 and portal.division_code.isdigit()
    assert portal.verified.strip() and portal.start_urls
    for url in portal.start_urls:
        assert portal.canonical_url(url), f"{slug}: start URL {url} is not on an official host"
    for host in portal.hosts:
        assert host.alias_of is None or portal.host(host.alias_of), f"{slug}: {host.host} aliases an unknown host"


@pytest.mark.parametrize("slug", sorted(load_portals()))
def test_entry_states_its_protocol_and_confidence(slug: str) -> None:
    portal = get_portal(slug)
    assert portal.list_protocol in LIST_PROTOCOLS and portal.detail_protocol in DETAIL_PROTOCOLS
    assert portal.confidence in CONFIDENCE and portal.live_check.strip()


@pytest.mark.parametrize(
    "change",
    [{"list_protocol": "ajax"}, {"detail_protocol": None}, {"confidence": "A/B"}, {"live_check": " "}],
)
def test_entry_with_a_bad_protocol_field_is_refused(change: dict[str, object]) -> None:
    raw = json.loads((REPO / "scraper" / "portals.json").read_text(encoding="utf-8"))["portals"][0]
    _portal(raw)
    with pytest.raises(InvalidPortal):
        _portal({**raw, **change})


@pytest.mark.parametrize("slug", sorted(load_portals()))
def test_entry_has_a_spider_and_fixtures(slug: str) -> None:
    assert slug in spider_names()
    assert (FIXTURES / slug / "site").is_dir(), f"no fixture site for {slug}"
    assert (FIXTURES / slug / "golden.json").is_file(), f"no golden for {slug}"


def test_every_fixture_folder_is_a_portal_or_names_its_spider() -> None:
    for folder in FIXTURES.iterdir():
        if folder.is_dir():
            assert folder.name in load_portals() or (folder / "case.json").is_file(), folder.name


def test_aliases_and_schemes_canonicalise() -> None:
    putuo = get_portal("sh_putuo")
    path = "/zhengwu/zfxxgknb-qfbzfxxgk/2026/21/201302.html"
    forms = [f"http://183.194.252.110{path}", f"https://shpt.gov.cn{path}#top", f"http://www.shpt.gov.cn{path}"]
    assert {putuo.canonical_url(u) for u in forms} == {f"https://www.shpt.gov.cn{path}"}
    assert get_portal("sh_baoshan").canonical_url("http://101.230.193.164/article.html?infoid=x") == \
        "https://xxgk.shbsq.gov.cn/article.html?infoid=x"
    assert get_portal("gd_whlt").canonical_url("https://whly.gd.gov.cn/gkmlpt/index").startswith("http://")
    assert putuo.canonical_url("https://www.yrdcpcn.com/c186/20250815/i301234.phtml") is None
    assert portal_for_url(f"http://183.194.252.110{path}") is putuo


def test_hosts_belong_to_one_portal() -> None:
    owners: dict[str, str] = {}
    for portal in load_portals().values():
        for host in portal.hosts:
            assert owners.setdefault(host.host, portal.slug) == portal.slug, host.host


def test_unknown_slug() -> None:
    with pytest.raises(UnknownPortal):
        get_portal("sh_zhabei")


def test_start_urls_are_https_unless_the_host_is_http_only() -> None:
    for portal in load_portals().values():
        for url in portal.start_urls:
            host = portal.host(urlsplit(url).hostname or "")
            assert host is not None
            if host.alias_of is None and not host.legacy:
                assert urlsplit(url).scheme == ("http" if host.http_only else "https"), url


def test_pudong_detail_pattern_takes_slugs_with_dots_and_dashes() -> None:
    pattern = re.compile(get_portal("sh_pudong").options["detail_pattern"])
    for path in ("/zwgk/14478.gkml_zhzw_ghjh/2025/40/338112.html", "/zwgk/qt-qzf/2022/45/262311.html",
                 "/zwgk/zwgk_zfxxgknb_qzf_gknb/2024/50/323401.html"):
        assert pattern.search(path), path
    assert not pattern.search("/zwgk/qt-qzf/index.html")


def test_xuhui_is_served_over_https() -> None:
    """Its new portal answers on https; an http_only flag would rewrite every link to http."""
    url = "http://www.xuhui.gov.cn/xxgk/portal/article/detail?id=8a4c0c0692292eab01934dd52e3d09b9"
    assert get_portal("sh_xuhui").canonical_url(url) == "https" + url[4:]
