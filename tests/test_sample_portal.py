"""The bundled sample portal: pages up to date with their figures, served like the portal it imitates."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from lxml import html

from scraper.sample_portal import SITE_DIR, serve_sample_portal
from scraper.sample_portal.build import build
from scraper.sample_portal.reports import DISTRICT_CMS_REPORTS, REPORTS, SampleReport
from scraper.sample_portal.server import resolve
from tests.scraper_harness import REPO


def shared_dir() -> Path | None:
    for candidate in (os.environ.get("NIANBAO_SHARED"), REPO.parent / "shared", "/work/shared"):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return None


def grid(table: html.HtmlElement) -> list[list[str]]:
    """Expand rowspan/colspan so every row has one entry per column."""
    rows: list[list[str]] = []
    pending: dict[tuple[int, int], str] = {}
    for r, tr in enumerate(table.xpath(".//tr")):
        row: list[str] = []
        cells = iter(tr.xpath("td|th"))
        c = 0
        while True:
            if (r, c) in pending:
                row.append(pending.pop((r, c)))
                c += 1
                continue
            cell = next(cells, None)
            if cell is None:
                break
            text = cell.text_content().strip()
            for dr in range(int(cell.get("rowspan", 1))):
                for dc in range(int(cell.get("colspan", 1))):
                    if dr == 0:
                        row.append(text)
                    else:
                        pending[(r + dr, c + dc)] = text
            c += int(cell.get("colspan", 1))
        rows.append(row)
    return rows


def article(report: SampleReport) -> html.HtmlElement:
    path = resolve(SITE_DIR, report.path)
    assert path is not None, report.path
    return html.parse(str(path)).getroot()


def test_committed_pages_match_the_generator(tmp_path: Path) -> None:
    pytest.importorskip("reportlab")
    built = build(tmp_path)
    assert {p.relative_to(tmp_path) for p in built} == {p.relative_to(SITE_DIR) for p in SITE_DIR.rglob("*") if p.is_file()}
    for path in built:
        committed = SITE_DIR / path.relative_to(tmp_path)
        assert committed.read_bytes() == path.read_bytes(), committed


@pytest.mark.parametrize("page", sorted(p.relative_to(SITE_DIR).as_posix() for p in SITE_DIR.rglob("*.html")))
def test_every_page_says_it_is_a_sample(page: str) -> None:
    text = (SITE_DIR / page).read_text(encoding="utf-8")
    assert "not a real government site" in text and "不是真实的政府网站" in text


@pytest.mark.parametrize("report", REPORTS + DISTRICT_CMS_REPORTS, ids=lambda r: f"{r.agency}-{r.year}")
def test_tables_have_the_national_layout(report: SampleReport) -> None:
    tables = {t.get("class"): grid(t) for t in article(report).xpath("//table[starts-with(@class, 'table-')]")}
    applications = tables["table-applications"]
    # 2021: 3 header rows + 25 data rows; 2019: 3 + 23; always 10 columns once spans are expanded.
    assert len(applications) == (28 if report.template == "2021" else 26)
    assert {len(row) for row in applications} == {10}
    assert {len(row) for row in tables["table-reviews"]} == {15}
    assert {len(row) for row in tables["table-active"]} == {4}


def test_the_seed_report_carries_the_seed_figures() -> None:
    shared = shared_dir()
    if shared is None:
        pytest.skip("shared/ (the seed report) is not available")
    seed = (shared / "seed" / "baoshan-service-center-2021.txt").read_text(encoding="utf-8")
    # Table 三's rows are the seed's lines with exactly seven numbers (table 四's line has 15).
    numbers = [re.findall(r"\t(\d+)(?=\t|\s*$)", line) for line in seed.splitlines()]
    expected = [values for values in numbers if len(values) == 7]
    report = next(r for r in REPORTS if r.agency == "上海市宝山区行政服务中心" and r.year == 2021)
    rows = grid(article(report).xpath("//table[@class='table-applications']")[0])[3:]
    printed = [row[3:] for row in rows]
    assert printed == expected
    assert printed[0] == ["2", "0", "0", "0", "0", "2", "2"]  # the arithmetic error is kept


def test_server_routes_revalidates_and_labels_charset() -> None:
    report = REPORTS[0]
    with serve_sample_portal() as base:
        with urllib.request.urlopen(f"{base}article.html?infoid={report.infoid}") as response:
            assert response.headers["Content-Type"] == "text/html; charset=utf-8"
            etag = response.headers["ETag"]
            assert report.title in response.read().decode("utf-8")
        request = urllib.request.Request(f"{base}article.html?infoid={report.infoid}", headers={"If-None-Match": etag})
        with pytest.raises(urllib.error.HTTPError) as not_modified:
            urllib.request.urlopen(request)
        assert not_modified.value.code == 304
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"{base}article.html?infoid=nope")
        assert missing.value.code == 404
        with urllib.request.urlopen(f"{base}robots.txt") as response:
            assert b"User-agent: *" in response.read()


def test_challenge_mode_answers_412_with_script_only() -> None:
    with serve_sample_portal(challenge=412) as base:
        with pytest.raises(urllib.error.HTTPError) as blocked:
            urllib.request.urlopen(f"{base}{'infoDirectory.html?type=nb'}")
    assert blocked.value.code == 412
    assert b"<script" in blocked.value.read()


def test_cli_prints_its_url_first() -> None:
    proc = subprocess.Popen([sys.executable, "-m", "scraper.sample_portal", "--port", "0"], cwd=REPO,
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert re.fullmatch(r"serving http://127\.0\.0\.1:\d+/\n", line)
        with urllib.request.urlopen(line.split()[1] + "robots.txt") as response:
            assert response.status == 200
    finally:
        proc.terminate()
        proc.wait(timeout=10)
