"""A small reportlab page writer that prints report tables the way Word/WPS exports do:
ruled or borderless, labels wrapped or stacked one character per line, tables broken
across pages (a merged cell split in two, the header repeated or not), page footers."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from tests.report_builder import Key
from tests.table_layouts import LCell, Layout

WIDTH, HEIGHT = A4
MARGIN, TOP, BOTTOM = 56.0, HEIGHT - 60.0, 70.0
pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
# The same CID font with the vertical-writing CMap (UniGB-UCS2-V), as WPS uses for 竖排 cells.
_VERTICAL = UnicodeCIDFont("STSong-Light", isVertical=True)
_VERTICAL.name = _VERTICAL.fontName = VERTICAL_FONT = "STSong-Light-V"
pdfmetrics.registerFont(_VERTICAL)


@dataclass(frozen=True)
class Style:
    ruled: bool = True
    filled_rules: bool = False  # borders as thin filled rectangles, as Word/WPS export them
    size: float = 9.0
    label_offset: float = 0.0  # labels set this many points above their row's centre line
    repeat_header: bool = False
    spaced: frozenset[str] = frozenset()  # texts printed letter-spaced across their cell
    vertical: frozenset[str] = frozenset()  # texts printed in the vertical-writing font
    break_before: tuple[int, ...] = ()  # layout rows that must start a new page
    split_labels: bool = False  # a label cut by a page break continues its lines on the next page


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    lines, line = [], ""
    for char in text:
        if line and pdfmetrics.stringWidth(line + char, font, size) > width:
            lines.append(line)
            line = ""
        line += char
    return [*lines, line] if line else lines or [""]


@dataclass
class Writer:
    font: str = "STSong-Light"
    page: int = 1
    y: float = TOP
    ops: dict[int, list[Callable[[canvas.Canvas], None]]] = field(default_factory=dict)
    pages_of: dict[Key, int] = field(default_factory=dict)

    def draw(self, op: Callable[[canvas.Canvas], None], page: int | None = None) -> None:
        self.ops.setdefault(self.page if page is None else page, []).append(op)

    def new_page(self) -> None:
        self.page += 1
        self.y = TOP

    def text(self, x: float, y: float, text: str, size: float, page: int | None = None, font: str | None = None) -> None:
        def op(c: canvas.Canvas) -> None:
            c.setFont(font or self.font, size)
            c.drawString(x, y, text)

        self.draw(op, page)

    def title(self, text: str, size: float = 18.0) -> None:
        for line in wrap(text, self.font, size, WIDTH - 2 * MARGIN - 60):
            self.y -= size * 1.5
            self.text((WIDTH - pdfmetrics.stringWidth(line, self.font, size)) / 2, self.y, line, size)
        self.y -= size

    def paragraph(self, text: str, size: float = 10.5) -> None:
        for line in wrap(text, self.font, size, WIDTH - 2 * MARGIN):
            if self.y - size * 1.6 < BOTTOM:
                self.new_page()
            self.y -= size * 1.6
            self.text(MARGIN, self.y, line, size)

    def table(self, layout: Layout, style: Style) -> None:
        heights = _row_heights(layout, style, self.font)
        xs = [MARGIN + sum(layout.widths[:i]) for i in range(len(layout.widths) + 1)]
        place: dict[int, tuple[int, float]] = {}  # layout row → (page, top y)
        self.y -= 6
        for r in range(layout.nrows):
            if place and (self.y - heights[r] < BOTTOM or r in style.break_before):
                self.new_page()
                if style.repeat_header:
                    self._header_again(layout, style, heights, xs)
            place[r] = (self.page, self.y)
            self.y -= heights[r]
        for cell in layout.cells:
            self._cell(cell, place, heights, xs, style, layout.header_rows)
        self.y -= 10

    def _header_again(self, layout: Layout, style: Style, heights: list[float], xs: list[float]) -> None:
        place = {}
        for r in range(layout.header_rows):
            place[r] = (self.page, self.y)
            self.y -= heights[r]
        for cell in layout.cells:
            if cell.row < layout.header_rows:
                self._cell(cell, place, heights, xs, style, layout.header_rows, record=False)

    def _cell(self, cell: LCell, place: dict[int, tuple[int, float]], heights: list[float], xs: list[float],
              style: Style, header_rows: int, record: bool = True) -> None:  # fmt: skip
        x0, x1 = xs[cell.col], xs[cell.col + cell.colspan]
        parts: dict[int, list[float]] = {}
        for r in range(cell.row, cell.row + cell.rowspan):
            page, top = place[r]
            part = parts.setdefault(page, [top, top])
            part[1] = top - heights[r]
        texts = _split_text(cell.text, len(parts), self.font, style, x1 - x0 - 6) if style.split_labels else [cell.text]
        for k, (page, (top, bottom)) in enumerate(sorted(parts.items())):
            if style.ruled:
                self.draw(_border(x0, bottom, x1, top, style.filled_rules), page)
            if k < len(texts):
                offset = style.label_offset if cell.key is None and cell.row >= header_rows else 0.0
                self._cell_text(texts[k], x0, x1, (top + bottom) / 2 + offset, page, style)
                if cell.key is not None and record:
                    self.pages_of[cell.key] = page

    def _cell_text(self, text: str, x0: float, x1: float, middle: float, page: int, style: Style) -> None:
        size = style.size
        if text in style.vertical:
            self.text((x0 + x1) / 2 + size / 2, middle + len(text) * size / 2, text, size, page, VERTICAL_FONT)
            return
        if text in style.spaced:
            step = (x1 - x0 - 8 - size) / max(len(text) - 1, 1)
            for i, char in enumerate(text):
                self.text(x0 + 4 + i * step, middle - size * 0.35, char, size, page)
            return
        lines = wrap(text, self.font, size, x1 - x0 - 6)
        first = middle + (len(lines) - 1) * size * 0.6 - size * 0.35
        for i, line in enumerate(lines):
            width = pdfmetrics.stringWidth(line, self.font, size)
            self.text((x0 + x1 - width) / 2, first - i * size * 1.2, line, size, page)

    def finish(self) -> bytes:
        buffer = io.BytesIO()
        c = canvas.Canvas(buffer, pagesize=A4, invariant=1, pageCompression=1)
        for page in range(1, max(self.ops) + 1):
            for op in self.ops.get(page, []):
                op(c)
            c.setFont(self.font, 10.5)
            c.drawCentredString(WIDTH / 2, 40, f"- {page} -")
            c.showPage()
        c.save()
        return buffer.getvalue()


def _split_text(text: str, parts: int, font: str, style: Style, width: float) -> list[str]:
    """The wrapped lines of a label cut by page breaks, shared out between its parts, as
    Word continues a merged cell's text on the next page ("（三）不予" | "公开")."""
    lines = wrap(text, font, style.size, width)
    if parts < 2 or len(lines) < 2 or text in style.vertical or text in style.spaced:
        return [text]
    first = (len(lines) + 1) // 2
    return ["".join(lines[:first]), "".join(lines[first:])]


