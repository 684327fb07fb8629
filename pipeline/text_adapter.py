"""Plain text and markdown to RawDocument: tab-, bar- and space-separated rows, markdown pipe
tables, or one cell per line."""

from __future__ import annotations

import html
import re

from pipeline.metadata import title_from_text
from pipeline.model import RawCell, RawDocument, RawTable
from pipeline.sections import table_regions
from pipeline.values import is_numberish


# Markdown exported from PDFs: "# 二、…" headings, "**…**" bold, "| a | b |" rows under a
# "|---|:---:|" separator. The markers are dropped; a row's outer bars are not cells.
_HEADING_MARK = re.compile(r"^\s{0,3}#{1,6}\s*")
_BOLD = re.compile(r"\*\*")
_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


_BREAK = re.compile(r"<br\s*/?>", re.I)


def clean_markdown(line: str) -> str:
    # Exports keep bits of their source's HTML: "本年新<br>制作数量", "&nbsp;" for a blank cell.
    line = html.unescape(_BREAK.sub(" ", line.rstrip("\r")))
    return _BOLD.sub("", _HEADING_MARK.sub("", line))


def extract_text(text: str) -> RawDocument:
    lines = [clean_markdown(line) for line in text.splitlines() if not _SEPARATOR.match(line)]
    tables = tuple(t for t in (_table(lines[a:b]) for a, b in table_regions(lines)) if t.rows)
    text = "\n".join(lines)
    return RawDocument(format="text", text=text, title=title_from_text(text), tables=tables)


def _split(line: str) -> list[str]:
    if "\t" in line:
        return line.split("\t")
    if "|" in line or "｜" in line:
        stripped = line.strip()
        outer = len(stripped) > 1 and stripped[0] in "|｜" and stripped[-1] in "|｜"
        return re.split(r"[|｜]", stripped[1:-1] if outer else line)
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
