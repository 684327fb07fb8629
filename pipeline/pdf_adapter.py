"""PDF bytes → RawDocument; the only module that imports pdfminer.

pdfminer's layout analysis is not used (`laparams=None`): its reading order interleaves table
columns, and our own grouping over the raw character stream is both exact and faster.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from pdfminer.converter import PDFLayoutAnalyzer
from pdfminer.layout import LTChar, LTComponent, LTContainer, LTCurve, LTImage, LTLine, LTRect
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfexceptions import PDFException
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.psexceptions import PSException

from pipeline.errors import NeedsOCR, TooComplex, UnreadableDocument
from pipeline.geometry import Box, Page, Segment
from pipeline.model import RawDocument
from pipeline.pdf_grid import hidden, to_raw_table
from pipeline.pdf_layout import find_title, join_pages, read_page

# Glyphs + painted paths per page. A text-dense A4 page holds ~3,000 glyphs and a table page
# ~600 rules; past this a page is a vector drawing (a seal, a chart, a scan traced as boxes).
PAGE_BUDGET = 8000
MAX_PAGES = 400
_THIN = 2.0  # a filled rectangle thinner than this is a ruling line


class _OverBudget(Exception):
    pass


class _Collector(PDFLayoutAnalyzer):
    """Collects a page's characters and paths without layout analysis, within a budget."""

    def __init__(self, rsrcmgr: PDFResourceManager, number: int) -> None:
        super().__init__(rsrcmgr, pageno=number, laparams=None)
        self.number = number
        self.items = 0
        self.page: Page | None = None

    def _spend(self) -> None:
        self.items += 1
        if self.items > PAGE_BUDGET:
            raise _OverBudget

    def render_char(self, *args: object, **kwargs: object) -> float:
        self._spend()
        return super().render_char(*args, **kwargs)  # type: ignore[arg-type]

    def paint_path(self, *args: object, **kwargs: object) -> None:
        self._spend()
        super().paint_path(*args, **kwargs)  # type: ignore[arg-type]

    def receive_layout(self, ltpage: LTContainer[LTComponent]) -> None:
        glyphs, segments, images = [], [], 0
        for item in _walk(ltpage):
            if isinstance(item, LTChar):
                glyphs.append(Box(item.get_text(), item.x0, item.y0, item.x1, item.y1, item.size))
            elif isinstance(item, (LTLine, LTRect, LTCurve)):
                segments.extend(_segments(item))
            elif isinstance(item, LTImage):
                images += 1
        width, height = ltpage.width, ltpage.height
        self.page = Page(self.number, width, height, tuple(glyphs), tuple(segments), images)


def _walk(container: LTContainer[LTComponent]) -> Iterator[LTComponent]:
    for item in container:
        if isinstance(item, LTContainer) and not isinstance(item, LTChar):
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


def read_pages(data: bytes) -> tuple[list[Page], list[int]]:
    """Every page within budget, and the numbers of the pages skipped for exceeding it."""
    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        manager = PDFResourceManager(caching=True)
        pages, skipped = [], []
        for number, pdfpage in enumerate(PDFPage.create_pages(document), start=1):
            if number > MAX_PAGES:
                raise TooComplex(f"more than {MAX_PAGES} pages")
            device = _Collector(manager, number)
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


def extract_pdf(data: bytes) -> RawDocument:
    pages, skipped = read_pages(data)
    if not pages and not skipped:
        raise UnreadableDocument("PDF without a readable page")
    readings = [read_page(page) for page in pages]
    tables = join_pages(readings)
    textless = [p.number for p in pages if not p.glyphs]
    if len(textless) == len(pages) > 0 or (textless and not tables):
        raise NeedsOCR(f"no text layer on page(s) {_numbers(textless)}: the tables are images")
    if skipped and not tables:
        raise TooComplex(f"page(s) {_numbers(skipped)} exceed {PAGE_BUDGET} glyphs and paths and were skipped")
    warnings = [f"page {n} skipped: over {PAGE_BUDGET} glyphs and paths" for n in skipped]
    warnings += [f"page {n} has no text layer" for n in textless]
    warnings += [f"page {c.page}: {c.text!r} is covered by a merged cell and was not read" for g in tables for c in hidden(g)]
    first = readings[0] if readings else None
    title = find_title(first, pages[0].glyphs) if first else None
    return RawDocument(
        format="pdf",
        text="\n".join(line for reading in readings for line in reading.text),
        title=title,
        tables=tuple(to_raw_table(grid) for grid in tables),
        pages=len(pages) + len(skipped),
        warnings=tuple(warnings),
    )


def _numbers(pages: list[int]) -> str:
    return ", ".join(map(str, pages))
