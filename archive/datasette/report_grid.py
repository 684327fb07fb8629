"""Lay a report's cells out as its three tables were printed: header groups, spans, failing cells."""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass

from archive import spec
from archive.completeness import RULE, read_missing
from archive.datasette.report_records import CellRecord, CheckRecord, Key, failing_cells, index_cells


@dataclass(frozen=True)
class Heading:
    label: str
    colspan: int = 1
    rowspan: int = 1
    code: str | None = None
    tag: str = "th"


@dataclass(frozen=True)
class Slot:
    """A value position of the printed table; `cell` is None when nothing was extracted there,
    and `missing` says the completeness check names it: printed by the template, not found."""

    cell: CellRecord | None
    colspan: int = 1
    failing: tuple[str, ...] = ()
    tag: str = "td"
    row: str = ""
    column: str = ""
    missing: bool = False
    revised: str = ""  # what this cell read before (report_revisions.revised_cells), if it changed


Row = tuple[Heading | Slot, ...]


@dataclass(frozen=True)
class Grid:
    head: tuple[Row, ...]
    body: tuple[Row, ...]
    placed: frozenset[Key]


@dataclass(frozen=True)
class PrintedTable:
    code: str
    title: str
    grid: Grid | None
    checks: tuple[CheckRecord, ...]


class _Builder:
    """Collects the slots of one table, remembering which cells found a place."""

    def __init__(
        self, table: str, cells: Mapping[Key, CellRecord], flags: Mapping[Key, tuple[str, ...]], missing: Set[Key] = frozenset(),
        revised: Mapping[Key, str] | None = None,
    ) -> None:  # fmt: skip
        self.table, self.cells, self.flags, self.missing = table, cells, flags, missing
        self.revised = revised or {}
        self.placed: set[Key] = set()

    def has_row(self, row: str) -> bool:
        return any(key[0] == self.table and key[1] == row for key in (*self.cells, *self.missing))

    def slot(self, row: str, column: str, colspan: int = 1) -> Slot:
        key = (self.table, row, column)
        if key in self.cells:
            self.placed.add(key)
        return Slot(self.cells.get(key), colspan, self.flags.get(key, ()), row=row, column=column,
                    missing=key in self.missing, revised=self.revised.get(key, ""))  # fmt: skip

    def grid(self, head: Sequence[Row], body: Sequence[Row]) -> Grid | None:
        return Grid(tuple(head), tuple(body), frozenset(self.placed)) if self.placed or self.missing else None


def active_sections(cells: Mapping[Key, CellRecord], template: str | None) -> tuple[spec.Section, ...]:
    """The printed columns decide the layout; the report's template only breaks a tie."""
    columns = {column for table, _, column in cells if table == spec.ACTIVE}
    if columns & spec.ACTIVE_2019_ONLY and not columns & spec.ACTIVE_2021_ONLY:
        return spec.ACTIVE_2019
    if columns & spec.ACTIVE_2021_ONLY:
        return spec.ACTIVE_2021
    return spec.ACTIVE_2019 if template == "2019" else spec.ACTIVE_2021


def active_grid(b: _Builder, sections: Sequence[spec.Section]) -> Grid | None:
    width = max(len(s.columns) for s in sections) + 1
    body: list[Row] = []
    for section in sections:
        rows = [(code, label) for code, label in section.rows if b.has_row(code)]
        if not rows:
            continue
        last = width - len(section.columns)
        body.append((Heading(section.heading, colspan=width),))
        body.append(
            (Heading("信息内容"),)
            + tuple(Heading(label, code=code, colspan=last if i == len(section.columns) - 1 else 1)
                    for i, (code, label) in enumerate(section.columns))
        )  # fmt: skip
        for code, label in rows:
            slots = [b.slot(code, column, last if i == len(section.columns) - 1 else 1)
                     for i, (column, _) in enumerate(section.columns)]  # fmt: skip
            body.append((Heading(label, code=code), *slots))
    return b.grid((), body)


def _span(paths: Sequence[tuple[str, ...]], i: int, depth: int) -> int:
    """How many consecutive rows from i share the first depth+1 labels."""
    n = 1
    while i + n < len(paths) and paths[i + n][: depth + 1] == paths[i][: depth + 1]:
        n += 1
    return n


