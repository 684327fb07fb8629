"""An HTML report's pictured tables (model.SectionImage) read by OCR into its RawTables.

A picture has no page: its cells keep `page` NULL and a `bbox` in the picture's own pixels
(x0, y0, x1, y1 from its top-left corner, after the picture was turned straight), and a warning
names the picture each table was read from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from urllib.parse import urlsplit

from pipeline.errors import NeedsOCR
from pipeline.limits import Limits
from pipeline.model import BBox, RawCell, RawDocument, RawTable, SectionImage
from pipeline.ocr_adapter import OCR_MEMORY_MB, OcrPage, UnreadableImage, mark_ocr_cells, ocr_available, ocr_image
from pipeline.pdf_grid import to_raw_table
from pipeline.pdf_layout import join_pages, read_page


def read_section_images(raw: RawDocument, images: Mapping[str, bytes] | None, limits: Limits) -> tuple[RawDocument, str]:
    """The document with the tables read off its section pictures, and why pictures stayed
    unread ("" when every one was read). `images` None: the page came without its pictures
    (a saved file), so none can be seen and none is guessed."""
    pictures = raw.section_images
    if not pictures:
        return raw, ""
    if images is None:
        why = f"a saved page cannot show its pictures ({', '.join(_name(p.url) for p in pictures)})"
        warning = f"sections {_sections(pictures)} print their tables as pictures, not given with the page: {', '.join(p.url for p in pictures)}"
        return replace(raw, warnings=(*raw.warnings, warning)), why
    images = _by_printed_url(pictures, images)
    held = [p for p in pictures if p.url in images]
    problems = [f"picture {_name(p.url)} of the report was not archived" for p in pictures if p.url not in images]
    if held and not (ocr_available() and limits.memory_mb >= OCR_MEMORY_MB):
        problems.append(f"OCR is unavailable within this worker's memory limit ({limits.memory_mb:g} MB)")
        held = []
    tables: list[RawTable] = []
    done: list[str] = []
    for section in dict.fromkeys(p.section for p in held):
        shown = [p for p in held if p.section == section]
        read, unread = _read_section(shown, images)
        tables += read
        problems += unread
        done += [f"section {section}: table read by OCR from {p.url}" for p in shown] if read and not unread else []
    return replace(raw, tables=raw.tables + tuple(tables), warnings=(*raw.warnings, *done, *problems)), "; ".join(problems)


def _by_printed_url(pictures: tuple[SectionImage, ...], images: Mapping[str, bytes]) -> dict[str, bytes]:
    """The pictures under the URLs the page prints. The crawl fetched a src on a host alias
    (or a test copy of the portal) at the portal's own host, so a URL not held as printed is
    matched by its path and query alone, when only one picture has them."""
    found = {p.url: images[p.url] for p in pictures if p.url in images}
    by_path: dict[str, list[str]] = {}
    for url in images:
        by_path.setdefault(_path(url), []).append(url)
    for p in pictures:
        if p.url not in found and len(same := by_path.get(_path(p.url), [])) == 1:
            found[p.url] = images[same[0]]
    return found


def _name(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1] or url


def _path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def _read_section(pictures: list[SectionImage], images: Mapping[str, bytes]) -> tuple[list[RawTable], list[str]]:
    """One section's pictures, in page order, read as consecutive pages: a table pasted as two
    pictures is joined as a table broken across pages is."""
    pages: list[OcrPage] = []
    unread: list[str] = []
    for picture in pictures:
        try:
            pages.append(ocr_image(images[picture.url], len(pages) + 1))
        except UnreadableImage as exc:
            unread.append(f"picture {picture.url} cannot be read: {exc}")
    grids = join_pages([read_page(page.page) for page in pages])
    words = {page.page.number: page.words for page in pages}
    tables = [mark_ocr_cells(t, words) for t in map(to_raw_table, grids) if any(c.text.strip() for row in t.rows for c in row)]
    if pages and not tables:
        unread.append(f"OCR read no table in {', '.join(p.url for p in pictures)}")
    return [_in_pixels(t, {p.page.number: p for p in pages}) for t in tables], unread


def _in_pixels(table: RawTable, pages: Mapping[int, OcrPage]) -> RawTable:
    converted: dict[int, RawCell] = {}

    def convert(cell: RawCell) -> RawCell:
        if id(cell) not in converted:
            page = pages.get(cell.page or 0)
            bbox = _pixels(cell.bbox, page) if page is not None and cell.bbox else None
            converted[id(cell)] = replace(cell, page=None, bbox=bbox)
        return converted[id(cell)]

    return replace(table, rows=tuple(tuple(convert(c) for c in row) for row in table.rows))


def _pixels(bbox: BBox, page: OcrPage) -> BBox:
    x0, y0, x1, y1 = bbox
    s, h = page.scale, page.page.height
    return (round(x0 * s, 1), round((h - y1) * s, 1), round(x1 * s, 1), round((h - y0) * s, 1))


def _sections(pictures: tuple[SectionImage, ...]) -> str:
    return "、".join(dict.fromkeys(p.section for p in pictures))


def unread_tables(raw: RawDocument, why: str) -> NeedsOCR:
    """The error of a report whose only tables are pictures that could not be read."""
    return NeedsOCR(f"sections {_sections(raw.section_images)} print their tables as pictures, not read: {why or 'OCR read no report table in them'}")
