"""A markdown copy of a report page, as PDF-to-markdown exports write them: the title wrapped
over two `#` lines, `##` bold headings renumbered from table 二 on (the 总体情况 heading lost its
numeral), and pipe tables whose merged cells come out as empty cells."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

NUMERALS = "一二三四五六"
_HEADING = re.compile(r"^[一二三四五六][、.]\s*(.+)$")


def _text(el: etree._Element) -> str:
    return re.sub(r"\s+", " ", "".join(el.itertext()).replace("\xa0", " ")).strip()


def _grid(table: etree._Element) -> list[list[str]]:
    """Spans expanded the way exporters write them: the text once, empty cells for the rest."""
    taken: dict[tuple[int, int], str] = {}
    for r, tr in enumerate(table.iter("tr")):
        c = 0
        for td in (el for el in tr if el.tag in ("td", "th")):
            while (r, c) in taken:
                c += 1
            rows, cols = int(td.get("rowspan", 1)), int(td.get("colspan", 1))
            for dr in range(rows):
                for dc in range(cols):
                    taken[(r + dr, c + dc)] = _text(td) if (dr, dc) == (0, 0) else ""
            c += cols
    height, width = max(r for r, _ in taken) + 1, max(c for _, c in taken) + 1
    return [[taken.get((r, c), "") for c in range(width)] for r in range(height)]


def _table(table: etree._Element) -> list[str]:
    grid = _grid(table)
    rows = ["| " + " | ".join(cells) + " |" for cells in grid]
    return [rows[0], "|" + "---|" * len(grid[0]), *rows[1:], ""]


def markdown_copy(page: str, place: str) -> str:
    """`place` is where the title is wrapped: the agency on the first line, the rest on the second."""
    root = lxml.html.document_fromstring(page)
    body = root.find_class("article_content")[0]
    title = _text(root.find_class("article_title")[0])
    lines = [f"# {place}", f"# {title.removeprefix(place)}", ""]
    number = 0
    blocks = [el for el in body.iter("p", "table") if not any(a.tag in ("table", "p") for a in el.iterancestors())]
    for el in blocks:
        if el.tag == "table":
            lines += _table(el)
            continue
        text = _text(el)
        heading = _HEADING.match(text)
        if heading and len(text) < 40 and "总体情况" in text:
            lines += [f"**{heading.group(1)}**", ""]
        elif heading and len(text) < 40:
            lines += [f"## **{NUMERALS[number]}、{heading.group(1)}**", ""]
            number += 1
        elif text and text != title:
            lines += [text, ""]
    return "\n".join(lines)
