"""A report's cells and checks as the page reads them, and which cells each check adds up."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from archive import spec

Number = int | float
Key = tuple[str, str, str]


def format_number(value: Number | None) -> str:
    """Checks on decimal cells (fees in 万元) can leave an integral float: print 2.0 as 2."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def reading(raw: str | None, value: Number | None, kind: str | None) -> str:
    """A cell's reading in words, as a revision shows either side: `not read` (no cell), `blank`,
    or what was printed (the number when no text was kept)."""
    if kind is None:
        return "not read"
    if kind == "blank":
        return "blank"
    return raw if raw not in (None, "") else format_number(value)


@dataclass(frozen=True)
class CellRecord:
    """One row of `cells`, as the report page shows it."""

    table_code: str
    row_code: str
    column_code: str
    raw: str | None
    value: Number | None
    kind: str
    row_label: str | None = None
    column_label: str | None = None
    page: int | None = None

    @property
    def key(self) -> Key:
        return (self.table_code, self.row_code, self.column_code)


@dataclass(frozen=True)
class CheckRecord:
    """One row of `checks`."""

    rule: str
    table_code: str | None
    scope: str | None
    status: str
    level: str | None
    left: Number | None
    right: Number | None
    delta: Number | None
    blank_as_zero: bool


def index_cells(cells: Iterable[CellRecord]) -> dict[Key, CellRecord]:
    """The first cell per position wins; a duplicate stays unplaced and is listed apart."""
    index: dict[Key, CellRecord] = {}
    for cell in cells:
        index.setdefault(cell.key, cell)
    return index


def check_cells(check: CheckRecord) -> list[Key]:
    """The cells a check adds up, so a failing check can point at them."""
    scope, table = check.scope or "", spec.APPLICATIONS
    columns = [code for code, _ in spec.APPLICANT_COLUMNS]
    if check.rule == "row_total":
        return [(table, scope, column) for column in columns]
    if check.rule == "balance":
        return [(table, row, scope) for row in ("new_received", "carried_over", "total_handled", "carried_forward")]
    if check.rule == "results_sum":
        return [(table, row, scope) for row in ("total_handled", *spec.RESULT_ROWS)]
    if check.rule == "carry_link":
        return [(table, "carried_over", scope)]
    if check.rule == "review_total":
        return [(spec.REVIEWS, scope, outcome) for outcome, _ in spec.OUTCOMES]
    return []


def failing_cells(checks: Iterable[CheckRecord]) -> dict[Key, tuple[str, ...]]:
    flags: dict[Key, tuple[str, ...]] = {}
    for check in checks:
        if check.status == "fail":
            for key in check_cells(check):
                flags[key] = (*flags.get(key, ()), f"{check.rule} {check.scope}")
    return flags
