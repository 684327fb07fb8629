"""Revisions, end to end: a portal replaces a report, a new parser reads a cell differently; both values are kept."""

from __future__ import annotations

import sqlite3
from hashlib import sha256
from pathlib import Path
from typing import Any

import pytest
from lxml import html

from archive.blobs import BlobStore
from archive.catalog import DocumentRecord, open_catalog, record_version
from archive.layout import Layout
from archive.publish import make_datasette
from pipeline import PARSER_VERSION
from pipeline.load import report_id
from pipeline.runner import build
from scraper.sample_portal import serve_sample_portal
from scraper.sample_portal.reports import REPORTS, by_publication
from tests.report_builder import Report, consistent_figures, html_report
from tests.scraper_harness import LIST_PATH, copy_site, run_crawl

URL = "http://127.0.0.1/changning-2022.html"
TITLE = "上海市长宁区教育局2022年政府信息公开工作年度报告"
CHANGED = ("applications", "granted", "natural_person")
OLDER_PARSER = "nianbao-pipeline/0.0.1"


def _figures(granted: str, year: int = 2022) -> Report:
    report = Report(TITLE.replace("2022", str(year)), "2021", consistent_figures("2021", seed=6))
    report.figures[CHANGED] = granted
    return report


def _report(granted: str, year: int = 2022) -> bytes:
    return html_report(_figures(granted, year)).encode()


def _crawl(layout: Layout, data: bytes, seen_at: str, url: str = URL) -> tuple[str, str]:
    """Catalogue bytes fetched from a URL as the crawler does (a normalised hash decides the version)."""
    sha = BlobStore(layout.blobs_dir).put(data)
    catalog = open_catalog(layout.catalog_path)
    outcome = record_version(catalog, DocumentRecord(sha, url, "sh_changning", "report", "text/html"), sha, seen_at)
    catalog.close()
    return sha, outcome


def _rows(path: Path, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    con = sqlite3.connect(path)
    con.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in con.execute(sql, params or [])]
    finally:
        con.close()


def _revisions(path: Path) -> list[dict[str, Any]]:
    return _rows(path, "select * from revisions order by rowid")


@pytest.fixture(scope="module")
def replaced(tmp_path_factory: pytest.TempPathFactory) -> tuple[Layout, str, str]:
    """The 2022 report, replaced by the portal after a first build; the next year's report beside it."""
    layout = Layout(tmp_path_factory.mktemp("replaced"))
    first, outcome = _crawl(layout, _report("11"), "2023-02-01T08:00:00Z")
    assert outcome == "new"
    _crawl(layout, _report("12", 2023), "2024-01-10T08:00:00Z", "http://127.0.0.1/changning-2023.html")
    build(layout)
    second, outcome = _crawl(layout, _report("13"), "2023-05-20T09:30:00Z")
    assert outcome == "version"
    build(layout)
    return layout, first, second


def test_a_replaced_report_keeps_both_values_of_the_changed_cell(replaced: tuple[Layout, str, str]) -> None:
    layout, first, second = replaced
    (row,) = _revisions(layout.db_path)
    assert (row["table_code"], row["row_code"], row["column_code"]) == CHANGED
    assert (row["old_raw"], row["old_value"], row["old_kind"]) == ("11", 11, "number")
    assert (row["new_raw"], row["new_value"], row["new_kind"]) == ("13", 13, "number")
    assert (row["report_sha256"], row["reason"], row["old_sha256"]) == (second, "portal_replaced", first)
    assert (row["noticed_at"], row["new_parser_version"], row["old_parser_version"]) == ("2023-05-20T09:30:00Z", PARSER_VERSION, None)
    assert row["row_label"] and row["column_label"]


def test_the_replaced_version_stays_but_is_counted_once(replaced: tuple[Layout, str, str]) -> None:
    layout, first, second = replaced
    reports = _rows(layout.db_path, "select sha256, superseded_by from reports where year = 2022")
    assert {r["sha256"]: r["superseded_by"] for r in reports} == {first: second, second: None}
    figures = _rows(layout.db_path, "select sha256 from report_figures where year = 2022")
    assert [r["sha256"] for r in figures] == [second]
    links = _rows(layout.db_path, "select distinct compared_with from checks where rule = 'carry_link'")
    assert links == [{"compared_with": second}], "2023's carry-over is compared with the current 2022 version only"


async def test_the_home_page_counts_the_replaced_version_apart(replaced: tuple[Layout, str, str]) -> None:
    page = html.fromstring((await make_datasette(replaced[0]).client.get("/")).text)
    (fact,) = page.xpath("//div[@data-fact='reports']")
    assert " ".join(fact.text_content().split()) == "2 reports (1 earlier version the portals replaced)"


