"""Reading a RawTable's rows: label cells versus value cells, header columns, alignment."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pipeline.labels import norm
from pipeline.model import Cell, RawCell, RawTable
from pipeline.values import clean_raw, is_numberish, is_numberish_cell, ocr_value, parse_value

Row = tuple[RawCell, ...]
_UNIT = re.compile(r"单位[:：]?\s*(万元|元|件|个|项)")


@dataclass(frozen=True)
class Column:
    code: str
    first: int
    last: int
    label: str
    unit: str | None = None


def row_label(row: Row, label_cells: Sequence[RawCell]) -> str:
    return " ".join(clean_raw(c.text) for c in label_cells if c.text.strip())


def split_row(table: RawTable, row: Row, value_start: int | None) -> tuple[list[RawCell], list[RawCell]]:
    """(label cells, value cells). Markup tables bound the label by the header's first value
    column; flattened text takes everything up to its last word as the label."""
    if table.positional:
        last_label = -1
        for i, cell in enumerate(row):
            if not is_numberish_cell(cell.text, cell.source):
                last_label = i
            elif cell.text.strip() or (value_start is not None and cell.col >= value_start):
                break  # a printed value, or a blank inside the value columns: the label is over
        return list(row[: last_label + 1]), list(row[last_label + 1 :])
    if len(row) > 2 and not row[0].text.strip() and not row[-1].text.strip():
        # "| 规章 | 22 | 235 |": a row framed by delimiters ends in the frame, not in a blank cell.
        row = row[1:-1]
    last = max((i for i, c in enumerate(row) if c.text.strip() and not is_numberish(c.text)), default=-1)
    return list(row[: last + 1]), list(row[last + 1 :])


def trim(values: list[RawCell], width: int, positional: bool = False) -> list[RawCell]:
    """Drop the padding flattened text leaves around a row: leading empties, then trailing. In a
    grid (`positional`) a leading empty is a printed blank in its column — a figure OCR missed, say —
    and dropping it would slide the next figure into that column: only trailing padding goes."""
    values = list(values)
    while len(values) > width and not positional and not values[0].text.strip():
        values.pop(0)
    while len(values) > width and not values[-1].text.strip():
        values.pop()
    return values


def header_leaves(rows: Sequence[Row]) -> dict[int, tuple[RawCell, str]]:
    """For each grid column: the lowest non-blank header cell above it, and the whole path."""
    leaves: dict[int, tuple[RawCell, str]] = {}
    for row in rows:
        for cell in row:
            if not cell.text.strip():
                continue
            for col in range(cell.col, cell.col + cell.colspan):
                path = leaves[col][1] if col in leaves else ""
                if not path.endswith(norm(cell.text)):
                    path += norm(cell.text)
                leaves[col] = (cell, path)
    return leaves


def header_columns(rows: Sequence[Row], code_of: Callable[[str, str], str | None]) -> list[Column]:
    """Group grid columns under the same leaf cell and name them with `code_of(leaf, path)`."""
    columns: list[Column] = []
    leaves = header_leaves(rows)
    for col in sorted(leaves):
        cell, path = leaves[col]
        if columns and columns[-1].last == col - 1 and _covers(cell, columns[-1]):
            prev = columns[-1]
            columns[-1] = Column(prev.code, prev.first, col, prev.label, prev.unit)
            continue
        code = code_of(norm(cell.text), path)
        if code:
            unit = m.group(1) if (m := _UNIT.search(clean_raw(cell.text))) else None
            columns.append(Column(code, col, col, cell.text, unit))
    return columns


def _covers(cell: RawCell, column: Column) -> bool:
    return cell.text == column.label and cell.col <= column.first and column.last < cell.col + cell.colspan


def align(values: list[RawCell], columns: list[Column], positional: bool) -> list[tuple[Column, RawCell]]:
    """Pair value cells with columns: in order when the counts agree, else by grid overlap.

    `positional` means the columns were read from the table's own header in a grid that
    markup or geometry laid out; without it a short row is never filled left to right."""
    if len(values) == len(columns):
        return list(zip(columns, values))
    if not positional:
        return []
    pairs: list[tuple[Column, RawCell]] = []
    for column in columns:
        hit = next((v for v in values if v.col <= column.first < v.col + v.colspan), None)
        if hit is not None and all(hit is not v for _, v in pairs):
            pairs.append((column, hit))
    return pairs


def make_cell(table: str, row: str, column: Column, raw: RawCell, label: str, template: str | None) -> Cell:
    value = parse_value(raw.text, column.unit)
    if raw.source == "ocr":
        value = ocr_value(value, raw.confidence)
    return Cell(
        table=table,
        row=row,
        column=column.code,
        raw=value.raw,
        value=value.value,
        kind=value.kind,
        unit=value.unit,
        row_label=label,
        column_label=clean_raw(column.label),
        page=raw.page,
        bbox=raw.bbox,
        table_template=template,
        source=raw.source,
        confidence=raw.confidence,
    )