def applications_grid(b: _Builder) -> Grid | None:
    columns = spec.APPLICANT_COLUMNS
    head: list[Row] = [
        (Heading(spec.INFO_ACCOUNTING_NOTE, colspan=3, rowspan=3), Heading(spec.APPLICANTS, colspan=len(columns))),
        (
            Heading(columns[0][1], rowspan=2, code=columns[0][0]),
            Heading(spec.ORGANISATIONS, colspan=len(columns) - 2),
            Heading(columns[-1][1], rowspan=2, code=columns[-1][0]),
        ),
        tuple(Heading(label, code=code) for code, label in columns[1:-1]),
    ]
    rows = [(code, path) for code, path in spec.APPLICATION_ROWS if b.has_row(code)]
    paths = [path for _, path in rows]
    body: list[Row] = []
    for i, (code, path) in enumerate(rows):
        groups = tuple(
            Heading(path[d], rowspan=_span(paths, i, d))
            for d in range(len(path) - 1)
            if i == 0 or paths[i - 1][: d + 1] != path[: d + 1]
        )
        leaf = Heading(path[-1], colspan=3 - (len(path) - 1), code=code)
        body.append((*groups, leaf, *(b.slot(code, column) for column, _ in columns)))
    return b.grid(head, body)


def reviews_grid(b: _Builder) -> Grid | None:
    outcomes = spec.OUTCOMES
    width = len(outcomes)
    head: list[Row] = [
        (Heading(spec.REVIEW[1], colspan=width, code=spec.REVIEW[0]), Heading(spec.SUITS, colspan=2 * width)),
        tuple(Heading(label, rowspan=2, code=code) for code, label in outcomes)
        + tuple(Heading(label, colspan=width, code=code) for code, label in spec.SUIT_PROCEEDINGS),
        tuple(Heading(label, code=code) for _ in spec.SUIT_PROCEEDINGS for code, label in outcomes),
    ]
    proceedings = [spec.REVIEW[0], *(code for code, _ in spec.SUIT_PROCEEDINGS)]
    body: list[Row] = [tuple(b.slot(p, outcome) for p in proceedings for outcome, _ in outcomes)]
    return b.grid(head, body)


def missing_cells(checks: Sequence[CheckRecord], sections: Sequence[spec.Section]) -> frozenset[Key]:
    """The positions the completeness checks name: printed by the template, not found."""
    layouts = {
        spec.ACTIVE: [(row, column) for s in sections for row, _ in s.rows for column, _ in s.columns],
        spec.APPLICATIONS: [*(spec.canonical_cells(spec.APPLICATIONS, "2021") or ()), *(spec.canonical_cells(spec.APPLICATIONS, "2019") or ())],
        spec.REVIEWS: list(spec.canonical_cells(spec.REVIEWS, None) or ()),
    }
    return frozenset(
        (check.table_code, row, column)
        for check in checks
        if check.rule == RULE and check.status == "fail" and check.table_code in layouts
        for row, column in read_missing(check.scope or "", layouts[check.table_code])
    )


def printed_tables(
    cells: Sequence[CellRecord], checks: Sequence[CheckRecord], template: str | None,
    revised: Mapping[Key, str] | None = None,
) -> tuple[tuple[PrintedTable, ...], tuple[CellRecord, ...]]:  # fmt: skip
    """The three tables as printed, and every cell that found no place in them; `revised` marks
    the cells whose reading changed with what they read before."""
    index = index_cells(cells)
    flags = failing_cells(checks)
    sections = active_sections(index, template)
    missing = missing_cells(checks, sections)
    builders = {code: _Builder(code, index, flags, missing, revised) for code in spec.TABLE_ORDER}
    grids = {
        spec.ACTIVE: active_grid(builders[spec.ACTIVE], sections),
        spec.APPLICATIONS: applications_grid(builders[spec.APPLICATIONS]),
        spec.REVIEWS: reviews_grid(builders[spec.REVIEWS]),
    }
    tables = tuple(
        PrintedTable(code, spec.TABLE_TITLES[code], grids[code],
                     tuple(c for c in checks if c.table_code == code and c.status != "pass"))
        for code in spec.TABLE_ORDER
    )  # fmt: skip
    placed = set().union(*(t.grid.placed for t in tables if t.grid))
    placed_ids = {id(index[key]) for key in placed}
    return tables, tuple(c for c in cells if id(c) not in placed_ids)
