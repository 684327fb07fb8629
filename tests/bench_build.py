"""Benchmark (not a test): `nianbao build` over a synthetic archive of HTML reports.

    python -m tests.bench_build [reports]

Builds a synthetic archive (tests/synthetic_archive.py: varied agencies, years and figures,
about 200 cells a report; 1,250 reports by default: 250k cells, and 1M at 4×), then prints:

- extraction alone: `extract_document` over every document in this process, as `nianbao
  extract` reads them;
- `build --jobs 1` and `--jobs 2` from scratch: cells/s, and the CPU time of the main process,
  which is the database side (receiving results, writing, indexing, cross-document checks) —
  target: well under half the extraction's CPU time, ≥ 50k cells/s;
- a rebuild with nothing changed (every document's rows copied);
- `--jobs 2` against `--jobs 1` (target ≥ 1.6×), and 4× the documents against 1× (target ≤ 4.8×).

Wall times depend on what else the machine runs; CPU times are printed beside them, and the
cores the workers had on average (their CPU time over the wall time): with `--jobs 2` on an
idle two-core machine that is close to 2, and much less means the machine was busy.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from archive.blobs import BlobStore
from archive.catalog import document_record, open_catalog
from archive.layout import Layout
from pipeline.extract import extract_document
from pipeline.runner import BuildStats, build
from tests.synthetic_archive import fill_archive


@dataclass(frozen=True)
class Timing:
    wall: float
    cpu: float  # this process
    children: float  # the worker processes
    written: int  # bytes this process caused to be written to storage (Linux)

    def __sub__(self, other: Timing) -> Timing:
        return Timing(self.wall - other.wall, self.cpu - other.cpu, self.children - other.children, self.written - other.written)


def _written() -> int:
    try:
        io = dict(line.split(": ") for line in Path("/proc/self/io").read_text().splitlines())
    except OSError:
        return 0
    return int(io["write_bytes"])


def now() -> Timing:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return Timing(time.perf_counter(), own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime, _written())


def extract_alone(layout: Layout) -> tuple[Timing, int]:
    blobs = BlobStore(layout.blobs_dir)
    docs = [document_record(r) for r in open_catalog(layout.catalog_path).query("select * from documents")]
    start, cells = now(), 0
    for doc in docs:
        cells += len(extract_document(blobs.path(doc.sha256).read_bytes(), doc.url, doc.content_type).cells)
    return now() - start, cells


def timed_build(layout: Layout, jobs: int, fresh: bool = True) -> tuple[Timing, BuildStats]:
    if fresh:
        layout.db_path.unlink(missing_ok=True)
    start = now()
    stats = build(layout, jobs=jobs)
    return now() - start, stats


def line(label: str, t: Timing, cells: int) -> None:
    print(f"{label:<34} {t.wall:7.1f} s wall {cells / t.wall:9,.0f} cells/s | main CPU {t.cpu:6.1f} s "
          f"({cells / t.cpu:9,.0f} cells/s) | workers CPU {t.children:6.1f} s = {t.children / t.wall:4.2f} cores "
          f"| written {t.written / 2**20:5.0f} MB")  # fmt: skip


def main(reports: int) -> None:
    with tempfile.TemporaryDirectory(prefix="nianbao-bench-") as tmp:
        one, four = Layout(Path(tmp) / "1x"), Layout(Path(tmp) / "4x")
        fill_archive(one, reports)
        ext, cells = extract_alone(one)
        print(f"synthetic archive: {reports} HTML reports, {cells:,} cells")
        line("extraction alone (in process)", ext, cells)
        b1, stats = timed_build(one, jobs=1)
        assert stats.cells == cells and stats.bugs == 0, stats
        line("build --jobs 1", b1, cells)
        b2, _ = timed_build(one, jobs=2)
        line("build --jobs 2", b2, cells)
        again, stats = timed_build(one, jobs=2, fresh=False)
        assert stats.reused == reports, stats
        line("rebuild, nothing changed", again, cells)
        print(f"database file: {one.db_path.stat().st_size / 2**20:.0f} MB")
        fill_archive(four, 4 * reports)
        b4, stats4 = timed_build(four, jobs=2)
        line(f"build --jobs 2, 4x ({4 * reports} reports)", b4, stats4.cells)
        print(f"database side (main CPU of build --jobs 1) / extraction alone CPU: {b1.cpu / ext.cpu:.2f} (target < 0.5)")
        print(f"--jobs 2 vs --jobs 1: {b1.wall / b2.wall:.2f}x wall (target >= 1.6)")
        print(f"4x documents vs 1x: {b4.wall / b2.wall:.2f}x wall, {b4.cpu / b2.cpu:.2f}x main CPU (target <= 4.8)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1250)
