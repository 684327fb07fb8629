"""Completeness is data: each table found says which of its template's cells were not found."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sqlite_utils import Database

from archive import spec
from archive.catalog import DocumentRecord
from archive.completeness import describe_missing, read_missing
from archive.schema import open_database
from pipeline.completeness import cells_missing, check_completeness
from pipeline.extract import extract_document
from pipeline.load import Batch, check_status
from pipeline.model import Check, Extraction
from tests.report_builder import Report, consistent_figures, html_report


class WithoutRows(Report):
    """A report whose printed tables lack some rows: what a reader that lost them would see."""

    dropped: frozenset[str] = frozenset()

    @property
    def rows(self) -> list[tuple[str, str, str | None]]:
        return [r for r in super().rows if r[0] not in self.dropped]

    @property
    def active(self) -> list[tuple[str, list[str], list[str], list[tuple[str, str]]]]:
        return [(t, h, c, [r for r in rows if r[0] not in self.dropped]) for t, h, c, rows in super().active]


def _extract(template: str = "2021", dropped: frozenset[str] = frozenset(), **raw: str) -> Extraction:
    report = WithoutRows("上海市样例区2021年政府信息公开工作年度报告", template, consistent_figures(template))
    report.dropped = dropped
    for key, value in raw.items():
        row, column = key.split("__")
        report.figures[("applications", row, column)] = value
    return extract_document(html_report(report).encode(), "x.html")


def _completeness(ex: Extraction) -> dict[str, Check]:
    return {c.table: c for c in ex.checks if c.rule == "completeness"}


def test_a_complete_report_passes_for_each_table() -> None:
    for template, active, applications in (("2021", 10, 175), ("2019", 22, 161)):
        checks = _completeness(_extract(template))
        assert [(c.status, c.left, c.right, c.delta, c.scope, c.level) for c in checks.values()] == [
            ("pass", active, active, 0, "", "warning"),
            ("pass", applications, applications, 0, "", "warning"),
            ("pass", 15, 15, 0, "", "warning"),
        ]


def test_a_blank_cell_is_printed_so_it_is_not_missing() -> None:
    ex = _extract(granted__total="", carried_over__research="")
    assert {c.status for c in _completeness(ex).values()} == {"pass"}
    assert cells_missing(ex.checks) == 0


def test_a_lost_row_fails_completeness_and_names_its_cells() -> None:
    ex = _extract(dropped=frozenset({"withheld_internal"}))
    check = _completeness(ex)["applications"]
    assert (check.status, check.left, check.right, check.delta) == ("fail", 168, 175, -7)
    assert check.scope == "withheld_internal:*"
    assert cells_missing(ex.checks) == 7
    # The hard checks that need the row cannot be assessed; the report says so, not `fail`.
    assert check_status(ex) == "not_assessable"


def test_a_gap_in_table_two_is_counted_although_every_hard_check_passes() -> None:
    ex = _extract(dropped=frozenset({"coercion", "regulations"}))
    check = _completeness(ex)["active_disclosure"]
    assert (check.status, check.left, check.right) == ("fail", 6, 10)
    assert check.scope == "regulations:*, coercion:*"
    assert check_status(ex) == "pass" and cells_missing(ex.checks) == 4


def test_completeness_does_not_change_an_arithmetic_verdict() -> None:
    failing = _extract(rejected_duplicate__total="99")
    assert check_status(failing) == "fail"
    incomplete = _extract(dropped=frozenset({"coercion"}), rejected_duplicate__total="99")
    assert check_status(incomplete) == "fail"
    blank = _extract(granted__total="")
    assert check_status(blank) == "fail_blank_as_zero"
    assert check_status(_extract(dropped=frozenset({"coercion"}), granted__total="")) == "fail_blank_as_zero"


def test_a_table_whose_template_is_unknown_is_not_assessable() -> None:
    ex = _extract()
    active = [c for c in ex.cells if c.table == spec.ACTIVE]
    untyped = [replace(c, table_template=None) for c in active]
    (check,) = check_completeness({spec.ACTIVE}, untyped, "unknown")
    assert (check.status, check.left, check.right) == ("not_assessable", 10, None)
    assert cells_missing((check,)) is None
    (typed,) = check_completeness({spec.ACTIVE}, untyped, "2021")
    assert typed.status == "pass"


def test_only_tables_found_are_checked() -> None:
    ex = _extract()
    cells = [c for c in ex.cells if c.table != spec.REVIEWS]
    assert [c.table for c in check_completeness({spec.ACTIVE, spec.APPLICATIONS}, cells, "2021")] == [spec.ACTIVE, spec.APPLICATIONS]
    # A table found whose cells were all lost is wholly missing, not absent.
    (reviews,) = check_completeness({spec.REVIEWS}, cells, "2021")
    assert (reviews.status, reviews.left, reviews.right) == ("fail", 0, 15)


def test_scope_reads_back_to_the_missing_positions() -> None:
    expected = spec.canonical_cells(spec.APPLICATIONS, "2021") or ()
    missing = [k for k in expected if k[0] == "withheld_process"] + [("carried_forward", "total"), ("granted", "research")]
    missing.sort(key=expected.index)
    scope = describe_missing(missing, expected)
    assert scope == "granted:research, withheld_process:*, carried_forward:total"
    assert read_missing(scope, expected) == missing
    assert read_missing("", expected) == []


def test_the_template_layouts_are_the_specification() -> None:
    assert len(spec.canonical_cells(spec.APPLICATIONS, "2021") or ()) == 25 * 7
    assert len(spec.canonical_cells(spec.APPLICATIONS, "2019") or ()) == 23 * 7
    assert spec.canonical_cells(spec.ACTIVE, "legacy") is None
    assert len(spec.canonical_cells(spec.REVIEWS, None) or ()) == 15


def test_the_loader_writes_the_count(tmp_path: Path) -> None:
    db: Database = open_database(tmp_path / "nianbao.db")
    for name, ex in (("a", _extract(dropped=frozenset({"withheld_internal", "coercion"}))), ("b", _extract())):
        sha = name * 64
        db.table("documents").insert({"sha256": sha, "url": f"http://127.0.0.1/{name}", "portal": "p", "role": "report"})
        batch = Batch(db.conn)
        batch.extraction(DocumentRecord(sha, f"http://127.0.0.1/{name}", "p", "report"), ex)
        batch.flush()
    assert dict(db.execute("select source_url, cells_missing from reports").fetchall()) == {
        "http://127.0.0.1/a": 8,
        "http://127.0.0.1/b": 0,
    }
