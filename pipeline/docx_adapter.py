"""Word .docx bytes → RawDocument; the only module that imports python-docx."""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator

import docx
from docx.opc.exceptions import OpcError
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tbl, CT_Tc
from docx.text.paragraph import Paragraph
from lxml import etree

from pipeline.errors import TooComplex, TooLarge, UnreadableDocument
from pipeline.limits import MB, Limits
from pipeline.model import RawCell, RawDocument, RawTable

# U+3000 (ideographic space) and NBSP are how Word templates leave a cell "empty".
_BLANKS = re.compile(r"[\s\u3000\u00a0]+")
_MAX_PARTS = 2000  # a report's .docx has a few dozen parts
_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.I)
# NotImplementedError: a compression method zipfile lacks; EOFError, zlib.error: cut or corrupt.
_BROKEN = (OpcError, KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError, EOFError, zlib.error, NotImplementedError)


def extract_docx(data: bytes, limits: Limits = Limits()) -> RawDocument:
    try:
        check_container(data, limits)
        body = docx.Document(io.BytesIO(data)).element.body
    except _BROKEN as exc:
        raise UnreadableDocument(f"Word document cannot be read: {exc.__class__.__name__}: {exc}") from exc
    lines: list[str] = []
    tables: list[RawTable] = []
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            lines.append(_paragraph_text(child))
        elif isinstance(child, CT_Tbl):
            table = _table(child)
            tables.append(table)
            lines += ["\t".join(c.text for c in row if c.text) for row in table.rows]
    title = next((line.strip() for line in lines[:15] if "年度报告" in line or "年报" in line), None)
    return RawDocument(format="docx", text="\n".join(lines), title=title, tables=tuple(tables))


def check_container(data: bytes, limits: Limits) -> None:
    """Refuse a zip bomb before python-docx inflates every part: the declared sizes first,
    then the bytes actually inflated (a header can lie). Word never writes a DTD, so a part
    that declares one is refused: no entity can then be expanded, whatever the parser does."""
    cap = int(limits.unzipped_mb * MB)
    with zipfile.ZipFile(io.BytesIO(data)) as container:
        parts = container.infolist()
        if any(part.flag_bits & 0x1 for part in parts):
            raise UnreadableDocument("an encrypted Word container")
        if len(parts) > _MAX_PARTS:
            raise TooComplex(f"a Word container of {len(parts)} parts (more than {_MAX_PARTS})")
        if sum(p.file_size for p in parts) > cap:
            raise TooLarge(f"a Word container that declares more than {limits.unzipped_mb:g} MB uncompressed")
        inflated = 0
        for part in parts:
            with container.open(part) as stream:
                tail = b""
                while chunk := stream.read(1 << 20):
                    inflated += len(chunk)
                    if inflated > cap:
                        raise TooLarge(f"a Word container that inflates past {limits.unzipped_mb:g} MB")
                    if _DOCTYPE.search(tail + chunk):
                        raise UnreadableDocument(f"a DTD or entity declaration in {part.filename}: not from Word")
                    tail = chunk[-16:]


def _paragraph_text(p: etree._Element) -> str:
    return Paragraph(p, None).text  # type: ignore[arg-type]


def _cell_text(tc: etree._Element) -> str:
    text = "\n".join(_paragraph_text(p) for p in tc.iterchildren(qn("w:p")))
    return _BLANKS.sub(" ", text).strip()


def _positions(tbl: CT_Tbl) -> Iterator[tuple[int, int, CT_Tc]]:
    """(row, column, owning cell) for every grid position. A vertically merged cell's
    continuation parts point to the cell that starts the merge."""
    owner: dict[tuple[int, int], CT_Tc] = {}
    for r, tr in enumerate(tbl.tr_lst):
        c = tr.grid_before
        for tc in tr.tc_lst:
            root = owner.get((r - 1, c), tc) if tc.vMerge == "continue" else tc
            for k in range(tc.grid_span):
                owner[(r, c + k)] = root
                yield r, c + k, root
            c += tc.grid_span


def _table(tbl: CT_Tbl) -> RawTable:
    """Merged ranges repeat their text in python-docx's view; here each is one RawCell
    with its spans, listed once per row it covers, as the HTML adapter does."""
    spots: dict[CT_Tc, list[tuple[int, int]]] = {}
    for r, c, root in _positions(tbl):
        spots.setdefault(root, []).append((r, c))
    cells: dict[tuple[int, int], RawCell] = {}
    for root, places in spots.items():
        r0, c0 = min(r for r, _ in places), min(c for _, c in places)
        r1, c1 = max(r for r, _ in places), max(c for _, c in places)
        cell = RawCell(_cell_text(root), r0, c0, r1 - r0 + 1, c1 - c0 + 1)
        for place in places:
            cells[place] = cell
    by_row: dict[int, list[RawCell]] = {}
    for (r, _), cell in sorted(cells.items()):
        by_row.setdefault(r, []).append(cell)
    return RawTable(rows=tuple(tuple(dict.fromkeys(row)) for _, row in sorted(by_row.items())), positional=True)
