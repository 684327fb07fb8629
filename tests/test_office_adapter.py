"""Legacy Word binaries reach the tables through LibreOffice; what it cannot read is quarantined with a reason."""

from __future__ import annotations

from pathlib import Path

import pytest

import pipeline.office_adapter as office
from pipeline.errors import UnreadableDocument
from pipeline.extract import extract_document, sniff_format

DOCUMENTS = Path(__file__).parent / "fixtures" / "documents"
DOC = DOCUMENTS / "legacy-word-97.doc"


def _ole(stream: str, filler: bytes = b"\x00" * 512) -> bytes:
    return office.OLE2_MAGIC + filler + stream.encode("utf-16-le") + filler


def test_the_stream_names_decide_what_an_ole2_container_is() -> None:
    assert office.ole_kind(DOC.read_bytes()) == "doc"
    assert office.ole_kind(_ole("Workbook")) == "xls"
    assert office.ole_kind(_ole("PowerPoint Document")) == "ppt"
    assert office.ole_kind(_ole("Nothing")) == "unknown"
    assert office.ole_kind(b"%PDF-1.7") is None


def test_a_spreadsheet_binary_is_refused_by_name() -> None:
    with pytest.raises(UnreadableDocument, match=r"\(xls\), not a Word document"):
        sniff_format(_ole("Workbook"))


def test_a_converted_document_says_so() -> None:
    ex = extract_document(DOC.read_bytes(), DOC.name)
    assert ex.format == "doc"
    assert any("LibreOffice" in w for w in ex.warnings)


def test_a_damaged_word_binary_is_quarantined_with_the_reason() -> None:
    damaged = bytearray(DOC.read_bytes())
    damaged[512:] = bytes(len(damaged) - 512)  # the header survives; every sector is zeroed
    with pytest.raises(UnreadableDocument, match="LibreOffice could not convert"):
        extract_document(bytes(damaged) + "WordDocument".encode("utf-16-le"), "damaged.doc")


def test_without_libreoffice_the_reason_says_what_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(office.shutil, "which", lambda name: None)
    with pytest.raises(UnreadableDocument, match="LibreOffice .* is not installed"):
        extract_document(DOC.read_bytes(), DOC.name)


def test_a_conversion_that_hangs_is_stopped(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    hang = tmp_path / "soffice"
    hang.write_text("#!/bin/sh\nsleep 30\n")
    hang.chmod(0o755)
    monkeypatch.setattr(office.shutil, "which", lambda name: str(hang))
    with pytest.raises(UnreadableDocument, match="within 0.5 s"):
        office.convert_to_docx(DOC.read_bytes(), timeout=0.5)
