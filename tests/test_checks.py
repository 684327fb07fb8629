"""Each hard check fails when its rule is broken, and says what it compared."""

from __future__ import annotations

import pytest

from pipeline.checks import check_report
from pipeline.extract import extract_document
from pipeline.model import Cell, Check
from tests.report_builder import APPLICANTS, ROWS_2019, ROWS_2021, Report, consistent_figures, html_report


def _cells(template: str = "2021", **raw: str) -> list[Cell]:
    report = Report("上海市样例区2021年政府信息公开工作年度报告", template, consistent_figures(template))
    for key, value in raw.items():
        row, column = key.split("__")
        table = "reviews_litigation" if row in ("review", "suit_direct", "suit_after_review") else "applications"
        report.figures[(table, row, column)] = value
    return list(extract_document(html_report(report).encode(), "x").cells)


def _failing(checks: tuple[Check, ...]) -> list[tuple[str, str]]:
    return sorted((c.rule, c.scope) for c in checks if c.status == "fail")


@pytest.mark.parametrize("template", ["2021", "2019"])
def test_consistent_report_passes_every_check(template: str) -> None:
    checks = check_report(_cells(template))
    rows = ROWS_2021 if template == "2021" else ROWS_2019
    assert len(checks) == 7 + 7 + len(rows) + 3
    assert {c.status for c in checks} == {"pass"}


def test_balance_fails_on_its_column() -> None:
    cells = _cells()
    base = next(c.value for c in cells if (c.row, c.column) == ("carried_forward", "research"))
    checks = check_report(_cells(carried_forward__research=str(int(base) + 1)))
    assert ("balance", "research") in _failing(checks)
    balance = next(c for c in checks if c.rule == "balance" and c.scope == "research")
    assert balance.delta == -1 and balance.right == balance.left + 1


def test_results_sum_fails_when_a_leaf_is_off() -> None:
    cells = _cells()
    base = next(c.value for c in cells if (c.row, c.column) == ("withheld_process", "commercial"))
    checks = check_report(_cells(withheld_process__commercial=str(int(base) + 2)))
    assert ("results_sum", "commercial") in _failing(checks)


def test_row_total_fails_on_its_row() -> None:
    checks = check_report(_cells(rejected_duplicate__total="99"))
    assert _failing(checks) == [("results_sum", "total"), ("row_total", "rejected_duplicate")]


def test_review_total_fails_on_its_proceeding() -> None:
    checks = check_report(_cells(suit_direct__total="50"))
    assert _failing(checks) == [("review_total", "suit_direct")]
    check = next(c for c in checks if c.scope == "suit_direct")
    assert check.left == 50 and check.delta == 50 - check.right  # type: ignore[operator]


def test_text_cell_makes_the_rule_not_assessable() -> None:
    checks = check_report(_cells(granted__natural_person="见附件"))
    statuses = {(c.rule, c.scope): c.status for c in checks}
    assert statuses[("results_sum", "natural_person")] == "not_assessable"
    assert statuses[("row_total", "granted")] == "not_assessable"
    na = next(c for c in checks if c.status == "not_assessable")
    assert na.left is None and na.right is None and na.delta is None


def test_missing_row_makes_the_rule_not_assessable() -> None:
    cells = [c for c in _cells() if c.row != "carried_over"]
    statuses = {(c.rule, c.scope): c.status for c in check_report(cells)}
    assert all(statuses[("balance", col)] == "not_assessable" for col in APPLICANTS)


def test_blank_read_as_zero_is_flagged_and_can_still_fail() -> None:
    checks = check_report(_cells(new_received__total=""))
    row = next(c for c in checks if c.rule == "row_total" and c.scope == "new_received")
    assert row.blank_as_zero and row.left == 0
    assert row.status == ("fail" if row.right else "pass")
    balance = next(c for c in checks if c.rule == "balance" and c.scope == "total")
    assert balance.blank_as_zero


def test_decimal_comparisons_tolerate_float_noise() -> None:
    from pipeline.checks import check_reviews

    def cell(proc: str, outcome: str, value: float) -> Cell:
        return Cell("reviews_litigation", proc, outcome, str(value), value, "number")

    grid = {(p, o): cell(p, o, v) for p in ("review",) for o, v in zip(("upheld", "corrected", "other", "pending", "total"), (0.1, 0.2, 0, 0, 0.3))}
    assert check_reviews(grid)[0].status == "pass"
