"""The PDF and DOCX adapters on the fixture documents: what they flag, not just what they read."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import pdf_adapter
from pipeline.docx_adapter import extract_docx
from pipeline.errors import NeedsOCR, TooComplex, UnreadableDocument
from pipeline.pdf_adapter import extract_pdf

DOCUMENTS = Path(__file__).parent / "fixtures" / "documents"


def read(name: str) -> bytes:
    return (DOCUMENTS / name).read_bytes()


def test_a_scan_without_text_layer_needs_ocr_and_is_never_an_empty_table() -> None:
    with pytest.raises(NeedsOCR, match="no text layer"):
        extract_pdf(read("scan-no-text-layer.pdf"))


def test_a_page_over_the_budget_is_flagged_and_skipped_while_the_rest_is_read() -> None:
    doc = extract_pdf(read("pathological-page.pdf"))
    assert doc.pages is not None and any(f"page {doc.pages} skipped" in w for w in doc.warnings)
    assert len(doc.tables) == 3


def test_when_the_tables_were_on_skipped_pages_the_document_is_too_complex(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_adapter, "PAGE_BUDGET", 50)
    with pytest.raises(TooComplex, match="exceed 50"):
        extract_pdf(read("table-split-inside-group.pdf"))


def test_broken_bytes_are_unreadable() -> None:
    with pytest.raises(UnreadableDocument):
        extract_pdf(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF")


def test_every_pdf_cell_carries_its_page_and_box() -> None:
    doc = extract_pdf(read("table-split-inside-group.pdf"))
    cells = [c for t in doc.tables for row in t.rows for c in row if c.text]
    assert cells and all(c.page in (1, 2, 3) and c.bbox is not None for c in cells)
    assert doc.title == "上海市宝山区城市管理行政执法局2019年政府信息公开工作年度报告"
    assert "统计期限自2019年1月1日起至2019年12月31日止" in doc.text
    assert "- 2 -" not in doc.text


def test_docx_merged_ranges_are_one_cell_with_spans() -> None:
    doc = extract_docx(read("docx-merged-cells.docx"))
    applications = next(t for t in doc.tables if "申请人情况" in "".join(c.text for c in t.rows[0]))
    note, applicants = applications.rows[0]
    assert (note.rowspan, note.colspan, applicants.colspan) == (3, 3, 7)
    group = next(c for row in applications.rows for c in row if c.text == "三、本年度办理结果")
    assert group.rowspan == 22
    assert sum(1 for row in applications.rows for c in row if c is group) == 22


def test_docx_empty_template_is_blanks_not_zeros() -> None:
    doc = extract_docx(read("docx-empty-template.docx"))
    texts = [c.text for t in doc.tables for row in t.rows for c in row]
    assert "0" not in texts and "\u3000" not in "".join(texts)
    assert doc.title == "政府信息公开工作年度报告"
