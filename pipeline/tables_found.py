"""Which of the three report tables a document holds: the answer `probe` and `crawl --smoke` print."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from archive.spec import TABLE_ORDER
from pipeline.errors import ExtractionError
from pipeline.extract import extract_document


@dataclass(frozen=True)
class TablesFound:
    source: str
    tables: tuple[str, ...]
    error: str | None = None


def find_tables(data: bytes, source: str, content_type: str | None = None) -> TablesFound:
    try:
        extraction = extract_document(data, source, content_type)
    except ExtractionError as exc:
        return TablesFound(source, (), f"{type(exc).__name__}: {exc}")
    found = {cell.table for cell in extraction.cells}
    return TablesFound(source, tuple(t for t in TABLE_ORDER if t in found))


def describe(results: Iterable[TablesFound]) -> str:
    """`2/3 tables (active_disclosure, applications)`: the union over a report's page and attachments."""
    results = list(results)
    found = {t for r in results for t in r.tables}
    if not results:
        return "no report fetched"
    if not found:
        errors = "; ".join(r.error for r in results if r.error)
        return f"0/3 tables ({errors})" if errors else "0/3 tables"
    return f"{len(found)}/3 tables ({', '.join(t for t in TABLE_ORDER if t in found)})"
