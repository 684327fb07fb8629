"""Borderless tables: columns from the alignment of numbers and the gaps between labels,
cells from text stacked within a column, rows from the lines that carry values."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.geometry import Box, cluster, join_tokens, words
from pipeline.pdf_cells import SAME_CELL_GAP, Stack, fill_left, place, stack_words
from pipeline.pdf_grid import ENUMERATED, Grid, GridCell, is_number

_HEADING = re.compile(r"^\s*[一二三四五六七八九十]+、")
_GROUP = re.compile(r"^\s*[（(][一二三四五六七八九十]+[）)]")
_ITEM = re.compile(r"^\s*\d+\s*[、.．]")


def _is_data_line(tokens: Sequence[Box]) -> bool:
    return any(is_number(t.text) for t in tokens) and (len(tokens) > 1 or is_number(tokens[0].text))


def _heading(line: Sequence[Box]) -> bool:
    tokens = words(line)
    return len(tokens) == 1 and bool(_HEADING.match(tokens[0].text)) and not is_number(tokens[0].text)


def blocks(lines: Sequence[Sequence[Box]]) -> list[tuple[int, int]]:
    """Runs of lines holding numbers, split at section headings and at vertical gaps wider
    than two lines."""
    runs: list[list[int]] = []
    for i, line in enumerate(lines):
        if not _is_data_line(words(line)):
            continue
        if runs and all(_joined(lines[k], lines[k + 1]) for k in range(runs[-1][1], i)):
            runs[-1][1] = i
        else:
            runs.append([i, i])
    # One line of many numbers is a table too: table 四 prints its 15 figures on one row.
    return [(a, b) for a, b in runs if b > a or sum(is_number(w.text) for w in words(lines[a])) >= 5]


def _joined(above: Sequence[Box], below: Sequence[Box]) -> bool:
    gap = min(b.y0 for b in above) - max(b.y1 for b in below)
    return gap < 2 * below[0].size and not _heading(below)


def _header_start(lines: Sequence[Sequence[Box]], first: int, width: float, floor: int) -> int:
    """Walk up from the first data line over header lines: close together, no section
    heading, no paragraph running the width of the table, nothing of the table above."""
    start = first
    while start > floor and first - start < 10:
        line, below = lines[start - 1], lines[start]
        gap = min(b.y0 for b in line) - max(b.y1 for b in below)
        if gap > 1.2 * line[0].size or _heading(line) or any(t.x1 - t.x0 > 0.7 * width for t in words(line)):
            break
        start -= 1
    return start


def _bands(lines: Sequence[Sequence[Box]]) -> list[tuple[float, float]]:
    """Value columns: the union of overlapping x-extents of the numbers (right-, left- or
    centre-aligned numbers of one column always overlap; neighbouring columns never do)."""
    extents = sorted((t.x0 - 1, t.x1 + 1) for line in lines for t in words(line)[1:] if is_number(t.text))
    merged: list[list[float]] = []
    for x0, x1 in extents:
        if merged and x0 <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1])
    return [(a, b) for a, b in merged]


def _label_separators(lines: Sequence[Sequence[Box]], edge: float) -> list[float]:
    """Label sub-columns (三、本年度办理结果 | （三）不予公开 | 1.属于国家秘密): the gaps that
    lines with several label words agree on, and the gap right of a group label that shares
    no line with its sub-items (set between rows, or cut short by a page break)."""
    labels = [[w for w in words(line) if w.cx < edge] for line in lines]
    gaps = [(a.x1, b.x0) for label in labels for a, b in zip(label, label[1:]) if b.x0 - a.x1 >= b.size]
    for i, label in enumerate(labels):
        for group in (w for w in label if _GROUP.match(w.text) and w is label[-1]):
            items = [w for near in labels[max(i - 1, 0) : i + 2] for w in near if w.x0 - group.x1 >= 0.5 * w.size and _ITEM.match(w.text)]
            if items:
                gaps.append((group.x1, min(w.x0 for w in items)))
    merged: list[list[float]] = []
    for lo, hi in sorted(gaps):
        if merged and lo <= merged[-1][1]:
            merged[-1] = [max(merged[-1][0], lo), min(merged[-1][1], hi)]
        else:
            merged.append([lo, hi])
    return [(lo + hi) / 2 for lo, hi in merged]


def _columns(box: Box, bounds: Sequence[float]) -> tuple[int, int]:
    """Grid columns a word covers: those it overlaps by over 30% of the narrower extent."""
    hit = [
        c for c in range(len(bounds) - 1)
        if min(box.x1, bounds[c + 1]) - max(box.x0, bounds[c]) > 0.3 * min(box.x1 - box.x0, bounds[c + 1] - bounds[c])
    ]  # fmt: skip
    if not hit:
        hit = [min(range(len(bounds) - 1), key=lambda c: abs((bounds[c] + bounds[c + 1]) / 2 - box.cx))]
    return hit[0], hit[-1]


def borderless_grid(
    lines: Sequence[Sequence[Box]], first: int, last: int, page: int, width: float, floor: int = 0
) -> tuple[Grid, int, int]:
    """The table whose data lines run from `first` to `last`; also returns the first and
    last line it takes (its header above, a wrapped label below)."""
    start = _header_start(lines, first, width, floor)
    bands = _bands(lines[first : last + 1])
    body_from = _label_top(lines, start, first, bands[0][0])
    edge = _label_edge(lines[body_from : last + 1], bands[0][0])
    last = _tail(lines, last, edge)
    table = lines[start : last + 1]
    left, right = min(b.x0 for ln in table for b in ln) - 1, max(b.x1 for ln in table for b in ln) + 1
    labels = [x for x in _label_separators(lines[body_from : last + 1], edge) if left < x < edge]
    bounds = [left, *labels, edge, *((bands[i][1] + bands[i + 1][0]) / 2 for i in range(len(bands) - 1)), right]
    placed = [(i, word, _columns(word, bounds)) for i in range(start, last + 1) for word in words(lines[i])]
    heads = stack_words([p for p in placed if p[0] < body_from])
    body = [p for p in placed if p[0] >= body_from]
    stacks = stack_words(body)
    for block in stacks:
        # A label never reaches into the value columns, where it would hide a number.
        if block.c0 <= len(labels) and not is_number(block.text):
            block.c1 = min(block.c1, len(labels))
    anchors = _anchors(body, stacks, len(labels), lines[first][0].size)
    head_rows = _head_rows(heads)
    cells = [GridCell(b.text, r, b.c0, 1, b.c1 - b.c0 + 1, page, _bbox(b.box)) for b, r in zip(heads, head_rows)]
    cells += fill_left(place(stacks, anchors, max(head_rows, default=-1) + 1, page), len(labels) + 1)
    top, bottom = max(b.y1 for b in table[0]), min(b.y0 for b in table[-1])
    nrows = max(head_rows, default=-1) + 1 + len(anchors)
    grid = Grid(tuple(cells), nrows, len(bounds) - 1, tuple(bounds), page, page, top, bottom)
    return grid, start, last


def _label_top(lines: Sequence[Sequence[Box]], start: int, first: int, values: float) -> int:
    """Where the body begins: a table continued without its header may open with a row whose
    wrapped label starts a line or two above its numbers; those lines are no header."""
    top = first
    while top > start and first - top < 2 and all(w.x1 < values for w in words(lines[top - 1])):
        top -= 1
    return top if top < first and ENUMERATED.match(join_tokens(words(lines[top]))) else first


def _head_rows(heads: list[Stack]) -> list[int]:
    """Header row of each header cell, by its first line; then a row that overlaps the row
    above in height, in columns that row leaves free, moves up into it: a one-line "其他"
    beside "商业/企业" wrapped over two lines shares their row instead of posing as one."""
    lines = sorted({block.first for block in heads})
    rows = [lines.index(block.first) for block in heads]
    r = 1
    while r <= max(rows, default=0):
        mine = [heads[i] for i, row in enumerate(rows) if row == r]
        above = [heads[i] for i, row in enumerate(rows) if row == r - 1]
        taken = {c for b in above for c in range(b.c0, b.c1 + 1)}
        free = all(c not in taken for b in mine for c in range(b.c0, b.c1 + 1))
        if mine and above and free and max(b.box.y1 for b in mine) > min(b.box.y0 for b in above):
            rows = [row - 1 if row >= r else row for row in rows]
        else:
            r += 1
    return rows


def _anchors(body: list[tuple[int, Box, tuple[int, int]]], stacks: list[Stack], labels: int, size: float) -> list[float]:
    """Row centres, top down: the lines carrying something right of the labels (values or
    in-table headings), then label cells standing on no such line (a group heading whose
    values are blank)."""
    rows = cluster((-w.cy for _, w, span in body if span[0] > labels), 0.5 * size)
    for block in stacks:
        box = block.box
        if not any(box.y0 - 0.5 * box.size <= -y <= box.y1 + 0.5 * box.size for y in rows):
            rows = sorted([*rows, -box.cy])
    return [-y for y in rows]


def _tail(lines: Sequence[Sequence[Box]], last: int, edge: float) -> int:
    """The wrapped end of the last row's label, set below its numbers."""
    while last + 1 < len(lines):
        line = lines[last + 1]
        gap = min(b.y0 for b in lines[last]) - max(b.y1 for b in line)
        label = join_tokens(line)
        if gap > SAME_CELL_GAP * line[0].size or max(b.x1 for b in line) > edge or ENUMERATED.match(label):
            break
        last += 1
    return last


def _label_edge(lines: Sequence[Sequence[Box]], values: float) -> float:
    """Between the labels and the first value column: midway across the gap between them,
    so a header wider than its numbers stays in its own column."""
    ends = [w.x1 for line in lines for w in words(line) if not is_number(w.text) and w.x1 < values]
    return (max(ends) + values) / 2 if ends else values - 2


def _bbox(box: Box) -> tuple[float, float, float, float]:
    return (box.x0, box.y0, box.x1, box.y1)
