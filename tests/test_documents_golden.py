"""Every fixture document (PDF, DOCX, HTML, text) against its golden JSON, written from the figures it prints.

The goldens are rewritten only by the generators (`python -m tests.make_pdf_fixtures`,
`python -m tests.make_docx_fixtures`, `python -m tests.make_html_fixtures`), from the source figures, never from parser output.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.errors import ExtractionError
from pipeline.extract import extract_document
from pipeline.model import Extraction

DOCUMENTS = Path(__file__).parent / "fixtures" / "documents"
FILES = sorted(p for p in DOCUMENTS.glob("*") if p.suffix in (".pdf", ".docx", ".doc", ".wps", ".html", ".txt", ".md"))
_CELL_FIELDS = ("raw", "value", "kind", "page", "table_template")
# Where the adapter's RawTable is right and the normaliser is not (yet): strict, so the
# mark must go when the normaliser is fixed.
KNOWN_GAPS: dict[str, str] = {}


def _golden(path: Path) -> dict[str, Any]:
    return json.loads(path.with_name(path.name + ".json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _cells(cells: list[dict[str, Any]]) -> dict[tuple[str, str, str], dict[str, Any]]:
    """A golden may leave a field out (a PDF whose pages another program laid out has no
    known page per cell); what it leaves out is not compared."""
    return {(c["table"], c["row"], c["column"]): {k: c[k] for k in _CELL_FIELDS if k in c} for c in cells}


def _project(ex: Extraction, fields: set[str]) -> dict[tuple[str, str, str], dict[str, Any]]:
    return {(c.table, c.row, c.column): {k: getattr(c, k) for k in _CELL_FIELDS if k in fields} for c in ex.cells}


def test_there_are_document_fixtures() -> None:
    assert len(FILES) >= 8


@pytest.mark.parametrize(
    "path",
    [pytest.param(p, marks=pytest.mark.xfail(reason=KNOWN_GAPS[p.name], strict=True)) if p.name in KNOWN_GAPS else p for p in FILES],
    ids=lambda p: p.name,
)
def test_document_matches_golden(path: Path) -> None:
    golden = _golden(path)
    data = path.read_bytes()
    assert hashlib.sha256(data).hexdigest() == golden["sha256"], "fixture changed without its golden"
    if "error" in golden:
        with pytest.raises(ExtractionError) as raised:
            extract_document(data, path.name)
        assert type(raised.value).__name__ == golden["error"]
        return
    ex = extract_document(data, path.name)
    assert (ex.title, ex.agency, ex.year, ex.template) == (golden["title"], golden["agency"], golden["year"], golden["template"])
    expected = _cells(golden["cells"])
    got = _project(ex, {k for cell in expected.values() for k in cell})
    wrong = {k: (got.get(k), v) for k, v in expected.items() if got.get(k) != v}
    assert not wrong, f"{len(wrong)} cells differ (got, expected): {dict(list(wrong.items())[:8])}"
    assert set(got) == set(expected), f"unexpected cells: {sorted(set(got) - set(expected))[:8]}"
