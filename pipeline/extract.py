"""Bytes of one document to an Extraction: sniff the format, read tables, map, check."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import replace

from pipeline import PARSER_VERSION
from pipeline.checks import check_report
from pipeline.completeness import check_completeness
from pipeline.decode import decode_bytes
from pipeline.errors import NeedsOCR, NoTablesFound, TooLarge, UnreadableDocument
from pipeline.html_adapter import extract_html
from pipeline.image_tables import read_section_images, unread_tables
from pipeline.labels import ACTIVE, APPLICATIONS, REVIEWS, norm
from pipeline.legacy import extract_legacy_figures, is_statistics_table
from pipeline.limits import MB, Limits
from pipeline.metadata import extract_metadata
from pipeline.office_adapter import OLE2_MAGIC, convert_to_docx, ole_kind
from pipeline.prose import check_prose
from pipeline.model import Cell, Extraction, RawDocument
from pipeline.sections import find_sections, legacy_headings
from pipeline.table_active import map_active
from pipeline.table_reviews import map_reviews
from pipeline.tables import Mapped, classify, map_applications, with_template
from pipeline.text_adapter import extract_text

_MAPPERS = {ACTIVE: map_active, APPLICATIONS: map_applications, REVIEWS: map_reviews}
_ORDER = (ACTIVE, APPLICATIONS, REVIEWS)
_MARKERS_2021 = ("本年制发件数", "本年废止件数", "本年收费金额", "逾期不补正", "收费通知")
_MARKERS_2019 = ("本年新制作数量", "对外公开总数量", "其他对外管理服务事项", "政府集中采购")
_MARKERS_LEGACY = ("概述", "依申请公开政府信息情况", "同意公开", "指标统计", "收费及减免")
CONVERTED = "read from a legacy Word binary (.doc/.wps) converted to DOCX by LibreOffice"
_HTML = re.compile(rb"<(!doctype\s+html|html|body|table|div|p|meta)\b", re.I)
_IMAGES = {b"\x89PNG": "PNG", b"\xff\xd8\xff": "JPEG", b"GIF8": "GIF", b"II*\x00": "TIFF", b"MM\x00*": "TIFF"}


def sniff_format(data: bytes, content_type: str | None = None) -> str:
    head = data[:2048].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile as exc:
            raise UnreadableDocument(f"broken zip container: {exc}") from exc
        if "word/document.xml" in names:
            return "docx"
        raise UnreadableDocument("a zip container that is not a Word document")
    if image := next((name for magic, name in _IMAGES.items() if data.startswith(magic)), None):
        raise UnreadableDocument(f"a {image} image under a document's name, not a report")
    if head.startswith(OLE2_MAGIC):
        kind = ole_kind(data)
        if kind == "doc":
            return "doc"
        raise UnreadableDocument(f"legacy binary Office document ({kind}), not a Word document: only .doc/.wps are converted")
    # The bytes decide, not the Content-Type: servers label plain text and files as text/html.
    if _HTML.search(data[:65536]):
        return "html"
    return "text"


def read_document(data: bytes, content_type: str | None = None, limits: Limits = Limits(),
                  base_url: str | None = None) -> RawDocument:  # fmt: skip
    kind = sniff_format(data, content_type)
    if kind == "pdf":
        from pipeline.pdf_adapter import extract_pdf

        pdf: RawDocument = extract_pdf(data, limits)
        return pdf
    if kind in ("docx", "doc"):
        from pipeline.docx_adapter import extract_docx

        if kind == "docx":
            docx: RawDocument = extract_docx(data, limits)
            return docx
        converted = extract_docx(convert_to_docx(data), limits)
        return replace(converted, format="doc", warnings=(*converted.warnings, CONVERTED))
    if len(data) > limits.html_mb * MB:
        raise TooLarge(f"{len(data) / MB:.1f} MB of {kind.upper()}: over the {limits.html_mb:g} MB limit for a page")
    text, _ = decode_bytes(data, content_type)
    if "\x00" in text:
        raise UnreadableDocument("binary content that is neither PDF, DOCX, HTML nor text")
    return extract_html(text, limits, base_url) if kind == "html" else extract_text(text)


def map_tables(raw: RawDocument) -> dict[str, Mapped]:
    mapped: dict[str, Mapped] = {}
    for table in raw.tables:
        kind = None if is_statistics_table(table) else classify(table)
        if kind is None:
            continue
        found = _MAPPERS[kind](table)
        mapped[kind] = _continue(kind, mapped[kind], found) if kind in mapped else found
    return mapped


def _continue(kind: str, first: Mapped, more: Mapped) -> Mapped:
    """A second table of one kind continues the first (a page break) when it adds rows the
    first lacks; rows both print are kept from the first, and the repeat is said."""
    have = {(c.row, c.column) for c in first.cells}
    added = [c for c in more.cells if (c.row, c.column) not in have]
    if not added:
        first.warnings.append(f"{kind}: a second table of this kind added nothing and was ignored")
        return first
    template = first.template or more.template
    return Mapped(
        cells=[with_template(c, template) for c in first.cells + added],
        extras=first.extras + more.extras,
        warnings=[*first.warnings, *more.warnings, f"{kind}: continued in a second table ({len(added)} cells)"],
        template=template,
    )


def decide_template(mapped: dict[str, Mapped], text: str, legacy_tables: bool = False) -> str:
    """From the labels, never the year: the request table's form first, then table 二's; a
    document with none of the three tables but a statistics table of its own, or two headings of
    the pre-2019 forms, is legacy, whatever its prose mentions (政府集中采购 is in old prose too)."""
    for kind in (APPLICATIONS, ACTIVE):
        if kind in mapped and mapped[kind].template:
            return mapped[kind].template or "unknown"
    if not mapped and (legacy_tables or legacy_headings(text.splitlines()) >= 2):
        return "legacy"
    squashed = norm(text)
    if any(m in squashed for m in _MARKERS_2021):
        return "2021"
    if any(m in squashed for m in _MARKERS_2019):
        return "2019"
    if not mapped and "本年新收" not in squashed and any(m in squashed for m in _MARKERS_LEGACY):
        return "legacy"
    return "unknown"


def extract_document(data: bytes, source: str, content_type: str | None = None, limits: Limits = Limits(),
                     images: Mapping[str, bytes] | None = None) -> Extraction:  # fmt: skip
    """`images`: the pictures an HTML page printed, by URL (its src resolved against `source`),
    as the archive holds them; None when they are not at hand (a saved page)."""
    raw, unread = read_section_images(read_document(data, content_type, limits, source), images, limits)
    mapped = map_tables(raw)
    figures = extract_legacy_figures(raw.tables) if not mapped else ()
    template = decide_template(mapped, raw.text, bool(figures))
    cells = tuple(c for kind in _ORDER if kind in mapped for c in mapped[kind].cells)
    if not cells and raw.section_images:
        raise unread_tables(raw, unread)
    if not cells and raw.ocr_pages:
        raise NeedsOCR(f"OCR read no report table on the image page(s) {', '.join(map(str, raw.ocr_pages))}")
    if not cells and template != "legacy":
        raise NoTablesFound("none of the three report tables was found" + _hint(raw))
    meta = extract_metadata(raw.title, raw.text)
    return Extraction(
        source=source,
        sha256=hashlib.sha256(data).hexdigest(),
        title=meta.title,
        agency=meta.agency,
        year=meta.year,
        template=template,
        format=raw.format,
        parser_version=PARSER_VERSION,
        cells=cells,
        # A legacy report has no 2019/2021 cells: no rule of those templates applies to it.
        checks=() if template == "legacy" else (
            check_report(cells) + check_prose(raw.text, cells) + check_completeness(mapped, cells, template)
        ),
        extras=tuple(e for kind in _ORDER if kind in mapped for e in mapped[kind].extras),
        sections=tuple(code for code, _ in find_sections(raw.text.splitlines())),
        text=raw.text,
        pages=raw.pages,
        warnings=(*raw.warnings, *meta.warnings, *(w for kind in _ORDER if kind in mapped for w in mapped[kind].warnings),
                  *_ocr_review(cells)),
        legacy_figures=figures if template == "legacy" else (),
    )


def _ocr_review(cells: tuple[Cell, ...]) -> list[str]:
    """OCR'd tables are flagged for review: doubtful figures are text, and an empty OCR'd cell may
    be a figure the engine did not see (on the fixtures, about 1 in 20 printed figures)."""
    read = [c for c in cells if c.source == "ocr"]
    if not read:
        return []
    doubtful = sum(c.kind == "text" for c in read)
    empty = sum(c.kind == "blank" for c in read)
    if not doubtful and not empty:
        return [f"{len(read)} cells read by OCR"]
    return [f"review: of {len(read)} cells read by OCR, {doubtful} are not sure figures and are kept as text, "
            f"and {empty} read empty (a figure the scan prints there may have been missed)"]  # fmt: skip


def _hint(raw: RawDocument) -> str:
    if raw.attachments:
        return f" (the page links {len(raw.attachments)} attachment(s); the tables may be there)"
    return ""
