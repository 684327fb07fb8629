"""Pre-2019 reports: kept as legacy, their statistics under their own labels, and only the
documented correspondences shown, as approximate, in their own view."""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from archive.blobs import BlobStore
from archive.catalog import DocumentRecord, open_catalog, record_document
from archive.layout import Layout
from archive.publish import METADATA_PATH
from archive.schema import open_database
from pipeline.cli import main
from pipeline.errors import NoTablesFound
from pipeline.extract import extract_document
from pipeline.runner import build
from tests.make_markdown_fixtures import LEGACY_COLUMNS, LEGACY_FIGURES

FIXTURE = Path(__file__).parent / "fixtures" / "documents" / "legacy-statistics-table.md"


def test_every_printed_figure_is_kept_under_its_own_labels() -> None:
    ex = extract_document(FIXTURE.read_bytes(), FIXTURE.name)
    assert (ex.template, ex.cells, ex.checks) == ("legacy", (), ())
    expected = [
        (unicodedata.normalize("NFKC", indicator), unit, column, raw)
        for indicator, unit, *values in LEGACY_FIGURES
        for column, raw in zip(LEGACY_COLUMNS, values)
    ]
    assert [(f.indicator, f.unit, f.column_label, f.raw) for f in ex.legacy_figures] == expected
    other = {(f.column_label, f.kind, f.value) for f in ex.legacy_figures if f.indicator == "4.其他类型答复数"}
    assert other == {("2017年度", "blank", None), ("2016年度", "dash", None), ("历年累计", "number", 15)}


def test_the_figures_travel_in_extract_detail_only() -> None:
    base = json.loads(CliRunner().invoke(main, ["extract", str(FIXTURE)]).output)
    detail = json.loads(CliRunner().invoke(main, ["extract", "--detail", str(FIXTURE)]).output)
    assert "legacy_figures" not in base and base["template"] == "legacy"
    assert detail["legacy_figures"][0] == {"indicator": "主动公开政府信息数", "unit": "条", "column_label": "2017年度",
                                           "raw": "1024", "value": 1024, "kind": "number"}  # fmt: skip
    assert len(detail["legacy_figures"]) == 3 * len(LEGACY_FIGURES)


def test_a_report_with_the_three_tables_has_no_legacy_figures() -> None:
    modern = Path(__file__).parent / "fixtures" / "documents" / "markdown-short-agency-in-title.md"
    assert extract_document(modern.read_bytes(), modern.name).legacy_figures == ()


def test_the_database_keeps_them_apart_and_the_view_says_approximate(tmp_path: Path) -> None:
    layout = Layout(tmp_path)
    sha = BlobStore(layout.blobs_dir).put(FIXTURE.read_bytes())
    record_document(open_catalog(layout.catalog_path), DocumentRecord(sha, "http://127.0.0.1/legacy.md", "p", "report"))
    build(layout)
    build(layout)  # a rebuild replaces the document's figures, never adds to them
    con = sqlite3.connect(layout.db_path)
    assert con.execute("select template, n_cells from reports").fetchall() == [("legacy", 0)]
    assert con.execute("select count(*) from legacy_figures").fetchone() == (3 * len(LEGACY_FIGURES),)
    assert con.execute("select count(*) from cells").fetchone() == con.execute("select count(*) from checks").fetchone() == (0,)
    blank = con.execute("select raw, value, kind from legacy_figures where indicator = '4.其他类型答复数' and column_label = '2017年度'")
    assert blank.fetchall() == [("", None, "blank")]
    # Only the year's own column; never the documents released 依申请 (依申请公开政府信息数), the
    # channels of the request total (其中：1.当面申请数), or a count of review requests as requests.
    rows = con.execute(
        "select indicator, column_label, value, approximate_table_code, approximate_row_code, approximate_column_code "
        "from approximate_figures order by approximate_row_code, indicator"
    ).fetchall()  # fmt: skip
    assert rows == [
        ("其中:1.同意公开答复数", "2017年度", 7, "applications", "granted", "total"),
        ("受理申请总数", "2017年度", 12, "applications", "new_received", "total"),
        ("受理行政复议申请总数", "2017年度", 1, "reviews_litigation", "review", "total"),
        ("行政复议数", "2017年度", 1, "reviews_litigation", "review", "total"),
    ]


def test_a_legacy_report_without_a_statistics_table_is_kept_by_its_headings(shared: Path) -> None:
    page = (shared / "corpus" / "pingtan" / "pingtan_2018_report_legacy.html").read_text(encoding="utf-8")
    prose_only = re.sub(r"<table.*</table>", "", page, flags=re.S)
    ex = extract_document(prose_only.encode(), "2018-without-table")
    assert (ex.template, ex.legacy_figures, ex.year) == ("legacy", (), 2018)
    # A 2021 report whose tables could not be read is not legacy: it stays a failure.
    modern = Path(__file__).parent / "fixtures" / "documents" / "blank-total-column.html"
    with pytest.raises(NoTablesFound):
        extract_document(re.sub(r"<table border.*</table>", "", modern.read_text(encoding="utf-8"), flags=re.S).encode(), "x")


def test_the_view_is_described_column_by_column_and_says_approximate(tmp_path: Path) -> None:
    db = open_database(tmp_path / "nianbao.db")
    with METADATA_PATH.open(encoding="utf-8") as f:
        tables = yaml.safe_load(f)["databases"]["nianbao"]["tables"]
    view = tables["approximate_figures"]
    assert view["description"].startswith("APPROXIMATE") and "依申请" in view["description"]
    assert set(view["columns"]) == {c.name for c in db.view("approximate_figures").columns}
    assert all(view["columns"].values())


def test_a_heading_row_across_the_table_is_not_a_figure() -> None:
    page = ("<html><body><h1>样例县2016年政府信息公开工作年度报告</h1><p>一、概述</p><p>六、政府信息公开情况统计表</p>"
            "<table><tr><td>项目</td><td>单位</td><td>数量</td></tr><tr><td colspan='3'>一、依申请公开</td></tr>"
            "<tr><td>申请总数</td><td>件</td><td>5</td></tr><tr><td>收取费用</td><td></td><td>251000元</td></tr></table></body></html>")  # fmt: skip
    ex = extract_document(page.encode(), "heading-row.html")
    assert ex.template == "legacy"
    assert [(f.indicator, f.unit, f.column_label, f.value) for f in ex.legacy_figures] == [
        ("申请总数", "件", "数量", 5), ("收取费用", "元", "数量", 251000)]  # fmt: skip


def test_a_statistics_table_sharing_labels_with_table_three_is_not_mapped_into_it() -> None:
    rows = "".join(f"<tr><td>{label}</td><td>件</td><td>{n}</td></tr>" for n, label in enumerate(
        ("申请总数", "（一）予以公开", "（二）部分公开", "1.属于国家秘密", "2.重复申请", "（七）总计"), start=1))  # fmt: skip
    page = ("<html><body><h1>样例县2017年政府信息公开工作年度报告</h1><table><tr><td>指标名称</td><td>计量单位</td>"
            f"<td>2017年度</td></tr>{rows}</table></body></html>")  # fmt: skip
    ex = extract_document(page.encode(), "shared-labels.html")
    assert (ex.template, ex.cells) == ("legacy", ())
    assert [(f.indicator, f.value) for f in ex.legacy_figures][:2] == [("申请总数", 1), ("(一)予以公开", 2)]
