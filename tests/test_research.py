"""report_figures, agencies and timeliness on a small archive built by the real pipeline."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
import yaml

from archive.blobs import BlobStore
from archive.catalog import DocumentRecord, open_catalog, record_document
from archive.layout import Layout
from archive.publish import make_datasette
from pipeline.runner import build
from tests.report_builder import Report, consistent_figures, html_report, text_report

WITHHELD = [f"withheld_{s}" for s in ("state_secret", "prohibited", "security", "third_party", "internal", "process", "enforcement", "query")]
UNAVAILABLE = ["unavailable_not_held", "unavailable_needs_creation", "unavailable_unclear"]
REJECTED = ["rejected_petition", "rejected_duplicate", "rejected_publication", "rejected_excessive", "rejected_confirmation"]


def _store(layout: Layout, data: bytes, url: str, published_on: str | None, role: str = "report", parent: str | None = None) -> str:
    sha = BlobStore(layout.blobs_dir).put(data)
    doc = DocumentRecord(sha, url, "sh_changning", role, published_on=published_on, parent_url=parent)
    record_document(open_catalog(layout.catalog_path), doc)
    return sha


def _government_2022() -> Report:
    """2021 template, 不予公开 left blank throughout, one 无法提供 row a dash, fees in 万元."""
    report = Report("长宁区2022年政府信息公开工作年度报告", "2021", consistent_figures("2021", seed=3))
    for row in WITHHELD:
        report.figures[("applications", row, "total")] = ""
    report.figures[("applications", "unavailable_unclear", "total")] = "-"
    report.figures[("active_disclosure", "fees", "amount_10k_yuan")] = "12.5"
    return report


def _office_2021() -> Report:
    return Report("上海市长宁区人民政府办公室2021年政府信息公开工作年度报告", "2019", consistent_figures("2019", seed=5))


def _bureau_2022() -> Report:
    report = Report("上海市长宁区教育局2022年政府信息公开工作年度报告", "2021", consistent_figures("2021", seed=6))
    report.figures[("active_disclosure", "fees", "amount_10k_yuan")] = "186000元"
    return report


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Layout, dict[str, str]]:
    layout = Layout(tmp_path_factory.mktemp("research"))
    gov = _store(layout, html_report(_government_2022()).encode(), "http://127.0.0.1/gov.html", "2023-04-03")
    copy = _store(layout, text_report(_government_2022()).encode(), "http://127.0.0.1/gov.txt", "2023-04-03",
                  role="attachment", parent="http://127.0.0.1/gov.html")  # fmt: skip
    office = _store(layout, html_report(_office_2021()).encode(), "http://127.0.0.1/office.html", "2022-01-20")
    bureau = _store(layout, html_report(_bureau_2022()).encode(), "http://127.0.0.1/bureau.html", None)
    build(layout)
    return layout, {"gov": gov, "copy": copy, "office": office, "bureau": bureau}


@pytest.fixture(scope="module")
def built(archive: tuple[Layout, dict[str, str]]) -> tuple[sqlite3.Connection, dict[str, str]]:
    con = sqlite3.connect(archive[0].db_path)
    con.row_factory = sqlite3.Row
    return con, archive[1]


def _figures(con: sqlite3.Connection, sha: str) -> dict[str, Any]:
    return dict(con.execute("select * from report_figures where sha256 = ?", [sha]).fetchone())


def _number(raw: str) -> int | None:
    return int(raw) if raw.isdigit() else None


def _printed_sum(report: Report, rows: list[str], column: str = "total", table: str = "applications") -> int | None:
    numbers = [n for n in (_number(report.raw(table, row, column)) for row in rows) if n is not None]
    return sum(numbers) if numbers else None


def test_copies_are_left_out(built: tuple[sqlite3.Connection, dict[str, str]]) -> None:
    con, sha = built
    assert con.execute("select duplicate_of from reports where sha256 = ?", [sha["copy"]]).fetchone()[0] == sha["gov"]
    assert {r[0] for r in con.execute("select sha256 from report_figures")} == {sha["gov"], sha["office"], sha["bureau"]}


@pytest.mark.parametrize(("key", "report"), [("gov", _government_2022()), ("office", _office_2021()), ("bureau", _bureau_2022())])
def test_figures_equal_the_printed_cells(built: tuple[sqlite3.Connection, dict[str, str]], key: str, report: Report) -> None:
    con, sha = built
    got = _figures(con, sha[key])
    single = ("new_received", "carried_over", "granted", "partly_granted", "total_handled", "carried_forward")
    assert {f: got[f] for f in single} == {f: _number(report.raw("applications", f, "total")) for f in single}
    other = ["other"] if report.template == "2019" else ["other_no_correction", "other_unpaid_fee", "other_other"]
    assert (got["withheld"], got["unavailable"], got["rejected"], got["other_handling"]) == (
        _printed_sum(report, WITHHELD), _printed_sum(report, UNAVAILABLE), _printed_sum(report, REJECTED), _printed_sum(report, other))
    suits = ["suit_direct", "suit_after_review"]
    assert (got["reviews"], got["reviews_corrected"], got["lawsuits"], got["lawsuits_corrected"]) == (
        _number(report.raw("reviews_litigation", "review", "total")), _number(report.raw("reviews_litigation", "review", "corrected")),
        _printed_sum(report, suits, "total", "reviews_litigation"), _printed_sum(report, suits, "corrected", "reviews_litigation"))  # fmt: skip


def test_a_sum_of_blank_cells_is_null_and_a_dash_is_left_out(built: tuple[sqlite3.Connection, dict[str, str]]) -> None:
    con, sha = built
    got = _figures(con, sha["gov"])
    assert got["withheld"] is None
    report = _government_2022()
    assert got["unavailable"] == int(report.raw("applications", "unavailable_not_held", "total")) + int(
        report.raw("applications", "unavailable_needs_creation", "total"))  # fmt: skip


def test_fees_only_in_10k_yuan_and_only_from_the_2021_template(built: tuple[sqlite3.Connection, dict[str, str]]) -> None:
    con, sha = built
    assert _figures(con, sha["gov"])["fees_10k_yuan"] == 12.5
    assert _figures(con, sha["bureau"])["fees_10k_yuan"] is None, "186000元 is not rescaled into 万元"
    assert _figures(con, sha["office"])["fees_10k_yuan"] is None


def test_each_report_has_its_agency_and_the_printed_name_stays(built: tuple[sqlite3.Connection, dict[str, str]]) -> None:
    con, sha = built
    rows = {r["sha256"]: (r["agency"], r["printed_agency"], r["level"], r["division_code"], r["year"], r["template"])
            for r in con.execute("select * from report_figures")}  # fmt: skip
    assert rows == {
        sha["gov"]: ("上海市长宁区人民政府", "长宁区", "government", "310105", 2022, "2021"),
        sha["office"]: ("上海市长宁区人民政府办公室", "上海市长宁区人民政府办公室", "government_office", "310105", 2021, "2019"),
        sha["bureau"]: ("上海市长宁区教育局", "上海市长宁区教育局", "department", "310105", 2022, "2021"),
    }
    parents = dict(con.execute("select a.name, p.name from agencies a left join agencies p on p.id = a.parent_id"))
    assert parents["上海市长宁区教育局"] == parents["上海市长宁区人民政府办公室"] == "上海市长宁区人民政府"
    assert parents["上海市长宁区人民政府"] == "上海市人民政府" and parents["上海市人民政府"] is None
    names = {r["name"]: r["rule"] for r in con.execute("select * from agency_names")}
    assert set(names) == {"长宁区", "上海市长宁区人民政府办公室", "上海市长宁区教育局"}
    assert names["长宁区"] == "district completed with its city; an area alone names its government"


def test_deadline_and_days_late(built: tuple[sqlite3.Connection, dict[str, str]]) -> None:
    con, sha = built
    got = {k: tuple(con.execute("select deadline_on, days_late from reports where sha256 = ?", [s]).fetchone()) for k, s in sha.items()}
    assert got["gov"] == ("2023-03-31", 3)
    assert got["office"] == ("2022-01-31", -11)
    assert got["bureau"] == ("2023-01-31", None)


def test_the_dictionary_travels_with_the_database(built: tuple[sqlite3.Connection, dict[str, str]]) -> None:
    con, _ = built
    meta = yaml.safe_load((Path(__file__).parents[1] / "archive" / "datasette" / "metadata.yaml").read_text(encoding="utf-8"))
    described = {(t, c) for t, e in meta["databases"]["nianbao"]["tables"].items() for c in e.get("columns", {})}
    assert {tuple(r) for r in con.execute("select table_name, column_name from columns")} == described
    assert ("report_figures", "withheld") in described
    assert con.execute("select count(*) from codes where english is null or label is null").fetchone()[0] == 0


async def test_the_most_requests_of_a_year_is_one_sorted_filter_away(archive: tuple[Layout, dict[str, str]]) -> None:
    layout, sha = archive
    ds = make_datasette(layout)
    page = (await ds.client.get("/nianbao/report_figures.json?year=2022&_sort_desc=new_received&_shape=objects")).json()
    expected = sorted([(_number(r.raw("applications", "new_received", "total")), k) for k, r in
                       (("gov", _government_2022()), ("bureau", _bureau_2022()))], reverse=True)  # fmt: skip
    assert [(row["new_received"], row["sha256"]) for row in page["rows"]] == [(n, sha[k]) for n, k in expected]
    facets = (await ds.client.get("/nianbao/report_figures.json?_facet=level&_extra=facet_results")).json()
    counts = {v["value"]: v["count"] for v in facets["facet_results"]["level"]["results"]}
    assert counts == {"government": 1, "government_office": 1, "department": 1}
    missing = (await ds.client.get("/nianbao/missing_reports.json?_shape=objects")).json()["rows"]
    assert {(r["agency"], r["year"]) for r in missing} >= {("上海市长宁区人民政府办公室", 2022)}


def test_filters_and_facets_are_served_by_indexes(built: tuple[sqlite3.Connection, dict[str, str]]) -> None:
    con, _ = built
    plans = {
        "select count(*) from cells where kind = 'blank'": "idx_cells_kind",
        "select count(*) from cells where row_code = 'granted' and column_code = 'total' and kind = 'number'":
            "idx_cells_row_column_kind_table",
        "select count(*) from reports where agency_id = 1": "agency_id",
        "select count(*) from report_figures where year = 2022": "idx_report_figures_year",
        "select count(*) from report_figures where division_code = '310105'": "idx_report_figures_division_code",
        "select count(*) from report_figures where level = 'department'": "idx_report_figures_level",
    }  # fmt: skip
    for sql, index in plans.items():
        plan = " ".join(str(row[3]) for row in con.execute(f"explain query plan {sql}"))
        assert index in plan, (sql, plan)
