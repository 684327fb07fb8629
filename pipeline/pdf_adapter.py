"""PDF bytes → RawDocument; the only module that imports pdfminer.

pdfminer's layout analysis is not used (`laparams=None`): its reading order interleaves table
columns, and our own grouping over the raw character stream is both exact and faster.
"""

from __future__ import annotations

import io
import logging
import sys
from collections.abc import Iterator
from typing import Any

from pdfminer.converter import PDFLayoutAnalyzer
from pdfminer.layout import LTComponent, LTContainer, LTCurve, LTImage, LTLine, LTRect
from pdfminer.pdfcolor import PDFColorSpace
from pdfminer.pdffont import PDFFont, PDFUnicodeNotDefined
from pdfminer.utils import Matrix, apply_matrix_rect
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfexceptions import PDFException
from pdfminer.pdfinterp import PDFGraphicState, PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.psexceptions import PSException

from pipeline.errors import NeedsOCR, TooComplex, TooDeep, UnreadableDocument
from pipeline.geometry import Box, Page, Segment
from pipeline.limits import Limits
from pipeline.model import RawDocument
from pipeline.ocr_adapter import OCR_MEMORY_MB, OcrWord, mark_ocr_cells, ocr_available, ocr_pages
from pipeline.pdf_grid import hidden, to_raw_table
from pipeline import pdf_content
from pipeline.pdf_guards import cap_streams
from pipeline.pdf_layout import find_title, join_pages, read_page

# Glyphs + painted paths per page. A text-dense A4 page holds ~3,000 glyphs and a table page
# ~600 rules; past this a page is a vector drawing (a seal, a chart, a scan traced as boxes).
PAGE_BUDGET = 8000
MAX_PAGES = 400
_THIN = 2.0  # a filled rectangle thinner than this is a ruling line


class _OverBudget(Exception):
    pass


class _WithoutDebug:
    """A pdfminer module logger whose `debug` does nothing. pdfminer logs each token at DEBUG,
    a few hundred thousand calls per report, and every call pays a level check even when nothing
    is printed; warnings and errors still go to the real logger."""

    def __init__(self, logger: logging.Logger) -> None:
        self._logger = logger

    def debug(self, *args: object, **kwargs: object) -> None:
        pass

    def __getattr__(self, name: str) -> Any:
        return getattr(self._logger, name)


def _quiet_pdfminer() -> None:
    for name, module in list(sys.modules.items()):
        if name.startswith("pdfminer.") and isinstance(getattr(module, "log", None), logging.Logger):
            module.log = _WithoutDebug(module.log)  # type: ignore[attr-defined]


_quiet_pdfminer()
pdf_content.install()


class _Collector(PDFLayoutAnalyzer):
    """Collects a page's characters and paths without layout analysis, within a budget."""

    def __init__(self, rsrcmgr: PDFResourceManager, number: int, max_depth: int) -> None:
        super().__init__(rsrcmgr, pageno=number, laparams=None)
        self.number = number
        self.items = self.depth = 0
        self.max_depth = max_depth
        self.glyphs: list[Box] = []
        self.page: Page | None = None

    def _spend(self) -> None:
        self.items += 1
        if self.items > PAGE_BUDGET:
            raise _OverBudget

    def render_char(
        self, matrix: Matrix, font: PDFFont, fontsize: float, scaling: float, rise: float, cid: int,
        ncs: PDFColorSpace, graphicstate: PDFGraphicState,
    ) -> float:  # fmt: skip
        """pdfminer's LTChar geometry without the LTChar: only the box and the text are kept."""
        self._spend()
        try:
            text = font.to_unichr(cid)
        except PDFUnicodeNotDefined:
            text = f"(cid:{cid})"
        adv: float = font.char_width(cid) * fontsize * scaling
        if font.is_vertical():
            vx, vy = font.char_disp(cid)  # type: ignore[misc]
            vx = fontsize * 0.5 if vx is None else vx * fontsize * 0.001
            vy = (1000 - vy) * fontsize * 0.001
            bbox = (-vx, vy + rise + adv, -vx + fontsize, vy + rise)
        else:
            descent = font.get_descent() * fontsize
            bbox = (0, descent + rise, adv, descent + rise + fontsize)
        x0, y0, x1, y1 = apply_matrix_rect(matrix, bbox)
        x0, x1 = min(x0, x1), max(x0, x1)
        y0, y1 = min(y0, y1), max(y0, y1)
        self.glyphs.append(Box(text, x0, y0, x1, y1, x1 - x0 if font.is_vertical() else y1 - y0))
        return adv

    def paint_path(self, *args: object, **kwargs: object) -> None:
        self._spend()
        super().paint_path(*args, **kwargs)  # type: ignore[arg-type]

    def begin_figure(self, *args: object, **kwargs: object) -> None:
        # A form drawn inside forms, each drawing the next twice, doubles the work per level.
        self._spend()
        self.depth += 1
        if self.depth > self.max_depth:
            raise TooDeep(f"forms drawn inside forms more than {self.max_depth} deep")
        super().begin_figure(*args, **kwargs)  # type: ignore[arg-type]

    def end_figure(self, *args: object, **kwargs: object) -> None:
        self.depth -= 1
        super().end_figure(*args, **kwargs)  # type: ignore[arg-type]

    def receive_layout(self, ltpage: LTContainer[LTComponent]) -> None:
        segments, images = [], 0
        for item in _walk(ltpage):
            if isinstance(item, (LTLine, LTRect, LTCurve)):
                segments.extend(_segments(item))
            elif isinstance(item, LTImage):
                images += 1
        width, height = ltpage.width, ltpage.height
        self.page = Page(self.number, width, height, tuple(self.glyphs), tuple(segments), images)


