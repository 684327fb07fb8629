"""Benchmark (not a test): PDF extraction throughput, against bare pdfminer and across workers.

    python -m tests.bench_pdf [min_pages]

Generates multi-page report PDFs (the fixture generator's layouts, varied agencies, years and
figures), then prints pages/second for `extract_document` (what `nianbao extract` runs) and for
`pdfminer.high_level.extract_text` on the same files, their ratio (target ≥ 1.5×), and our
throughput with one and with two worker processes (target ≥ 1.8×). A second corpus is written as
WPS and Word exports write PDFs (an embedded TrueType subset with a ToUnicode map, every glyph its
own text object in a marked-content span), which costs pdfminer's interpreter far more per page.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace

from pdfminer.high_level import extract_text
from pdfminer.pdfpage import PDFPage

from pipeline.extract import extract_document
from tests.make_pdf_fixtures import MixedReport, fixtures, render, sample, ttf_font
from tests.pdf_drawing import ExportWriter, Writer
from tests.report_builder import Report


def corpus(min_pages: int, export_like: bool = False) -> list[bytes]:
    """Report PDFs in the fixtures' styles; `export_like` writes them as WPS and Word exports do:
    an embedded TrueType subset with a ToUnicode map, one text object per glyph."""
    styles = [fx for fx in fixtures() if fx.after is None]
    font = ttf_font() if export_like else None
    if export_like and font is None:
        raise SystemExit("no TrueType CJK font (Debian fonts-wqy-microhei; `make system` installs it)")
    documents: list[bytes] = []
    pages = 0
    n = 0
    while pages < min_pages:
        fx = styles[n % len(styles)]
        year = 2019 + n % 6
        template = fx.report.template if fx.report.template != "2019" or year < 2021 else "2021"
        agency = f"上海市宝山区第{n + 1}街道办事处"
        kind = MixedReport if isinstance(fx.report, MixedReport) else Report
        report = sample(agency, year, template, kind)
        fx = replace(fx, report=report, agency=agency, year=year, font=font or fx.font)
        data, _ = render(fx, ExportWriter if export_like else Writer)
        documents.append(data)
        pages += count_pages(data)
        n += 1
    return documents


def count_pages(data: bytes) -> int:
    return sum(1 for _ in PDFPage.get_pages(io.BytesIO(data)))


def ours(data: bytes) -> int:
    return len(extract_document(data, "bench").cells)


def bare(data: bytes) -> int:
    return len(extract_text(io.BytesIO(data)))


def timed(run: Callable[[bytes], int], documents: Sequence[bytes]) -> tuple[float, float]:
    """(wall, CPU) seconds. CPU time is the fairer comparison on a machine shared with
    other work; wall time is what a run waits."""
    run(documents[0])  # warm caches (CMaps, fonts) outside the clock, for both sides alike
    start, cpu = time.perf_counter(), time.process_time()
    for data in documents:
        run(data)
    return time.perf_counter() - start, time.process_time() - cpu


def burn(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def timed_pool(workers: int, run: Callable[[bytes], int] | Callable[[int], int], jobs: Sequence[object]) -> float:
    with ProcessPoolExecutor(max_workers=workers) as pool:
        list(pool.map(run, jobs[: workers * 2]))  # start and warm every worker first
        start = time.perf_counter()
        list(pool.map(run, jobs, chunksize=1))
        return time.perf_counter() - start


def timed_bare(documents: Sequence[bytes]) -> tuple[float, float]:
    """pdfminer as it ships, in a fresh process: our adapter quiets pdfminer's debug logging when
    it is imported, which would speed up the comparison too."""
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(timed, bare, documents).result()


def against_pdfminer(label: str, documents: Sequence[bytes]) -> None:
    pages = sum(count_pages(d) for d in documents)
    print(f"{label}: {len(documents)} generated report PDFs, {pages} pages")
    (ours_s, ours_cpu), (bare_s, bare_cpu) = timed(ours, documents), timed_bare(documents)
    print(f"  nianbao extract (extract_document): {pages / ours_s:6.1f} pages/s wall, {pages / ours_cpu:6.1f} per CPU-second")
    print(f"  pdfminer extract_text:              {pages / bare_s:6.1f} pages/s wall, {pages / bare_cpu:6.1f} per CPU-second")
    print(f"  ratio: {bare_s / ours_s:.2f}x wall, {bare_cpu / ours_cpu:.2f}x CPU  (target >= 1.5x)")


def main(argv: Sequence[str]) -> None:
    min_pages = int(argv[0]) if argv else 120
    print(f"cores: {os.cpu_count()}, load average before: {os.getloadavg()[0]:.2f}")
    documents = corpus(min_pages)
    pages = sum(count_pages(d) for d in documents)
    against_pdfminer("reportlab-drawn corpus", documents)
    against_pdfminer("export-like corpus (TrueType subset + ToUnicode, one tagged text object per glyph)",
                     corpus(min_pages, export_like=True))
    one, two = timed_pool(1, ours, documents), timed_pool(2, ours, documents)
    print(f"1 worker:  {pages / one:6.1f} pages/s")
    print(f"2 workers: {pages / two:6.1f} pages/s")
    print(f"speed-up: {one / two:.2f}x  (target >= 1.8x; load average after: {os.getloadavg()[0]:.2f})")
    # The same pools on a pure-Python CPU loop: what this machine gives two processes right now.
    loops = [2_000_000] * 16
    print(f"machine control (CPU loop, 1 vs 2 workers): {timed_pool(1, burn, loops) / timed_pool(2, burn, loops):.2f}x")


if __name__ == "__main__":
    main(sys.argv[1:])
