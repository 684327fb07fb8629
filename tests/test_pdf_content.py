"""The fast content-stream reader gives pdfminer's interpreter exactly what pdfminer's own parser
gives it, on every page of every PDF fixture, and hands back what it does not handle."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFStream
from pdfminer.psparser import PSEOF

from pipeline import pdf_content

FIXTURES = Path(__file__).parent / "fixtures"
PDFS = sorted(p for p in FIXTURES.rglob("*.pdf") if "scan" not in p.name)


def pdfminer_objects(streams: list[Any]) -> list[Any]:
    out: list[Any] = []
    try:
        parser = pdf_content._ORIGINAL(streams)
    except PSEOF:
        return out
    while True:
        try:
            out.append(parser.nextobject()[1])
        except PSEOF:
            return out


def test_there_are_pdfs_to_compare() -> None:
    assert len(PDFS) >= 10


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_every_page_reads_as_pdfminer_reads_it(path: Path) -> None:
    document = PDFDocument(PDFParser(io.BytesIO(path.read_bytes())))
    for page in PDFPage.create_pages(document):
        streams = page.contents
        data = b"\n".join(s.resolve().get_data() if hasattr(s, "resolve") else s.get_data() for s in streams)
        assert pdf_content.read_content(data) == pdfminer_objects(streams)


@pytest.mark.parametrize("stream", [
    rb"(a\(b\)c) (x\101y) (p\
q) (\q) ((nested)) <41 42 4> /A#42 [1 -2.5 .5] <</K /V /N 3>> true T*",
    b"(\xff{\x00}) Tj BT /F1 1 Tf ET",
])  # fmt: skip
def test_strings_names_numbers_and_containers_decode_as_pdfminer_decodes_them(stream: bytes) -> None:
    assert pdf_content.read_content(stream) == pdfminer_objects([PDFStream({}, stream)])


@pytest.mark.parametrize("stream", [b"BI /W 1 /H 1 ID \x00 EI", b"{ 1 } exec", b"1.2.3 Tw", b"(unclosed", b"<< /A >>"])
def test_what_it_does_not_handle_goes_to_pdfminer(stream: bytes) -> None:
    with pytest.raises(pdf_content._Unsupported):
        pdf_content.read_content(stream)
