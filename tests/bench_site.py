"""Benchmark (not a test): the research site's latency on a synthetic archive of at least 1M cells.

    python -m tests.bench_site [reports]

Writes `reports` synthetic reports (default 5,000; 200 cells each) with the real schema and the
real cross-document derivation (duplicates, agencies, carry links, report_figures), then requests
each page in-process through Datasette's ASGI client (no network, so HTTP costs are not included)
and prints p50/p95 in ms.
Target: p95 < 50 ms for each page.
"""

from __future__ import annotations

import asyncio
import hashlib
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from archive.layout import Layout
from archive.publish import make_datasette
from archive.schema import open_database
from pipeline.derive import derive_across_documents
from pipeline.load import report_id
from tests.test_datasette_sample import APPLICANTS, OUTCOMES, ROWS_2019, ROWS_2021

DISTRICTS = ("黄浦区", "徐汇区", "长宁区", "静安区", "普陀区", "虹口区", "杨浦区", "闵行区", "宝山区", "嘉定区",
             "浦东新区", "金山区", "松江区", "青浦区", "奉贤区", "崇明区")  # fmt: skip
BODIES = ("人民政府", "民政局", "教育局", "卫生健康委员会", "规划和自然资源局", "住房保障和房屋管理局",
          "生态环境局", "市场监督管理局", "财政局", "人力资源和社会保障局", "司法局", "城管执法局")  # fmt: skip
ROUNDS = 30


def _sha(n: int) -> str:
    return hashlib.sha256(f"synthetic report {n}".encode()).hexdigest()


def _cells(rng: random.Random, key: int, template: str) -> list[tuple[object, ...]]:
    rows = ROWS_2021 if template == "2021" else ROWS_2019
    cells: list[tuple[object, ...]] = []
    for row in rows:
        values = [rng.choice((0, 0, 0, 1, 2, 5, 13, None)) for _ in APPLICANTS[:-1]]
        total = sum(v or 0 for v in values)
        for column, value in zip(APPLICANTS, [*values, total], strict=True):
            cells.append((key, len(cells), "applications", row, column, "" if value is None else str(value), value,
                           "blank" if value is None else "number"))  # fmt: skip
    for proceeding in ("review", "suit_direct", "suit_after_review"):
        for outcome in OUTCOMES:
            value = rng.randint(0, 3)
            cells.append((key, len(cells), "reviews_litigation", proceeding, outcome, str(value), value, "number"))
    while len(cells) < 200:
        cells.append((key, len(cells), "active_disclosure", f"item_{len(cells)}", "issued", "1", 1, "number"))
    return cells


def build(root: Path, n_reports: int) -> str:
    layout = Layout(root)
    db = open_database(layout.db_path)
    rng = random.Random(10)
    with db.conn:
        for n in range(n_reports):
            sha, year = _sha(n), 2019 + n % 5
            district, body = DISTRICTS[n % len(DISTRICTS)], BODIES[(n // len(DISTRICTS)) % len(BODIES)]
            agency = f"上海市{district}{body}" if n < 16 * 12 * 5 else f"上海市{district}{body}第{n}分局"
            template = "2021" if year >= 2021 else "2019"
            title = f"{agency}{year}年政府信息公开工作年度报告"
            url = f"https://www.example.gov.cn/{n}.html"
            db.conn.execute("insert into documents (sha256, url, portal, role, title) values (?, ?, 'bench', 'report', ?)",
                            [sha, url, title])  # fmt: skip
            db.conn.execute(
                "insert into reports (sha256, id, source_url, portal, title, agency, year, template, format, published_on, "
                "check_status, n_cells, parser_version) values (?, ?, ?, 'bench', ?, ?, ?, ?, 'html', ?, ?, 200, 'bench')",
                [sha, report_id(sha), url, title, agency, year, template, f"{year + 1}-0{1 + n % 4}-15", rng.choice(("pass", "fail"))],
            )
            db.conn.executemany("insert into cells (report_id, seq, table_code, row_code, column_code, raw, value, "
                                "kind) values (?, ?, ?, ?, ?, ?, ?, ?)", _cells(rng, report_id(sha), template))  # fmt: skip
            db.conn.execute("insert into report_texts (sha256, title, agency, text) values (?, ?, ?, ?)",
                            [sha, title, agency, f"{agency}{year}年共收到行政复议{n % 7}件，依申请公开{n % 50}件。"])  # fmt: skip
        db.conn.execute("insert into runs (id, command, started_at, finished_at, parser_version) "
                        "values (1, 'bench', '2026-11-30T00:00:00Z', '2026-11-30T00:10:00Z', 'bench')")  # fmt: skip
    derive_across_documents(db)
    db.conn.execute("vacuum")
    db.close()
    return _sha(n_reports // 2)


async def measure(root: Path, sha: str) -> list[tuple[str, float, float]]:
    ds = make_datasette(Layout(root))
    pages = {
        "home": "/",
        "report_figures filtered, sorted": "/nianbao/report_figures?year=2021&_sort_desc=new_received",
        "report_figures facet": "/nianbao/report_figures?_facet=division_code&_facet=level",
        "report page": f"/-/report/{sha}",
        "cells table (1M rows)": "/nianbao/cells",
        "search (2 characters)": "/nianbao/search_texts?q=复议",
        "canned query (requests by agency, 2021)": "/nianbao/requests_by_agency_year?year=2021",
        "canned query (failing checks)": "/nianbao/failing_checks",
        "canned query (cells by kind)": "/nianbao/cells_by_kind",
        "chart query (requests by district)": "/nianbao/chart_requests_by_district",
        "chart query (outcome mix)": "/nianbao/chart_outcome_mix.json",
        "dashboard page": "/-/dashboards/overview",
        "methodology": "/-/methodology",
    }
    results = []
    for name, path in pages.items():
        assert (await ds.client.get(path)).status_code == 200, path  # warm the caches once
        times = []
        for _ in range(ROUNDS):
            start = time.perf_counter()
            await ds.client.get(path)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        results.append((name, statistics.median(times), times[int(0.95 * (len(times) - 1))]))
    return results


def main(n_reports: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        sha = build(Path(tmp), n_reports)
        size = (Path(tmp) / "nianbao.db").stat().st_size
        print(f"synthetic archive: {n_reports:,} reports, {n_reports * 200:,} cells, {size / 1e6:.0f} MB, "
              f"built in {time.perf_counter() - start:.0f} s")  # fmt: skip
        for name, p50, p95 in asyncio.run(measure(Path(tmp), sha)):
            print(f"{name:40s} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   {'ok' if p95 < 50 else 'OVER 50 ms'}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