def test_a_replacement_with_the_same_cells_counts_the_newer_version(tmp_path: Path) -> None:
    """Only the prose changed: the two versions are copies, and the one counted is the current one
    (whichever hash sorts first, so a suffix is chosen to put the replaced version first)."""
    layout = Layout(tmp_path / "data")
    original = _report("11")
    first, _ = _crawl(layout, original, "2023-02-01T08:00:00Z")
    versions = (original.replace("略。".encode(), f"略（更正{i}）。".encode()) for i in range(99))
    corrected = next(v for v in versions if sha256(v).hexdigest() > first)
    second, _ = _crawl(layout, corrected, "2023-05-20T09:30:00Z")
    build(layout)
    assert _revisions(layout.db_path) == []
    rows = _rows(layout.db_path, "select sha256, superseded_by, duplicate_of from reports order by sha256")
    assert rows == [{"sha256": first, "superseded_by": second, "duplicate_of": second},
                    {"sha256": second, "superseded_by": None, "duplicate_of": None}]  # fmt: skip
    assert [r["sha256"] for r in _rows(layout.db_path, "select sha256 from report_figures")] == [second]


def test_a_url_reused_for_another_year_replaces_nothing(tmp_path: Path) -> None:
    layout = Layout(tmp_path / "data")
    first, _ = _crawl(layout, _report("11"), "2023-02-01T08:00:00Z")
    second, outcome = _crawl(layout, _report("11", 2023), "2024-02-01T08:00:00Z")
    assert outcome == "version"
    build(layout)
    assert _revisions(layout.db_path) == []
    assert {r["sha256"] for r in _rows(layout.db_path, "select sha256 from report_figures")} == {first, second}


def test_a_third_build_gives_the_same_revisions(replaced: tuple[Layout, str, str], tmp_path: Path) -> None:
    layout, _, _ = replaced
    before = _revisions(layout.db_path)
    stats = build(layout)
    assert (stats.extracted, stats.reused) == (0, 3)
    assert _revisions(layout.db_path) == before, "replacements are recomputed, never doubled"


async def test_the_report_page_shows_both_values_and_links_the_versions(replaced: tuple[Layout, str, str]) -> None:
    layout, first, second = replaced
    ds = make_datasette(layout)
    page = html.fromstring((await ds.client.get(f"/-/report/{second}")).text)
    (section,) = page.xpath("//section[@id='revisions']")
    text = " ".join(section.text_content().split())
    assert "Replaced by the portal on 2023-05-20" in text
    (row,) = section.xpath(".//tr[@class='revision']")
    assert [td.text_content() for td in row.xpath("./td[@class='old' or @class='new']")] == ["11", "13"]
    assert f"/-/report/{first}" in section.xpath(".//a/@href") and f"/-/archive/{first}" in section.xpath(".//a/@href")
    # In the printed table, the cell that changed is marked with what it read before; no other is.
    table, row_code, column = CHANGED
    (cell,) = page.xpath(f"//section[@id='{table}']//td[@data-row='{row_code}'][@data-column='{column}']")
    assert "revised" in cell.get("class").split() and cell.text_content() == "13"
    assert "read before: 11 (replaced by the portal, 2023-05-20)" in cell.get("title")
    assert len(page.xpath("//td[contains(concat(' ', @class, ' '), ' revised ')]")) == 1
    old = html.fromstring((await ds.client.get(f"/-/report/{first}")).text)
    assert not old.xpath("//td[contains(concat(' ', @class, ' '), ' revised ')]")
    assert old.xpath("//dd[@class='nianbao-superseded']/a/@href") == [f"/-/report/{second}"]
    assert not old.xpath("//section[@id='revisions']")
    data = (await ds.client.get(f"/-/report/{second}.json")).json()
    assert [(r["old_raw"], r["new_raw"], r["reason"]) for r in data["revisions"]] == [("11", "13", "portal_replaced")]
    assert (await ds.client.get(f"/-/report/{first}.json")).json()["report"]["superseded_by"] == second


async def test_the_revisions_table_links_both_versions_to_their_pages(replaced: tuple[Layout, str, str]) -> None:
    layout, first, second = replaced
    ds = make_datasette(layout)
    for table, column, sha in (("revisions", "old_sha256", first), ("reports", "superseded_by", second)):
        page = html.fromstring((await ds.client.get(f"/nianbao/{table}")).text)
        assert page.xpath(f"//td[contains(@class, 'col-{column}')]/a/@href") == [f"/-/report/{sha}"], table


