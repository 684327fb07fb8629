"""A synthetic archive of HTML reports with varied figures, for build tests and the build benchmark.

Agencies report six years each (2019–2024), so the carry-over link between years has work to
do; some reports print an error or leave a cell blank, so checks fail and blanks stay blank.
"""

from __future__ import annotations

from sqlite_utils import Database

from archive.blobs import BlobStore
from archive.catalog import DocumentRecord, open_catalog, record_document
from archive.layout import Layout
from tests.report_builder import Report, consistent_figures, html_report

YEARS = 6


def synthetic_report(n: int, variant: int = 0) -> bytes:
    """Report number n: agency n // 6, year 2019 + n % 6; `variant` changes its figures."""
    agency, year = f"上海市样例区第{n // YEARS + 1}街道办事处", 2019 + n % YEARS
    template = "2021" if year >= 2021 else "2019"
    report = Report(f"{agency}{year}年政府信息公开工作年度报告", template, consistent_figures(template, seed=(n + variant) % 89 + 1))
    if n % 7 == 3:
        report.figures[("applications", "granted", "natural_person")] = str(n % 5 + 10)
    if n % 11 == 5:
        report.figures[("applications", "carried_over", "research")] = ""
    if variant:
        report.figures[("reviews_litigation", "review", "upheld")] = str(variant + 100)
    return html_report(report).encode()


def store(layout: Layout, data: bytes, url: str, role: str = "report", catalog: Database | None = None) -> str:
    sha = BlobStore(layout.blobs_dir).put(data)
    doc = DocumentRecord(sha, url, "synthetic", role, "text/html; charset=utf-8", len(data))
    db = catalog or open_catalog(layout.catalog_path)
    record_document(db, doc)
    if catalog is None:
        db.close()
    return sha


def fill_archive(layout: Layout, count: int, start: int = 0, variant: int = 0) -> list[str]:
    """Store reports start … start+count−1; their URLs name their number."""
    catalog = open_catalog(layout.catalog_path)
    with catalog.conn:
        shas = [store(layout, synthetic_report(n, variant), f"http://127.0.0.1/report/{n}-{variant}.html", catalog=catalog)
                for n in range(start, start + count)]  # fmt: skip
    catalog.close()
    return shas
