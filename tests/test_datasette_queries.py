"""Each canned query, run through Datasette on the sample, against figures worked out from the fixtures."""

from __future__ import annotations

import sqlite3
from collections import Counter
from typing import Any
from urllib.parse import quote

from datasette.app import Datasette

from archive.publish import make_datasette
from tests.test_datasette_sample import Report, Sample, _sample_template, ds, sample  # noqa: F401  (fixtures)

GROUPS = {"withheld": "withheld_", "unavailable": "unavailable_", "rejected": "rejected_"}


async def _query(ds: Datasette, name: str, **params: str) -> list[dict[str, Any]]:
    args = "".join(f"&{k}={quote(v)}" for k, v in params.items())
    response = await ds.client.get(f"/nianbao/{name}.json?_shape=array{args}")
    assert response.status_code == 200, response.text
    rows: list[dict[str, Any]] = response.json()
    return rows


def _totals(report: Report) -> dict[str, Any]:
    cells = report.cells
    return {c["row_code"]: c["value"] for c in cells if c["table_code"] == "applications" and c["column_code"] == "total"}


def _sum_or_null(values: list[Any]) -> Any:
    """SQL sum(): the numbers printed, or NULL when none was; a blank never becomes 0."""
    numbers = [v for v in values if v is not None]
    return sum(numbers) if numbers else None


def expected_outcomes(report: Report) -> dict[str, Any]:
    totals = _totals(report)
    row: dict[str, Any] = {k: totals.get(k) for k in ("new_received", "carried_over", "granted", "partly_granted")}
    for name, prefix in GROUPS.items():
        row[name] = _sum_or_null([v for k, v in totals.items() if k.startswith(prefix)])
    row["other"] = _sum_or_null([v for k, v in totals.items() if k == "other" or k.startswith("other_")])
    row |= {"total_handled": totals.get("total_handled"), "carried_forward": totals.get("carried_forward")}
    row["cells_without_number"] = sum(v is None for v in totals.values())
    return row


async def test_failing_checks_lists_each_failure_with_both_sides(sample: Sample, ds: Datasette) -> None:
    rows = await _query(ds, "failing_checks")
    expected = [c for r in (sample.seed, sample.blanks, sample.pdf) for c in r.checks if c["status"] == "fail"]
    got = [{k: row[k] for k in ("rule", "scope", "left", "right", "delta", "blank_as_zero")} for row in rows]
    assert got == [{k: c[k] for k in ("rule", "scope", "left", "right", "delta", "blank_as_zero")} for c in expected]
    assert {"rule": "row_total", "scope": "new_received", "left": 2, "right": 4, "delta": -2, "blank_as_zero": 0} in got
    assert {row["report_sha256"] for row in rows} == {sample.seed.sha256}


async def test_failing_checks_link_to_the_report_page(sample: Sample, ds: Datasette) -> None:
    page = (await ds.client.get("/nianbao/failing_checks")).text
    assert f'href="/-/report/{sample.seed.sha256}"' in page


async def test_requests_by_agency_year_keeps_blanks_null(sample: Sample, ds: Datasette) -> None:
    rows = {row.pop("report_sha256"): row for row in await _query(ds, "requests_by_agency_year")}
    with_tables = (sample.seed, sample.blanks, sample.pdf)
    assert {row.pop("reports") for row in rows.values()} == {len(with_tables)}
    assert set(rows) == {r.sha256 for r in with_tables}, "one row per report with tables; legacy left out"
    for report in with_tables:
        assert rows[report.sha256] == {"agency": report.agency, "year": report.year, **expected_outcomes(report)}
    blanks = rows[sample.blanks.sha256]
    assert blanks["carried_over"] is None and blanks["partly_granted"] is None
    assert blanks["withheld"] == 1 and blanks["cells_without_number"] == 3


async def test_requests_by_agency_year_filters_by_year(sample: Sample, ds: Datasette) -> None:
    every_year = await _query(ds, "requests_by_agency_year", year="")
    assert len(every_year) == 3, "an empty year means every year"
    rows = await _query(ds, "requests_by_agency_year", year=str(sample.blanks.year))
    assert [r["report_sha256"] for r in rows] == [sample.blanks.sha256]
    assert await _query(ds, "requests_by_agency_year", year=str(sample.legacy.year)) == [], "no 2019/2021 tables"