def test_a_portal_that_changed_a_figure_is_crawled_and_built_into_a_revision(tmp_path: Path) -> None:
    """The real crawler against the sample portal on 127.0.0.1: crawl, build, the page changes, again."""
    site, data = copy_site(tmp_path / "site"), tmp_path / "data"
    newest = by_publication(REPORTS)[0]
    page = site / "article" / f"{newest.infoid}.html"
    with serve_sample_portal(root=site) as base:
        assert run_crawl(data, base + LIST_PATH).returncode == 0
        build(Layout(data))
        before = {r["sha256"] for r in _rows(Layout(data).db_path, "select sha256 from report_figures")}
        printed = "<td>行政处罚</td><td colspan=\"3\">37</td>"
        page.write_text(page.read_text(encoding="utf-8").replace(printed, printed.replace("37", "38")), encoding="utf-8")
        assert run_crawl(data, base + LIST_PATH).returncode == 0
    build(Layout(data))
    (row,) = _revisions(Layout(data).db_path)
    assert (row["table_code"], row["row_code"], row["old_raw"], row["new_raw"]) == ("active_disclosure", "penalty", "37", "38")
    assert row["old_sha256"] in before and row["report_sha256"] not in before
    after = {r["sha256"] for r in _rows(Layout(data).db_path, "select sha256 from report_figures")}
    assert after == before - {row["old_sha256"]} | {row["report_sha256"]}, "the same number of reports, the newer version counted"


def _as_an_older_parser_left_it(path: Path, sha: str) -> None:
    """The live database as an older parser made it: one cell read otherwise, one not read, one extra."""
    con = sqlite3.connect(path)
    with con:
        con.execute("update reports set parser_version = ? where sha256 = ?", [OLDER_PARSER, sha])
        key = report_id(sha)
        con.execute("update cells set raw = '8', value = 8, parser_version = ? where report_id = ? "
                    "and table_code = ? and row_code = ? and column_code = ?", [OLDER_PARSER, key, *CHANGED])  # fmt: skip
        con.execute("delete from cells where report_id = ? and table_code = 'applications' and row_code = 'granted' "
                    "and column_code = 'total'", [key])  # fmt: skip
        con.execute("insert into cells (report_id, seq, table_code, row_code, column_code, raw, value, kind) "
                    "values (?, 9999, 'applications', 'granted', 'natural_person', '5', 5, 'number')", [key])  # fmt: skip
    con.close()


def test_a_parser_change_keeps_both_readings_and_later_builds_keep_them(tmp_path: Path) -> None:
    layout = Layout(tmp_path / "data")
    sha, _ = _crawl(layout, _report("11"), "2023-02-01T08:00:00Z")
    build(layout)
    _as_an_older_parser_left_it(layout.db_path, sha)
    stats = build(layout)
    assert stats.extracted == 1
    started = _rows(layout.db_path, "select started_at from runs order by id desc limit 1")[0]["started_at"]
    total = _figures("11").raw("applications", "granted", "total")
    revisions = _revisions(layout.db_path)
    got = {(r["row_code"], r["column_code"], r["old_raw"], r["new_raw"], r["old_kind"], r["new_kind"]) for r in revisions}
    assert got == {
        ("granted", "natural_person", "8", "11", "number", "number"),  # read otherwise
        ("granted", "total", None, total, None, "number"),  # the older parser had not read it
        ("granted", "natural_person", "5", None, "number", None),  # a repeat the older parser read in error
    }
    for row in revisions:
        assert (row["reason"], row["old_parser_version"], row["new_parser_version"]) == ("parser_changed", OLDER_PARSER, PARSER_VERSION)
        assert (row["report_sha256"], row["old_sha256"], row["noticed_at"]) == (sha, None, started)
    again = build(layout)
    assert (again.extracted, again.reused) == (0, 1)
    assert _revisions(layout.db_path) == revisions, "carried forward, once"


async def test_the_report_page_says_which_parsers_read_the_cell(tmp_path: Path) -> None:
    layout = Layout(tmp_path / "data")
    sha, _ = _crawl(layout, _report("11"), "2023-02-01T08:00:00Z")
    build(layout)
    _as_an_older_parser_left_it(layout.db_path, sha)
    build(layout)
    page = html.fromstring((await make_datasette(layout).client.get(f"/-/report/{sha}")).text)
    (heading,) = page.xpath("//section[@id='revisions']/h3")
    built_on = _rows(layout.db_path, "select max(started_at) as at from runs")[0]["at"][:10]
    assert f"Read again by a new parser on {built_on}: {OLDER_PARSER} → {PARSER_VERSION}" in heading.text_content()
    rows = page.xpath("//tr[@class='revision']")
    cells = [[td.text_content() for td in tr.xpath("./td[@class='old' or @class='new']")] for tr in rows]
    assert sorted(cells) == sorted([["8", "11"], ["not read", _figures("11").raw("applications", "granted", "total")], ["5", "not read"]])


def test_the_same_reading_by_another_parser_is_no_revision(tmp_path: Path) -> None:
    layout = Layout(tmp_path / "data")
    sha, _ = _crawl(layout, _report("11"), "2023-02-01T08:00:00Z")
    build(layout)
    con = sqlite3.connect(layout.db_path)
    with con:
        con.execute("update reports set parser_version = ? where sha256 = ?", [OLDER_PARSER, sha])
    con.close()
    assert build(layout).extracted == 1
    assert _revisions(layout.db_path) == []