def _border(x0: float, y0: float, x1: float, y1: float, filled: bool) -> Callable[[canvas.Canvas], None]:
    def op(c: canvas.Canvas) -> None:
        if filled:
            _filled_border(c, x0, y0, x1, y1)
        else:
            c.rect(x0, y0, x1 - x0, y1 - y0, stroke=1, fill=0)

    return op


def _filled_border(c: canvas.Canvas, x0: float, y0: float, x1: float, y1: float, w: float = 0.5) -> None:
    for x, y, width, height in ((x0, y0, x1 - x0, w), (x0, y1 - w, x1 - x0, w), (x0, y0, w, y1 - y0), (x1 - w, y0, w, y1 - y0)):
        c.rect(x, y, width, height, stroke=0, fill=1)


def _row_heights(layout: Layout, style: Style, font: str) -> list[float]:
    heights = [16.0] * layout.nrows
    for cell in layout.cells:
        if cell.rowspan == 1:
            width = sum(layout.widths[cell.col : cell.col + cell.colspan]) - 6
            lines = len(wrap(cell.text, font, style.size, width))
            heights[cell.row] = max(heights[cell.row], lines * style.size * 1.2 + 6)
    return heights


@dataclass
class ExportWriter(Writer):
    """Writes every glyph as its own text object inside a marked-content span with its colour
    set again, as WPS and Word exports of tagged PDFs do (with a TrueType subset font): the layout
    is the same, the content stream several times longer."""

    def text(self, x: float, y: float, text: str, size: float, page: int | None = None, font: str | None = None) -> None:
        face = font or self.font
        if face == VERTICAL_FONT:
            super().text(x, y, text, size, page, face)
            return
        for char in text:
            self.draw(_tagged_glyph(x, y, char, size, face), page)
            x += pdfmetrics.stringWidth(char, face, size)


def _tagged_glyph(x: float, y: float, char: str, size: float, face: str) -> Callable[[canvas.Canvas], None]:
    def op(c: canvas.Canvas) -> None:
        c._code.append("/Span <</MCID %d>> BDC" % len(c._code))  # noqa: SLF001 - reportlab has no marked-content API
        c.setFillColorRGB(0, 0, 0)
        c.setStrokeColorRGB(0, 0, 0)
        c.setFont(face, size)
        c.drawString(x, y, char)
        c._code.append("EMC")  # noqa: SLF001

    return op
