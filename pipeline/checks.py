"""The four hard arithmetic checks (勾稽关系) of tables 三 and 四, per column, row or proceeding."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from archive import spec
from pipeline.labels import APPLICANT_COLUMNS, APPLICATIONS, LEAF_2019, OTHER_2021, OUTCOMES, PROCEEDINGS, REVIEWS
from pipeline.model import Cell, Check

Number = int | float
Grid = dict[tuple[str, str], Cell]
_ROW_ORDER = tuple(code for code, _ in spec.APPLICATION_ROWS)


class _Missing(Exception):
    """A cell the rule needs is absent or holds text: the rule cannot be assessed."""


def _read(grid: Grid, key: tuple[str, str]) -> tuple[Number, bool]:
    """(value, whether a blank or dash was read as 0)."""
    cell = grid.get(key)
    if cell is None or cell.kind == "text":
        raise _Missing(key)
    if cell.value is None:
        return 0, True
    return cell.value, False


def _total(grid: Grid, keys: Iterable[tuple[str, str]]) -> tuple[Number, bool]:
    total: Number = 0
    blank = False
    for key in keys:
        value, was_blank = _read(grid, key)
        total += value
        blank = blank or was_blank
    return total, blank


def _compare(rule: str, table: str, scope: str, grid: Grid, left: list[tuple[str, str]], right: list[tuple[str, str]]) -> Check:
    try:
        lvalue, lblank = _total(grid, left)
        rvalue, rblank = _total(grid, right)
    except _Missing:
        return Check(rule, table, scope, "not_assessable", None, None, None, False)
    delta = lvalue - rvalue
    if isinstance(delta, float):
        delta = round(delta, 6)
    status = "pass" if abs(delta) < 1e-9 else "fail"
    return Check(rule, table, scope, status, lvalue, rvalue, delta, lblank or rblank)


def check_applications(grid: Grid) -> list[Check]:
    rows = {row for row, _ in grid}
    leaves = [*LEAF_2019, *(OTHER_2021 if rows & set(OTHER_2021) else ("other",))]
    checks = [
        _compare("balance", APPLICATIONS, col, grid,
                 [("new_received", col), ("carried_over", col)], [("total_handled", col), ("carried_forward", col)])
        for col in APPLICANT_COLUMNS
    ]  # fmt: skip
    checks += [
        _compare("results_sum", APPLICATIONS, col, grid, [("total_handled", col)], [(leaf, col) for leaf in leaves])
        for col in APPLICANT_COLUMNS
    ]
    checks += [
        _compare("row_total", APPLICATIONS, row, grid, [(row, "total")], [(row, col) for col in APPLICANT_COLUMNS[:-1]])
        for row in _ROW_ORDER
        if row in rows
    ]
    return checks


def check_reviews(grid: Grid) -> list[Check]:
    return [
        _compare("review_total", REVIEWS, proc, grid, [(proc, "total")], [(proc, o) for o in OUTCOMES[:-1]])
        for proc in PROCEEDINGS
    ]


def check_report(cells: Sequence[Cell]) -> tuple[Check, ...]:
    """Checks run only on the tables the report has; a missing needed cell is not_assessable."""
    by_table: dict[str, Grid] = {}
    for cell in cells:
        by_table.setdefault(cell.table, {})[(cell.row, cell.column)] = cell
    checks: list[Check] = []
    if APPLICATIONS in by_table:
        checks += check_applications(by_table[APPLICATIONS])
    if REVIEWS in by_table:
        checks += check_reviews(by_table[REVIEWS])
    return tuple(checks)
