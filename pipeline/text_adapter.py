"""Plain text to RawDocument: tab-, bar- and space-separated rows, or one cell per line."""

from __future__ import annotations

import re

from pipeline.model import RawCell, RawDocument, RawTable
from pipeline.sections import table_regions
from pipeline.values import is_numberish


def extract_text(text: str) -> RawDocument:
    lines = [line.rstrip("\r") for line in text.splitlines()]
    tables = tuple(t for t in (_table(lines[a:b]) for a, b in table_regions(lines)) if t.rows)
    title = next((_squash(line) for line in lines if "年度报告" in line or "年报" in line), None)
    return RawDocument(format="text", text="\n".join(lines), title=title, tables=tables)


def _squash(line: str) -> str:
    return re.sub(r"\s+", "", line)


def _split(line: str) -> list[str]:
    if "\t" in line:
        return line.split("\t")
    if "|" in line or "｜" in line:
        return re.split(r"[|｜]", line)
    tokens = line.split()
    # "(一) 予以公开 2 0 0": leading words are one label, trailing tokens are values.
    cut = len(tokens)
    while cut > 0 and is_numberish(tokens[cut - 1]) and tokens[cut - 1] != "":
        cut -= 1
    return ([" ".join(tokens[:cut])] if cut else []) + tokens[cut:]


def _table(lines: list[str]) -> RawTable:
    rows: list[list[str]] = []
    for line in lines:
        if not line.strip():
            continue
        cells = _split(line)
        values_only = all(is_numberish(c) for c in cells if c.strip())
        # One cell per line: a line of values continues the row its label started.
        if values_only and rows and len(cells) == 1 and _open_row(rows[-1]):
            rows[-1].append(cells[0])
        else:
            rows.append(cells)
    if not any(any(c.strip() and is_numberish(c) for c in row) for row in rows):
        return RawTable(rows=())
    return RawTable(
        rows=tuple(tuple(RawCell(text=c, row=r, col=i) for i, c in enumerate(row)) for r, row in enumerate(rows)),
        positional=False,
    )


def _open_row(row: list[str]) -> bool:
    """A row still taking values: it has a label and fewer than a full table-三 row of values."""
    has_label = any(c.strip() and not is_numberish(c) for c in row)
    values = sum(1 for c in row if c.strip() and is_numberish(c))
    return has_label and values < 7 and len(row) - values <= 3
