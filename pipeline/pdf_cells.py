"""Cells of a borderless table: words stacked within a column are one printed cell, placed
on the rows of values its text covers."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.geometry import Box, join_tokens, merge_boxes
from pipeline.pdf_grid import ENUMERATED, GridCell, is_number

# Lines of one cell sit ≈ 1.2 em apart (gap ≈ 0.2 em); table rows carry padding (gap ≥ 0.6 em).
SAME_CELL_GAP = 0.45


@dataclass
class Stack:
    """Words stacked in one column span: one printed cell."""

    first: int
    last: int
    words: list[tuple[int, Box]]
    c0: int
    c1: int

    @property
    def box(self) -> Box:
        return merge_boxes([w for _, w in self.words], "")

    @property
    def text(self) -> str:
        lines: dict[int, list[Box]] = {}
        for line, word in self.words:
            lines.setdefault(line, []).append(word)
        return "".join(join_tokens(sorted(ws, key=lambda w: w.x0)) for _, ws in sorted(lines.items()))


def stack_words(placed: list[tuple[int, Box, tuple[int, int]]]) -> list[Stack]:
    """Words in overlapping column spans, close above one another, form one cell (wrapped,
    or stacked one character per line); an enumerated label or a number starts a new one."""
    out: list[Stack] = []
    for line, word, (c0, c1) in sorted(placed, key=lambda p: (-p[1].cy, p[1].x0)):
        block = next((b for b in reversed(out) if not (b.c1 < c0 or c1 < b.c0)), None)
        if block is not None and _joins(block, line, word):
            block.words.append((line, word))
            block.last, block.c0, block.c1 = line, min(block.c0, c0), max(block.c1, c1)
        else:
            out.append(Stack(line, line, [(line, word)], c0, c1))
    return out


def _joins(block: Stack, line: int, word: Box) -> bool:
    if line == block.last:
        return True
    if ENUMERATED.match(word.text) or is_number(word.text) or is_number(block.text):
        return False
    return block.box.y0 - word.y1 < SAME_CELL_GAP * word.size


def place(stacks: list[Stack], anchors: list[float], offset: int, page: int) -> list[GridCell]:
    """Place each cell on the rows (value lines, by centre) its text covers, within half an
    em: a label set a few points off its numbers still lands on their row."""
    cells = []
    for block in stacks:
        box = block.box
        tol = 0.5 * box.size
        rows = [r for r, y in enumerate(anchors) if box.y0 - tol <= y <= box.y1 + tol]
        if not rows:
            rows = [min(range(len(anchors)), key=lambda r: abs(anchors[r] - box.cy))]
        bbox = (box.x0, box.y0, box.x1, box.y1)
        cells.append(GridCell(block.text, offset + rows[0], block.c0, len(rows), block.c1 - block.c0 + 1, page, bbox))
    return _unclash(cells)


def fill_left(cells: list[GridCell], label_columns: int) -> list[GridCell]:
    """A label cell reaches left over label columns nothing is printed in, as the merged
    cells of the printed table did; a row label never starts with a blank cell."""
    taken = {(r, c) for x in cells for r in range(x.row, x.row + x.rowspan) for c in range(x.col, x.col + x.colspan)}
    out = []
    for cell in sorted(cells, key=lambda x: x.col):
        rows = range(cell.row, cell.row + cell.rowspan)
        col = cell.col
        while 0 < col < label_columns and cell.text and not any((r, col - 1) in taken for r in rows):
            col -= 1
            taken.update((r, col) for r in rows)
        out.append(GridCell(cell.text, cell.row, col, cell.rowspan, cell.colspan + cell.col - col, cell.page, cell.bbox))
    return out


def _unclash(cells: list[GridCell]) -> list[GridCell]:
    """Two texts placed on one grid position are one cell, read top to bottom."""
    by_spot: dict[tuple[int, int], GridCell] = {}
    for cell in cells:
        spot = (cell.row, cell.col)
        if spot in by_spot:
            kept = by_spot[spot]
            cell = GridCell(kept.text + cell.text, kept.row, kept.col, max(kept.rowspan, cell.rowspan),
                            max(kept.colspan, cell.colspan), kept.page, kept.bbox)  # fmt: skip
        by_spot[spot] = cell
    return list(by_spot.values())
