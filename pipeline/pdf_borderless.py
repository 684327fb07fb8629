"""Borderless tables: rows from text lines, columns from the alignment of the numbers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.geometry import Box, join_tokens, merge_boxes, words
from pipeline.pdf_grid import Grid, GridCell, is_number

# A row label that starts a row of its own: 一、 （三） (3) 1. 1、 1．
_ENUMERATED = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+\s*[、.．])")
_HEADING = re.compile(r"^\s*[一二三四五六七八九十]+、")


@dataclass
class _Row:
    line: int
    header: bool
    cells: dict[int, list[Box]]
    spans: dict[int, int]
    values: bool = False


def _is_data_line(tokens: Sequence[Box]) -> bool:
    return any(is_number(t.text) for t in tokens) and (len(tokens) > 1 or is_number(tokens[0].text))


def blocks(lines: Sequence[Sequence[Box]]) -> list[tuple[int, int]]:
    """Runs of lines holding numbers (at least two such lines), split at section headings."""
    spans: list[list[int]] = []
    for i, line in enumerate(lines):
        if not _is_data_line(words(line)):
            continue
        if spans and i - spans[-1][1] <= 3 and not any(_heading(lines[k]) for k in range(spans[-1][1] + 1, i)):
            spans[-1][1] = i
        else:
            spans.append([i, i])
    return [(a, b) for a, b in spans if b > a]


def _heading(line: Sequence[Box]) -> bool:
    tokens = words(line)
    return len(tokens) == 1 and bool(_HEADING.match(tokens[0].text)) and not is_number(tokens[0].text)


def _header_start(lines: Sequence[Sequence[Box]], first: int, width: float) -> int:
    """Walk up from the first data line over header lines: close together, no headings,
    no paragraph running the width of the table."""
    start = first
    while start > 0 and first - start < 8:
        line, below = lines[start - 1], lines[start]
        gap = min(b.y0 for b in line) - max(b.y1 for b in below)
        tokens = words(line, gap=1.5)
        if gap > 1.2 * line[0].size or _heading(line) or any(t.x1 - t.x0 > 0.7 * width for t in tokens):
            break
        start -= 1
    return start


def _bands(lines: Sequence[Sequence[Box]]) -> list[tuple[float, float]]:
    """Column bands: the union of overlapping x-extents of the numbers (right-, left- or
    centre-aligned numbers of one column always overlap; neighbouring columns never do)."""
    extents = sorted((t.x0 - 1, t.x1 + 1) for line in lines for t in words(line)[1:] if is_number(t.text))
    bands: list[list[float]] = []
    for x0, x1 in extents:
        if bands and x0 <= bands[-1][1]:
            bands[-1][1] = max(bands[-1][1], x1)
        else:
            bands.append([x0, x1])
    return [(a, b) for a, b in bands]


def _columns(token: Box, bounds: Sequence[float]) -> tuple[int, int]:
    """Grid columns a token covers: those it overlaps by over 30% of the narrower extent."""
    hit = [
        c
        for c in range(len(bounds) - 1)
        if min(token.x1, bounds[c + 1]) - max(token.x0, bounds[c])
        > 0.3 * min(token.x1 - token.x0, bounds[c + 1] - bounds[c])
    ]
    if not hit:
        hit = [min(range(len(bounds) - 1), key=lambda c: abs((bounds[c] + bounds[c + 1]) / 2 - token.cx))]
    return hit[0], hit[-1]


def _tokens(line: Sequence[Box], label_edge: float) -> list[Box]:
    """Numbers stay single words; other words 1.5 em apart (letter-spaced headers) join."""
    out: list[Box] = []
    for word in words(line):
        prev = out[-1] if out else None
        joinable = prev is not None and not is_number(prev.text) and not is_number(word.text)
        if prev is not None and joinable and word.x0 - prev.x1 < 1.5 * word.size and (word.x0 > label_edge) == (prev.x0 > label_edge):
            out[-1] = merge_boxes((prev, word), join_tokens((prev, word)))
        else:
            out.append(word)
    return out


def _row(index: int, header: bool, line: Sequence[Box], bounds: Sequence[float]) -> _Row:
    row = _Row(index, header, {}, {})
    for token in _tokens(line, bounds[1]):
        first, last = (0, 0) if token.cx < bounds[1] else _columns(token, bounds)
        row.cells.setdefault(first, []).append(token)
        row.spans[first] = max(row.spans.get(first, 1), last - first + 1)
        row.values = row.values or (first > 0 and is_number(token.text))
    return row


def _continues(row: _Row, prev: _Row | None) -> bool:
    """A wrapped label line, or a line of numbers set level with the second line of a
    wrapped label, belongs to the row above instead of starting one."""
    if prev is None or row.header or prev.header or row.line - prev.line != 1:
        return False
    label = join_tokens(row.cells.get(0, []))
    if set(row.cells) == {0}:
        return not _ENUMERATED.match(label)
    return set(prev.cells) == {0} and (0 not in row.cells or not _ENUMERATED.match(label))


def _merge_header(rows: list[_Row], lines: Sequence[Sequence[Box]]) -> list[_Row]:
    """Header words wrapped inside one column ("商业" over "企业") become one cell."""
    for r in range(len(rows) - 1, 0, -1):
        below, above = rows[r], rows[r - 1]
        if not below.header or below.line - above.line != 1:
            continue
        gap = min(b.y0 for b in lines[above.line]) - max(b.y1 for b in lines[below.line])
        if gap > 0.6 * lines[below.line][0].size:
            continue
        for col in [c for c in below.cells if below.spans[c] == 1 and above.spans.get(c) == 1]:
            above.cells[col].extend(below.cells.pop(col))
    return [row for row in rows if row.cells]


def borderless_grid(lines: Sequence[Sequence[Box]], first: int, last: int, page: int, width: float) -> tuple[Grid, int]:
    """The table whose data lines run from `first` to `last`; also returns its first line."""
    bands = _bands(lines[first : last + 1])
    start = _header_start(lines, first, width)
    left = min(b.x0 for line in lines[start : last + 1] for b in line)
    right = max(b.x1 for line in lines[start : last + 1] for b in line)
    mids = [(bands[i][1] + bands[i + 1][0]) / 2 for i in range(len(bands) - 1)]
    bounds = [left - 1, bands[0][0] - 2, *mids, right + 1]
    rows: list[_Row] = []
    for i in range(start, last + 1):
        row = _row(i, i < first, lines[i], bounds)
        prev = rows[-1] if rows else None
        if prev is not None and _continues(row, prev):
            for col, boxes in row.cells.items():
                prev.cells.setdefault(col, []).extend(boxes)
                prev.spans[col] = max(prev.spans.get(col, 1), row.spans[col])
            prev.values = prev.values or row.values
            prev.line = i
        else:
            rows.append(row)
    rows = _merge_header(rows, lines)
    cells = []
    for r, row in enumerate(rows):
        for col, boxes in sorted(row.cells.items()):
            box = merge_boxes(boxes, "")
            text = "".join(join_tokens(sorted(group, key=lambda b: b.x0)) for group in _by_line(boxes))
            cells.append(GridCell(text, r, col, 1, row.spans[col], page, (box.x0, box.y0, box.x1, box.y1)))
    top = max(b.y1 for b in lines[start])
    bottom = min(b.y0 for b in lines[last])
    return Grid(tuple(cells), len(rows), len(bounds) - 1, tuple(bounds), page, page, top, bottom), start


def _by_line(boxes: Sequence[Box]) -> list[list[Box]]:
    ordered = sorted(boxes, key=lambda b: -b.cy)
    groups: list[list[Box]] = []
    for box in ordered:
        if groups and abs(groups[-1][0].cy - box.cy) <= 0.5 * box.size:
            groups[-1].append(box)
        else:
            groups.append([box])
    return groups
