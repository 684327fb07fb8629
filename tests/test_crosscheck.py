"""Rules across documents: duplicate copies, the carry-over link between years, covered pages."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from archive.blobs import BlobStore
from archive.catalog import DocumentRecord, open_catalog, record_document
from archive.layout import Layout
from pipeline.load import report_id
from pipeline.runner import build
from tests.report_builder import Report, consistent_figures, html_report, text_report

AGENCY = "上海市样例区文化旅游局"


def _store(layout: Layout, data: bytes, url: str, role: str = "report", parent: str | None = None) -> str:
    sha = BlobStore(layout.blobs_dir).put(data)
    record_document(open_catalog(layout.catalog_path), DocumentRecord(sha, url, "p", role, parent_url=parent))
    return sha


def _report(year: int, seed: int) -> Report:
    return Report(f"{AGENCY}{year}年政府信息公开工作年度报告", "2021", consistent_figures("2021", seed=seed))


def test_copies_are_marked_and_carry_over_is_linked(tmp_path: Path) -> None:
    layout = Layout(tmp_path)
    y2021, y2022 = _report(2021, 3), _report(2022, 5)
    forward = {c: y2021.raw("applications", "carried_forward", c) for c in ("natural_person", "commercial", "total")}
    for col, raw in forward.items():
        y2022.figures[("applications", "carried_over", col)] = raw
    y2022.figures[("applications", "carried_over", "commercial")] = str(int(forward["commercial"]) + 1)
    page = _store(layout, html_report(y2021).encode(), "http://127.0.0.1/2021.html")
    copy = _store(layout, text_report(y2021).encode(), "http://127.0.0.1/2021.txt", role="attachment", parent="http://127.0.0.1/2021.html")
    newer = _store(layout, html_report(y2022).encode(), "http://127.0.0.1/2022.html")
    build(layout)
    con = sqlite3.connect(layout.db_path)
    assert dict(con.execute("select sha256, duplicate_of from reports")) == {page: None, copy: page, newer: None}
    links = {scope: (status, left, right, other) for scope, status, left, right, other in con.execute(
        "select scope, status, left, right, compared_with from checks where rule = 'carry_link' and report_id = ?", [report_id(newer)])}  # fmt: skip
    assert links["natural_person"][0] == "pass" and links["natural_person"][3] == page
    assert links["commercial"][:3] == ("fail", int(forward["commercial"]) + 1, int(forward["commercial"]))
    assert con.execute("select count(*) from checks where rule = 'carry_link' and level != 'warning'").fetchone() == (0,)
    own = con.execute("select count(*) from checks where report_id = ? and status = 'fail' and level = 'error'", [report_id(newer)]).fetchone()
    assert con.execute("select checks_failed from reports where sha256 = ?", [newer]).fetchone() == own, "warnings are not counted"


def test_a_page_whose_tables_are_in_its_attachment_is_not_a_failure(tmp_path: Path) -> None:
    layout = Layout(tmp_path)
    _store(layout, "<html><body><h1>样例区2021年政府信息公开工作年度报告</h1><a href='r.txt'>附件</a></body></html>".encode(),
           "http://127.0.0.1/page.html")  # fmt: skip
    _store(layout, b"<html><body><p>no tables here either</p></body></html>", "http://127.0.0.1/other.html")
    _store(layout, text_report(_report(2021, 3)).encode(), "http://127.0.0.1/r.txt", role="attachment", parent="http://127.0.0.1/page.html")
    stats = build(layout)
    failures = [r[0] for r in sqlite3.connect(layout.db_path).execute("select source_url from failures")]
    assert failures == ["http://127.0.0.1/other.html"] and stats.failures == 1


def test_carry_over_pairs_the_years_of_one_agency_however_its_name_is_printed(tmp_path: Path) -> None:
    layout = Layout(tmp_path)
    y2021 = Report("长宁区2021年政府信息公开工作年度报告", "2021", consistent_figures("2021", seed=3))
    y2022 = Report("上海市长宁区人民政府2022年政府信息公开工作年度报告", "2021", consistent_figures("2021", seed=5))
    other = Report("上海市长宁区教育局2022年政府信息公开工作年度报告", "2021", consistent_figures("2021", seed=7))
    for col in ("natural_person", "commercial", "total"):
        y2022.figures[("applications", "carried_over", col)] = y2021.raw("applications", "carried_forward", col)
    before = _store(layout, html_report(y2021).encode(), "http://127.0.0.1/2021.html")
    after = _store(layout, html_report(y2022).encode(), "http://127.0.0.1/2022.html")
    _store(layout, html_report(other).encode(), "http://127.0.0.1/edu-2022.html")
    build(layout)
    con = sqlite3.connect(layout.db_path)
    printed = dict(con.execute("select sha256, agency from reports where sha256 in (?, ?)", [before, after]))
    assert printed[before] != printed[after], "the two years print the agency differently"
    links = con.execute("select distinct r.sha256, c.compared_with, c.status from checks c join reports r on r.id = c.report_id "
                        "where c.rule = 'carry_link' and c.scope = 'natural_person'").fetchall()  # fmt: skip
    assert links == [(after, before, "pass")], "the bureau's 2022 report has no year before: no link to the government's"


def test_a_copy_is_found_whichever_name_of_its_agency_it_prints(tmp_path: Path) -> None:
    layout = Layout(tmp_path)
    figures = consistent_figures("2021", seed=3)
    page = _store(layout, html_report(Report("长宁区2021年政府信息公开工作年度报告", "2021", figures)).encode(),
                  "http://127.0.0.1/2021.html")  # fmt: skip
    copy = _store(layout, text_report(Report("上海市长宁区人民政府2021年政府信息公开工作年度报告", "2021", dict(figures))).encode(),
                  "http://127.0.0.1/2021.txt", role="attachment", parent="http://127.0.0.1/2021.html")  # fmt: skip
    other = _store(layout, html_report(Report("上海市长宁区教育局2021年政府信息公开工作年度报告", "2021", dict(figures))).encode(),
                   "http://127.0.0.1/edu-2021.html")  # fmt: skip
    build(layout)
    con = sqlite3.connect(layout.db_path)
    printed = dict(con.execute("select sha256, agency from reports"))
    assert printed[page] != printed[copy], "the copy prints the agency's name otherwise"
    assert dict(con.execute("select sha256, duplicate_of from reports")) == {page: None, copy: page, other: None}
    assert con.execute("select count(*) from report_figures where year = 2021").fetchone() == (2,)
