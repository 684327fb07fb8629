"""The real 平潭 reports in ../shared/corpus/: every printed cell, the source's own error, the
legacy report kept with its figures, and the carry-over chain across the years."""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from pathlib import Path

import pytest

from archive.blobs import BlobStore
from archive.catalog import DocumentRecord, open_catalog, record_document
from archive.layout import Layout
from pipeline.extract import extract_document
from pipeline.load import report_id
from pipeline.runner import build
from tests.corpus_pingtan import AGENCY, LEGACY_2018, REPORTS, printed_cells
from tests.markdown_copy import markdown_copy


def _truth(raw: str) -> tuple[int | float | None, str]:
    """What a transcribed figure means: digits with an optional sign, decimals and 元."""
    match = re.fullmatch(r"(-?\d+)(\.\d+)?(元)?", raw)
    assert match, f"no truth rule for {raw!r}"
    return (float(raw.removesuffix("元")) if match.group(2) else int(match.group(1))), "number"


def _read(shared: Path, name: str) -> bytes:
    return (shared / "corpus" / "pingtan" / name).read_bytes()


@pytest.mark.parametrize("year", sorted(REPORTS))
def test_every_printed_cell_is_read_exactly(shared: Path, year: int) -> None:
    report = REPORTS[year]
    ex = extract_document(_read(shared, report["file"]), report["file"])
    assert (ex.title, ex.agency, ex.year, ex.template) == (f"{AGENCY}{year}年度政府信息公开工作年度报告", AGENCY, year, report["template"])
    expected = {key: (raw, *_truth(raw)) for key, raw in printed_cells(year).items()}
    got = {(c.table, c.row, c.column): (c.raw, c.value, c.kind) for c in ex.cells}
    wrong = {k: (got.get(k), v) for k, v in expected.items() if got.get(k) != v}
    assert not wrong, f"{len(wrong)} cells differ (got, printed): {dict(list(wrong.items())[:8])}"
    assert set(got) == set(expected)
    assert ex.sections == ("overview", "active_disclosure", "applications", "reviews_litigation", "problems", "other_matters")


def test_the_2020_report_is_flagged_for_its_own_arithmetic(shared: Path) -> None:
    ex = extract_document(_read(shared, REPORTS[2020]["file"]), "2020")
    failed = {(c.rule, c.scope): (c.left, c.right) for c in ex.checks if c.status == "fail" and c.level == "error"}
    # 自然人: 6+6+4+3+3+4 = 26 results against a printed 总计 of 20; the 总计 column: 27 against 21.
    assert failed == {("results_sum", "natural_person"): (20, 26), ("results_sum", "total"): (21, 27)}
    for year in (2019, 2022, 2023, 2025):
        other = extract_document(_read(shared, REPORTS[year]["file"]), str(year))
        assert [c for c in other.checks if c.status == "fail" and c.level == "error"] == [], year


def test_the_legacy_report_is_kept_with_its_own_figures(shared: Path) -> None:
    ex = extract_document(_read(shared, LEGACY_2018["file"]), "2018")
    assert (ex.template, ex.agency, ex.year, ex.cells, ex.checks) == ("legacy", AGENCY, 2018, (), ())
    assert "2018年全区主动公开政府信息2069条" in ex.text and "行政诉讼数" in ex.text
    assert ex.sections == ("overview", "active_disclosure", "applications", "reviews_litigation", "problems", "statistics")
    expected = [
        (unicodedata.normalize("NFKC", indicator), unit, column, raw)
        for indicator, unit, *values in LEGACY_2018["rows"]
        for column, raw in zip(LEGACY_2018["columns"], values)
    ]
    assert [(f.indicator, f.unit, f.column_label, f.raw) for f in ex.legacy_figures] == expected
    assert all(f.kind == "number" and f.value == int(f.raw) for f in ex.legacy_figures)


