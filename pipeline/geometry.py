"""Pure page geometry: text boxes and ruling lines in PDF points (y up) → words, lines, cell text."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Page furniture: "- 3 -", "— 3 —", "3", "第3页", "第 3 页 共 9 页", "3/9".
_FURNITURE_RE = re.compile(r"^(?:[-—–]*\d{1,3}[-—–]*|第\d{1,3}页(?:共\d{1,3}页)?|\d{1,3}/\d{1,3})$")
_WIDE_RE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


@dataclass(frozen=True, slots=True)
class Box:
    """A glyph or a word: its text and bounding box; `size` is the font size."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float = 10.0

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass(frozen=True, slots=True)
class Segment:
    """A straight ruling line (a stroked line or one edge of a rectangle)."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def horizontal(self) -> bool:
        return abs(self.y1 - self.y0) <= abs(self.x1 - self.x0)


@dataclass(frozen=True)
class Page:
    """What a PDF page holds, as far as tables are concerned."""

    number: int
    width: float
    height: float
    glyphs: tuple[Box, ...]
    segments: tuple[Segment, ...] = ()
    images: int = 0


def group_lines(boxes: Iterable[Box]) -> list[list[Box]]:
    """Cluster boxes into lines, top to bottom, each left to right.

    The tolerance is half a glyph height around the line's mean centre, so a label set a
    few points above or below its numbers (a common WPS artefact) still shares their line,
    while stacked one-character-per-line labels (pitch ≈ 1.2 em) stay apart.
    """
    lines: list[list[Box]] = []
    centre = 0.0
    for box in sorted(boxes, key=lambda b: -b.cy):
        if lines and abs(centre - box.cy) <= 0.5 * max(box.size, box.y1 - box.y0):
            lines[-1].append(box)
            centre += (box.cy - centre) / len(lines[-1])
        else:
            lines.append([box])
            centre = box.cy
    for line in lines:
        line.sort(key=lambda b: b.x0)
    return lines


def merge_boxes(boxes: Sequence[Box], text: str) -> Box:
    return Box(
        text,
        min(b.x0 for b in boxes),
        min(b.y0 for b in boxes),
        max(b.x1 for b in boxes),
        max(b.y1 for b in boxes),
        max(b.size for b in boxes),
    )


def words(line: Sequence[Box], gap: float = 0.6) -> list[Box]:
    """Join the boxes of one line into words; a space glyph or a gap over `gap` em splits."""
    out: list[Box] = []
    run: list[Box] = []
    for box in line:
        if run and (box.x0 - run[-1].x1 > gap * box.size or not box.text.strip()):
            out.append(merge_boxes(run, join_tokens(run)))
            run = []
        if box.text.strip():
            run.append(box)
    if run:
        out.append(merge_boxes(run, join_tokens(run)))
    return out


def join_tokens(boxes: Sequence[Box]) -> str:
    """Concatenate left-to-right tokens, keeping a space only between two Latin/digit runs
    that are visibly apart (CJK text carries no spaces; letter-spacing is dropped)."""
    parts: list[str] = []
    for prev, box in zip((None, *boxes), boxes):
        if prev is not None and box.x0 - prev.x1 > 0.25 * box.size:
            if not (_WIDE_RE.search(prev.text[-1:]) or _WIDE_RE.search(box.text[:1])):
                parts.append(" ")
        parts.append(box.text)
    return "".join(parts)


def block_text(boxes: Iterable[Box]) -> str:
    """Text of a cell: its lines top to bottom, joined without separators (wrapped labels
    and one-character-per-line stacks read as one label)."""
    return "".join(join_tokens(line) for line in group_lines(boxes)).strip()


def is_furniture(line: Sequence[Box], page_height: float) -> bool:
    """A page number line in the top or bottom margin, such as "- 3 -"."""
    top = max(b.y1 for b in line)
    in_margin = top < 0.1 * page_height or top > 0.93 * page_height
    text = "".join(b.text for b in line).replace(" ", "").replace("\u3000", "")
    return in_margin and bool(_FURNITURE_RE.match(text))


def cluster(values: Iterable[float], tolerance: float) -> list[float]:
    """Sorted values merged when within `tolerance` of the previous one; each cluster → its mean."""
    groups: list[list[float]] = []
    for value in sorted(values):
        if groups and value - groups[-1][-1] <= tolerance:
            groups[-1].append(value)
        else:
            groups.append([value])
    return [sum(g) / len(g) for g in groups]
