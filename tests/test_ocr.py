"""Scanned reports: the tables read by OCR, every OCR'd cell marked with its confidence, a doubtful
figure kept as text, and the checks run as on any table.

The scans are PDF fixture pages rasterised at 150 dpi, turned and speckled
(`python -m tests.make_scan_fixtures`); their goldens come from the figures."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from pipeline.extract import extract_document
from pipeline.model import Extraction
from pipeline.ocr_adapter import ocr_available
from pipeline.values import OCR_MIN_CONFIDENCE

SCANS = Path(__file__).parent / "fixtures" / "scans"
SCAN = SCANS / "scan-ruled-2021.pdf"
pytestmark = pytest.mark.skipif(not ocr_available(), reason="rapidocr-onnxruntime is a dependency; reinstall with `make install`")


@cache
def scanned() -> tuple[Extraction, dict[tuple[str, str, str], dict[str, Any]]]:
    golden = json.loads(SCAN.with_name(SCAN.name + ".json").read_text(encoding="utf-8"))
    truth = {(c["table"], c["row"], c["column"]): c for c in golden["cells"]}
    return extract_document(SCAN.read_bytes(), SCAN.name), truth


def test_no_number_is_read_that_the_scan_does_not_print() -> None:
    ex, truth = scanned()
    numbers = [c for c in ex.cells if c.kind == "number"]
    wrong = [(c.row, c.column, c.raw, truth[(c.table, c.row, c.column)]["raw"]) for c in numbers if c.value != truth[(c.table, c.row, c.column)]["value"]]
    assert not wrong
    # Most figures are read: the bench prints the exact share (`make bench`).
    assert len(numbers) >= 0.5 * sum(1 for t in truth.values() if t["kind"] == "number")


def test_every_cell_of_a_scan_says_it_was_ocrd_and_how_sure() -> None:
    ex, _ = scanned()
    assert ex.cells and all(c.source == "ocr" for c in ex.cells)
    assert all(c.confidence is not None for c in ex.cells if c.kind != "blank")
    assert all(c.confidence is not None and c.confidence >= OCR_MIN_CONFIDENCE for c in ex.cells if c.kind == "number")


def test_a_doubtful_figure_is_text_and_the_report_asks_for_review() -> None:
    ex, truth = scanned()
    doubtful = [c for c in ex.cells if c.kind == "text" and truth[(c.table, c.row, c.column)]["kind"] == "number"]
    assert doubtful and all(c.value is None for c in doubtful)
    text, empty = sum(c.kind == "text" for c in ex.cells), sum(c.kind == "blank" for c in ex.cells)
    assert f"review: of {len(ex.cells)} cells read by OCR, {text} are not sure figures and are kept as text, and {empty} read empty" in " ".join(ex.warnings)
    assert sum(w.startswith("page ") and "read by OCR" in w for w in ex.warnings) == 3  # each page says so


def test_the_checks_run_on_ocrd_tables() -> None:
    ex, _ = scanned()
    assert ex.template == "2021"
    assert {c.rule for c in ex.checks} >= {"balance", "row_total"}
    assert any(c.status == "pass" for c in ex.checks)
