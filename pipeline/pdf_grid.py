"""Table grids read off PDF pages: cells with spans, joined across page breaks, → RawTable."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from pipeline.model import BBox, RawCell, RawTable

_NUMBER_RE = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?$")
# A row label that starts an item: 一、 （三） (3) 1. 1、 1．
ENUMERATED = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+\s*[、.．])")


def is_number(text: str) -> bool:
    return bool(_NUMBER_RE.match(text.replace(" ", "")))


@dataclass(frozen=True)
class GridCell:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    page: int = 1
    bbox: BBox | None = None


@dataclass(frozen=True)
class Grid:
    """One table (or one page's part of it). `columns` are the x boundaries of its grid
    columns; `top`/`bottom` are its extent on its first and last page."""

    cells: tuple[GridCell, ...]
    nrows: int
    ncols: int
    columns: tuple[float, ...]
    first_page: int
    last_page: int
    top: float
    bottom: float

    def at(self) -> dict[tuple[int, int], GridCell]:
        spots: dict[tuple[int, int], GridCell] = {}
        for cell in self.cells:
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.col, cell.col + cell.colspan):
                    spots.setdefault((r, c), cell)
        return spots

    def row_texts(self, row: int) -> tuple[str, ...]:
        spots = self.at()
        return tuple(spots[(row, c)].text if (row, c) in spots else "" for c in range(self.ncols))


def to_raw_table(grid: Grid) -> RawTable:
    """Each row lists the distinct cells covering it, in column order, as the HTML adapter
    does; an uncovered position (a blank in a borderless table) becomes a blank cell."""
    raw = {
        cell: RawCell(cell.text, cell.row, cell.col, cell.rowspan, cell.colspan, cell.page, cell.bbox)
        for cell in grid.cells
    }
    spots = grid.at()
    rows = []
    for r in range(grid.nrows):
        row = [raw[spots[(r, c)]] if (r, c) in spots else RawCell("", r, c) for c in range(grid.ncols)]
        rows.append(tuple(dict.fromkeys(row)))
    return RawTable(rows=tuple(rows), positional=True)


def hidden(grid: Grid) -> list[GridCell]:
    """Printed cells with text that no grid position shows: another cell's span covers all of
    them. They must be reported, never silently lost."""
    shown = set(grid.at().values())
    return [cell for cell in grid.cells if cell.text.strip() and cell not in shown]


_TOLERANCE = 6.0


def compatible(a: Grid, b: Grid, tolerance: float = _TOLERANCE) -> bool:
    """Same column structure, the continuation of a table on the next page; or one page's
    columns refine the other's: a part without any row of group （三） draws no rule between
    the group and sub-item labels, and table 四's header cut above 结果维持 none between the
    outcomes of a lawsuit, so a column there covers several of the other part's."""
    if a.ncols == b.ncols:
        return all(abs(x - y) <= tolerance for x, y in zip(a.columns, b.columns))
    coarse, fine = (a, b) if a.ncols < b.ncols else (b, a)
    edges = abs(coarse.columns[0] - fine.columns[0]) <= tolerance and abs(coarse.columns[-1] - fine.columns[-1]) <= tolerance
    return edges and all(any(abs(x - y) <= tolerance for y in fine.columns) for x in coarse.columns)


def _refine(grid: Grid, columns: tuple[float, ...]) -> Grid:
    """The grid on finer column boundaries: each cell spans the new columns its edges enclose."""

    def index(x: float) -> int:
        return min(range(len(columns)), key=lambda i: abs(columns[i] - x))

    cells = []
    for cell in grid.cells:
        first, end = index(grid.columns[cell.col]), index(grid.columns[cell.col + cell.colspan])
        cells.append(replace(cell, col=first, colspan=max(end - first, 1)))
    return replace(grid, cells=tuple(cells), ncols=len(columns) - 1, columns=columns)


def join(a: Grid, b: Grid) -> Grid:
    """Append `b` (next page) to `a`: drop a repeated header; let a label cell that the page
    break cut in two (a group such as （四）无法提供 whose rows continue) span both parts; and
    put back together a row that broke across the page (Word's "allow row to break")."""
    if a.ncols < b.ncols:
        a = _refine(a, b.columns)
    elif b.ncols < a.ncols:
        b = _refine(b, a.columns)
    repeated = 0
    while repeated < min(a.nrows, b.nrows) - 1 and a.row_texts(repeated) == b.row_texts(repeated):
        repeated += 1
    kept = [replace(c, row=c.row - repeated) for c in b.cells if c.row >= repeated]
    labels = _label_columns(a)
    broken = _broken_row(a, [c for c in kept if c.row == 0], labels)
    shift = a.nrows - 1 if broken else a.nrows
    cells = list(a.cells)
    last = a.at()
    for cell in sorted(kept, key=lambda c: c.col):
        above = last.get((a.nrows - 1, cell.col))
        if cell.row == 0 and above is not None and (broken or _continues(above, cell, labels)):
            cells.remove(above)
            cells.append(_merged(above, cell, broken))
            continue
        cells.append(replace(cell, row=cell.row + shift))
    nrows = shift + b.nrows - repeated
    return Grid(tuple(cells), nrows, a.ncols, a.columns, a.first_page, b.last_page, a.top, b.bottom)


def _broken_row(a: Grid, opening: list[GridCell], labels: set[int]) -> bool:
    """The next page opens with the rest of the last row: no values of its own, and a label
    fragment that is no new item ("他法律行政法规禁止公开" after "2.其")."""
    spots = a.at()
    ending = [spots[(a.nrows - 1, c)] for c in range(a.ncols) if (a.nrows - 1, c) in spots]
    own = [c for c in ending if c.rowspan == 1 and c.text and c.col in labels]
    rest = [c for c in opening if c.rowspan == 1 and c.text and c.col in labels]
    values = [c for c in opening if c.col not in labels and c.text]
    return bool(own and rest) and not values and bool(ENUMERATED.match(own[-1].text)) and not any(
        ENUMERATED.match(c.text) for c in rest
    )


def _label_columns(grid: Grid) -> set[int]:
    numeric = {c for cell in grid.cells if is_number(cell.text) for c in range(cell.col, cell.col + cell.colspan)}
    first_value = min(numeric, default=grid.ncols)
    return set(range(first_value))


def _continues(above: GridCell, below: GridCell, labels: set[int]) -> bool:
    return (
        above.col == below.col
        and above.colspan == below.colspan
        and above.col in labels
        and above.col + above.colspan - 1 in labels
        and (not above.text) != (not below.text)
    )


def _merged(above: GridCell, below: GridCell, broken: bool) -> GridCell:
    if broken and above.rowspan == 1 and below.rowspan == 1:
        return replace(above, text=above.text + below.text)
    keep = above if above.text else below
    # A label the break cut in two ("三、本年度办" | "理结果") reads whole again.
    text = above.text + below.text if above.text and below.text else keep.text
    return replace(keep, text=text, row=above.row, rowspan=above.rowspan + below.rowspan - (1 if broken else 0))