async def test_failing_checks_come_in_pages(sample: Sample) -> None:
    with sqlite3.connect(sample.layout.db_path) as conn:
        key = conn.execute("select id from reports where sha256 = ?", [sample.seed.sha256]).fetchone()[0]
        conn.executemany("insert into checks (report_id, seq, rule, table_code, scope, status, level) "
                         "values (?, ?, 'row_total', 'applications', ?, 'fail', 'error')",
                         [(key, 20_000 + n, f"extra_{n:03d}") for n in range(70)])  # fmt: skip
        total = conn.execute("select count(*) from checks where status = 'fail' and rule != 'completeness'").fetchone()[0]
    ds = make_datasette(sample.layout)
    pages = [await _query(ds, "failing_checks", page=p) for p in ("", "2", "3")]
    assert [len(p) for p in pages] == [50, total - 50, 0] and {r["failures"] for r in pages[0] + pages[1]} == {total}
    scopes = [r["scope"] for r in pages[0] + pages[1]]
    assert len(set(scopes)) == total and {f"extra_{n:03d}" for n in range(70)} <= set(scopes), "every failure once"


async def test_requests_by_agency_year_comes_in_pages(sample: Sample) -> None:
    with sqlite3.connect(sample.layout.db_path) as conn:
        conn.executemany("insert into report_figures (sha256, printed_agency, year, template) values (?, ?, 2030, '2021')",
                         [(f"{n:064x}", f"机关{n:03d}") for n in range(60)])  # fmt: skip
    ds = make_datasette(sample.layout)
    pages = [await _query(ds, "requests_by_agency_year", year="2030", page=p) for p in ("", "2", "3")]
    assert [len(p) for p in pages] == [50, 10, 0] and {r["reports"] for r in pages[0] + pages[1]} == {60}
    agencies = [r["agency"] for r in pages[0] + pages[1]]
    assert agencies == [f"机关{n:03d}" for n in range(60)], "every row once, in agency order"
    assert await _query(ds, "requests_by_agency_year", year="2030", page="1") == pages[0]


async def test_share_granted_by_year_uses_only_reports_that_printed_the_numbers(sample: Sample, ds: Datasette) -> None:
    rows = {row["year"]: row for row in await _query(ds, "share_granted_by_year")}
    for report in (sample.seed, sample.blanks, sample.pdf):
        totals = _totals(report)
        row = rows[report.year]
        usable = all(totals.get(k) is not None for k in ("granted", "partly_granted", "total_handled"))
        assert row["reports_with_tables"] == 1 and row["reports_used"] == int(usable)
        if usable:
            share = 100 * (totals["granted"] + totals["partly_granted"]) / totals["total_handled"]
            assert row["granted_or_partly_pct"] == round(share, 1)
        else:
            assert row["granted_or_partly_pct"] is None and row["total_handled"] is None
    assert sample.legacy.year not in rows


async def test_cells_by_kind_counts_every_cell(sample: Sample, ds: Datasette) -> None:
    rows = await _query(ds, "cells_by_kind")
    expected = Counter(
        (c["table_code"], r.template, c["kind"]) for r in (sample.seed, sample.blanks, sample.pdf) for c in r.cells
    )
    assert {(row["table_code"], row["template"], row["kind"]): row["cells"] for row in rows} == dict(expected)
    reports = Counter(
        (c["table_code"], r.template, c["kind"]) for r in (sample.seed, sample.blanks, sample.pdf)
        for c in {(c["table_code"], c["kind"]): c for c in r.cells}.values()
    )
    assert {(row["table_code"], row["template"], row["kind"]): row["reports"] for row in rows} == dict(reports)


async def test_search_texts_finds_words_of_every_length(sample: Sample, ds: Datasette) -> None:
    reports = (sample.seed, sample.blanks, sample.pdf, sample.legacy)
    for word in ("复议", "行政复议", "申", "收到申请"):
        rows = await _query(ds, "search_texts", q=word)
        expected = {r.sha256 for r in reports if word in r.text + r.title + r.agency}
        assert expected, f"the sample must contain {word}"
        assert {row["report_sha256"] for row in rows} == expected, word
    assert await _query(ds, "search_texts", q="") == []
    context = (await _query(ds, "search_texts", q="受理"))[0]["context"]
    assert "受理" in context