def _walk(container: LTContainer[LTComponent]) -> Iterator[LTComponent]:
    for item in container:
        if isinstance(item, LTContainer):
            yield from _walk(item)
        yield item


def _segments(item: LTCurve) -> list[Segment]:
    x0, y0, x1, y1 = item.x0, item.y0, item.x1, item.y1
    if isinstance(item, LTLine) or (item.fill and not item.stroke and min(x1 - x0, y1 - y0) <= _THIN):
        if y1 - y0 <= _THIN:
            return [Segment(x0, (y0 + y1) / 2, x1, (y0 + y1) / 2)]
        if x1 - x0 <= _THIN:
            return [Segment((x0 + x1) / 2, y0, (x0 + x1) / 2, y1)]
    if isinstance(item, LTRect) and item.stroke:
        return [Segment(x0, y0, x1, y0), Segment(x0, y1, x1, y1), Segment(x0, y0, x0, y1), Segment(x1, y0, x1, y1)]
    if item.stroke and len(item.pts) <= 16:
        # Borders drawn as one open polyline: keep its axis-parallel pieces.
        pairs = zip(item.pts, item.pts[1:])
        return [Segment(a[0], a[1], b[0], b[1]) for a, b in pairs if abs(a[0] - b[0]) < 0.5 or abs(a[1] - b[1]) < 0.5]
    return []


def read_pages(data: bytes, limits: Limits = Limits()) -> tuple[list[Page], list[int]]:
    """Every page within budget, and the numbers of the pages skipped for exceeding it."""
    cap_streams(limits)
    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        manager = PDFResourceManager(caching=True)
        pages, skipped = [], []
        for number, pdfpage in enumerate(PDFPage.create_pages(document), start=1):
            if number > MAX_PAGES:
                raise TooComplex(f"more than {MAX_PAGES} pages")
            device = _Collector(manager, number, limits.figure_depth)
            try:
                PDFPageInterpreter(manager, device).process_page(pdfpage)
            except _OverBudget:
                skipped.append(number)
                continue
            if device.page is not None:
                pages.append(device.page)
    except (PDFException, PSException, ValueError, KeyError, TypeError) as exc:
        raise UnreadableDocument(f"PDF cannot be parsed: {exc.__class__.__name__}: {exc}") from exc
    return pages, skipped


def extract_pdf(data: bytes, limits: Limits = Limits()) -> RawDocument:
    pages, skipped = read_pages(data, limits)
    if not pages and not skipped:
        raise UnreadableDocument("PDF without a readable page")
    textless = [p.number for p in pages if not p.glyphs]
    words: dict[int, tuple[OcrWord, ...]] = {}
    warnings = [f"page {n} skipped: over {PAGE_BUDGET} glyphs and paths" for n in skipped]
    if textless and ocr_available() and limits.memory_mb >= OCR_MEMORY_MB:
        read = {o.page.number: o for o in ocr_pages(data, textless)}
        pages = [read[p.number].page if p.number in read else p for p in pages]
        words = {n: o.words for n, o in read.items()}
        warnings += [f"page {n} has no text layer: read by OCR (turned {o.skew:+.1f}°)" for n, o in read.items()]
    else:
        warnings += [f"page {n} has no text layer" for n in textless]
    readings = [read_page(page) for page in pages]
    grids = join_pages(readings)
    warnings += [f"page {c.page}: {c.text!r} is covered by a merged cell and was not read" for g in grids for c in hidden(g)]
    tables = [t for t in map(to_raw_table, grids) if any(c.text.strip() for row in t.rows for c in row)]
    if words:
        tables = [mark_ocr_cells(table, words) for table in tables]
    if textless and not tables:
        how = "no text layer, and OCR read no table, on" if words else "no text layer on"
        raise NeedsOCR(f"{how} page(s) {_numbers(textless)}: the tables are images")
    if skipped and not tables:
        raise TooComplex(f"page(s) {_numbers(skipped)} exceed {PAGE_BUDGET} glyphs and paths and were skipped")
    first = readings[0] if readings else None
    title = find_title(first, pages[0].glyphs) if first else None
    return RawDocument(
        format="pdf",
        text="\n".join(line for reading in readings for line in reading.text),
        title=title,
        tables=tuple(tables),
        pages=len(pages) + len(skipped),
        warnings=tuple(warnings),
        ocr_pages=tuple(words),
    )


def _numbers(pages: list[int]) -> str:
    return ", ".join(map(str, pages))
