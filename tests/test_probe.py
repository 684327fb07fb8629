"""`nianbao probe URL` against fixture portals on 127.0.0.1: the family and why, the report links
the matching spider follows, and which tables the first report holds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from scrapy.http import Headers

from scraper.protocols.markers import classify
from tests.portal_site import FixtureSite

REPO = Path(__file__).resolve().parents[1]
PORTALS = REPO / "tests" / "fixtures" / "portals"
SITES = REPO / "tests" / "fixtures" / "sites"
WALL = {"/zw/govopen/index.html": (412, {"Set-Cookie": "FSSBBIl1UgzbN7NO=5Xq; Path=/"})}


@pytest.mark.parametrize(("page", "family", "protocol"), [
    (SITES / "epoint_static/site/govxxgk/JA0/category/001/001014/001014001/1.html", "epoint", "static"),
    (PORTALS / "bj_miyun/site/zwgk/zfxxgk/zfxxgknb/gknb2024/index.html", "trs", "static"),
    (PORTALS / "zj_xihu/site/col/col1229312560/index.html", "hanweb", "xml_api"),
    (PORTALS / "gd_whlt/site/gkmlpt/annualreport", "gkmlpt", "json_api"),
    (SITES / "vue_shell/site/xxgk/zfgknb/index.html", "script_shell", "rendered"),
    (PORTALS / "generic/site/zwgk/index.html", "generic", "static"),
])  # fmt: skip
def test_each_family_is_named_by_its_markers(page: Path, family: str, protocol: str) -> None:
    verdict = classify(200, {}, page.read_bytes(), rows=0 if family == "script_shell" else 3)
    assert (verdict.family, verdict.protocol) == (family, protocol) and verdict.reasons


def test_easttone_markers_name_the_json_api_and_a_shell_with_rows_is_static() -> None:
    shell = ('<h1>政府信息公开年报</h1><p>区政府办公室 区发展改革委 区教育局</p>'
             '<div class="columnlist"><li v-for="item in list">{{ item.title }}</li></div>').encode()
    assert classify(200, {}, b"<script>new CMS({ids:'5105'})</script>" + shell, 0).protocol == "json_api"
    assert classify(200, {}, shell, rows=2).protocol == "static"


def test_a_challenge_is_named_before_anything_its_script_resembles() -> None:
    body = (SITES / "challenge/site/zw/govopen/index.html").read_bytes() + b"<script>createPageHTML(3, 0)</script>"
    verdict = classify(412, dict(Headers({"Set-Cookie": "FSSBBIl1UgzbN7NO=x"}).items()), body, 0)
    assert verdict.family == "challenge" and any("Ruishu" in r for r in verdict.reasons)
    # Served with 200, a page that is nothing but script is still the wall, not a TRS list.
    assert classify(200, {}, body, 0).family == "challenge"


def probe(site: FixtureSite, path: str, *extra: str) -> str:
    env = {**os.environ, "NIANBAO_DOWNLOAD_DELAY": "0", "NIANBAO_LOG_LEVEL": "WARNING"}
    nianbao = str(Path(sys.executable).with_name("nianbao"))
    done = subprocess.run([nianbao, "probe", site.base + path, *extra], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_probe_an_epoint_list(tmp_path: Path) -> None:
    # A static govxxgk list (静安's markup before its entry moved to the REST list).
    with FixtureSite(SITES / "epoint_static" / "site") as site:
        out = probe(site, "/govxxgk/JA0/category/001/001014/001014001/1.html", "--data", str(tmp_path))
        requested = [seen.path for seen in site.requests]
    assert "family: epoint; protocol: static" in out and "because: `webBuilderCommon` script" in out
    assert "spider: EpointSpider" in out and "report links (2):" in out
    assert f"{site.base}/govxxgk/JA0/2024-02-20/c533e8dc-1f2a-4b7c-9d31-7a3e0c9c87d2.html" in out
    assert "first report: 上海市静安区人民政府2023年政府信息公开工作年度报告" in out
    assert "tables: 1/3 tables (active_disclosure)" in out
    # robots.txt first; the second row and the pager's second page are never fetched.
    assert requested[0] == "/robots.txt" and len(requested) == 4
    assert not any(p.endswith("/2.html") for p in requested)
    assert not (tmp_path / "archive").exists(), "a probe without --archive kept something"


def test_probe_a_challenge(tmp_path: Path) -> None:
    with FixtureSite(SITES / "challenge" / "site", statuses=WALL) as site:
        out = probe(site, "/zw/govopen/index.html", "--data", str(tmp_path))
    assert "(HTTP 412)" in out and "family: challenge" in out and "blocked: 127.0.0.1:" in out
    assert "report links (0):" in out and "first report" not in out


def test_probe_a_script_shell_says_it_needs_rendering(tmp_path: Path) -> None:
    with FixtureSite(SITES / "vue_shell" / "site") as site:
        out = probe(site, "/xxgk/zfgknb/index.html", "--archive", "--data", str(tmp_path))
    assert "family: script_shell; protocol: rendered" in out and "needs rendering" in out
    assert "report links (0):" in out
    assert (tmp_path / "archive" / "catalog.db").exists(), "--archive kept nothing"


def test_probe_obeys_robots_txt(tmp_path: Path) -> None:
    with FixtureSite(SITES / "vue_shell" / "site") as site:
        out = probe(site, "/private/column/index.html", "--data", str(tmp_path))
        requested = [seen.path for seen in site.requests]
    assert "robots.txt forbids this URL" in out and "(HTTP not fetched)" in out
    assert requested == ["/robots.txt"]