def _archive(layout: Layout, shared: Path) -> dict[int, str]:
    catalog = open_catalog(layout.catalog_path)
    shas = {}
    for year, name in [(2018, LEGACY_2018["file"]), *((y, r["file"]) for y, r in REPORTS.items())]:
        shas[year] = BlobStore(layout.blobs_dir).put(_read(shared, name))
        record_document(catalog, DocumentRecord(shas[year], f"http://127.0.0.1/pingtan/{name}", "fj_pingtan", "report"))
    return shas


def test_the_corpus_builds_with_its_carry_over_chain(tmp_path: Path, shared: Path) -> None:
    layout = Layout(tmp_path)
    shas = _archive(layout, shared)
    build(layout)
    con = sqlite3.connect(layout.db_path)
    assert con.execute("select count(*) from failures").fetchone() == (0,)
    templates = dict(con.execute("select year, template from reports"))
    assert templates == {2018: "legacy", 2019: "2019", 2020: "2019", 2022: "2021", 2023: "2021", 2025: "2021"}
    # 上年结转 against the year before's 结转下年度, wherever the year before is in the corpus:
    # 2020 against 2019 and 2023 against 2022 (both 0 in every column). 2019's year before is the
    # legacy report, which has no such row; 2022 and 2025 have no report of the year before here.
    links = con.execute(
        "select r.year, c.scope, c.status, c.left, c.right, c.compared_with from checks c "
        "join reports r on r.id = c.report_id where c.rule = 'carry_link' order by r.year, c.seq"
    ).fetchall()  # fmt: skip
    columns = ("natural_person", "commercial", "research", "public_interest", "legal_services", "other_org", "total")
    assert links == [(2020, col, "pass", 0, 0, shas[2019]) for col in columns] + [
        (2023, col, "pass", 0, 0, shas[2022]) for col in columns
    ]
    assert con.execute("select check_status from reports where year = 2020").fetchone() == ("fail",)
    assert con.execute("select count(*) from legacy_figures where report_id = ?", [report_id(shas[2018])]).fetchone() == (30,)
    assert con.execute("select count(*) from cells where report_id = ?", [report_id(shas[2018])]).fetchone() == (0,)
    approximate = con.execute(
        "select indicator, column_label, value, approximate_table_code, approximate_row_code from approximate_figures order by 5"
    ).fetchall()  # fmt: skip
    assert approximate == [
        ("其中:1.同意公开答复数", "2018年度", 0, "applications", "granted"),
        ("受理依申请公开信息总数", "2018年度", 0, "applications", "new_received"),
        ("行政复议数", "2018年度", 0, "reviews_litigation", "review"),
    ]


@pytest.mark.parametrize("year", sorted(REPORTS))
def test_a_markdown_copy_reads_the_same_cells(shared: Path, year: int) -> None:
    """The same page as a PDF-to-markdown export: title wrapped, sections renumbered 一/二/三, merged cells empty."""
    report = REPORTS[year]
    copy = markdown_copy(_read(shared, report["file"]).decode("utf-8"), AGENCY)
    assert copy.startswith(f"# {AGENCY}\n# {year}年度") and f"## **一、主动公开政府信息情况**" in copy
    ex = extract_document(copy.encode(), f"{year}.md")
    assert (ex.title, ex.agency, ex.year, ex.template, ex.format) == (f"{AGENCY}{year}年度政府信息公开工作年度报告", AGENCY, year, report["template"], "text")
    expected = {key: (raw, *_truth(raw)) for key, raw in printed_cells(year).items()}
    got = {(c.table, c.row, c.column): (c.raw, c.value, c.kind) for c in ex.cells}
    wrong = {k: (got.get(k), v) for k, v in expected.items() if got.get(k) != v}
    assert not wrong, f"{len(wrong)} cells differ (got, printed): {dict(list(wrong.items())[:8])}"
    assert set(got) == set(expected)
    assert ex.sections == ("overview", "active_disclosure", "applications", "reviews_litigation", "problems", "other_matters")
    assert [c.status for c in ex.checks if c.rule == "prose_vs_table"] == [
        c.status for c in extract_document(_read(shared, report["file"]), "page").checks if c.rule == "prose_vs_table"
    ]
