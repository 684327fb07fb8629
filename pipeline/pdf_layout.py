"""Pages of glyphs and rules → the document's tables (joined across page breaks) and text."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.geometry import Box, Page, group_lines, is_furniture, join_tokens, words
from pipeline.pdf_borderless import blocks, borderless_grid
from pipeline.pdf_grid import Grid, compatible, join
from pipeline.pdf_ruled import regions, ruled_grid


@dataclass(frozen=True)
class PageReading:
    """One page: its tables, and its text in reading order. `opens_with_table` and
    `ends_with_table` say whether anything but page furniture stands before or after them."""

    grids: tuple[Grid, ...]
    text: tuple[str, ...]
    opens_with_table: bool
    ends_with_table: bool
    lines: tuple[tuple[Box, ...], ...] = ()


def read_page(page: Page) -> PageReading:
    found = regions(page.segments)
    grids = [ruled_grid(r, [g for g in page.glyphs if r.holds(g)], page.number) for r in found]
    loose = [g for g in page.glyphs if not any(r.holds(g) for r in found)]
    lines = [line for line in group_lines(loose) if not is_furniture(line, page.height)]
    taken: set[int] = set()
    for first, last in blocks(lines):
        floor = max(taken, default=-1) + 1
        if first < floor:
            continue
        grid, start, end = borderless_grid(lines, first, last, page.number, page.width, floor)
        grids.append(grid)
        taken.update(range(start, end + 1))
    body = [line for i, line in enumerate(lines) if i not in taken]
    items = [(max(b.y1 for b in line), join_tokens(words(line, gap=1.0))) for line in body]
    items += [(grid.top, _table_text(grid)) for grid in grids]
    items.sort(key=lambda item: -item[0])
    grids.sort(key=lambda grid: -grid.top)
    tops = [max(b.y1 for b in line) for line in body]
    return PageReading(
        grids=tuple(grids),
        text=tuple(text for _, text in items),
        opens_with_table=bool(grids) and not any(top > grids[0].top for top in tops),
        ends_with_table=bool(grids) and not any(top < grids[-1].bottom for top in tops),
        lines=tuple(tuple(line) for line in body),
    )


def _table_text(grid: Grid) -> str:
    spots = grid.at()
    rows = []
    for r in range(grid.nrows):
        seen: list[str] = []
        for c in range(grid.ncols):
            cell = spots.get((r, c))
            if cell is not None and cell.text and (not seen or cell.text != seen[-1]):
                seen.append(cell.text)
        rows.append("\t".join(seen))
    return "\n".join(rows)


def join_pages(readings: Sequence[PageReading]) -> list[Grid]:
    """A table that ends one page and one that opens the next, with the same columns,
    are one table broken by the page."""
    tables: list[Grid] = []
    open_end = False
    for reading in readings:
        for k, grid in enumerate(reading.grids):
            if k == 0 and open_end and reading.opens_with_table and tables and compatible(tables[-1], grid):
                tables[-1] = join(tables[-1], grid)
            else:
                tables.append(grid)
        open_end = reading.ends_with_table
    return tables


def find_title(first: PageReading, glyphs: Sequence[Box]) -> str | None:
    """The run of largest-type lines at the top of page 1 (a title may wrap over two)."""
    if not glyphs or not first.lines:
        return None
    sizes = [max(b.size for b in line) for line in first.lines[:8]]
    if max(sizes) <= 1.15 * statistics.median(g.size for g in glyphs):
        return None
    big = [size >= 0.95 * max(sizes) for size in sizes]
    start = big.index(True)
    run = []
    for line, is_big in zip(first.lines[start:8], big[start:]):
        if not is_big:
            break
        run.append(join_tokens(words(line, gap=1.0)))
    return "".join(run) or None
