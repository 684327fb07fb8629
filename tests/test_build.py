"""`nianbao build`: archive in, database out; re-runs identical; bad documents become failures."""

from __future__ import annotations

import os
import logging
import sqlite3
import time
from pathlib import Path

import pytest

import pipeline.load
import pipeline.pool
from archive.blobs import BlobStore
from archive.catalog import DocumentRecord, open_catalog, record_document
from archive.layout import Layout
from pipeline.load import ReportIdCollision
from pipeline.runner import build
from tests.report_builder import Report, consistent_figures, html_report


def _store(layout: Layout, data: bytes, url: str, role: str = "report") -> str:
    sha = BlobStore(layout.blobs_dir).put(data)
    record_document(open_catalog(layout.catalog_path), DocumentRecord(sha, url, "test_portal", role, "text/html", len(data)))
    return sha


def _dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    con = sqlite3.connect(path)
    # Full-text index internals are keyed by rowid, which a rebuild may renumber.
    tables = [r[0] for r in con.execute("select name from sqlite_master where type='table' and name not like '%fts%' and name not like '%bigram%'")]
    return {t: sorted(con.execute(f"select * from [{t}]").fetchall(), key=repr) for t in tables if t not in ("runs", "_sqlite_migrations")}


@pytest.fixture
def layout(tmp_path: Path, seed_path: Path) -> Layout:
    layout = Layout(tmp_path / "data")
    _store(layout, seed_path.read_bytes(), "http://127.0.0.1/seed.txt")
    report = Report("上海市样例区2021年政府信息公开工作年度报告", "2021", consistent_figures("2021"))
    _store(layout, html_report(report).encode(), "http://127.0.0.1/report.html")
    _store(layout, b"<html><body><p>\xe6\x97\xa0\xe8\xa1\xa8</p></body></html>", "http://127.0.0.1/empty.html")
    _store(layout, b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "http://127.0.0.1/scan.png", role="attachment")
    _store(layout, b"<html>list</html>", "http://127.0.0.1/list.html", role="list")
    return layout


def test_build_loads_reports_and_records_failures(layout: Layout) -> None:
    stats = build(layout, jobs=2)
    assert (stats.documents, stats.reports, stats.failures, stats.bugs) == (5, 2, 2, 0)
    con = sqlite3.connect(layout.db_path)
    failures = dict(con.execute("select source_url, error from failures"))
    assert failures == {"http://127.0.0.1/empty.html": "NoTablesFound", "http://127.0.0.1/scan.png": "UnreadableDocument"}
    seed = con.execute("select year, agency, template, check_status, checks_failed from reports where source_url like '%seed%'").fetchone()
    assert seed == (2021, "上海市宝山区行政服务中心", "2021", "fail", 2)
    assert con.execute("select count(*) from cells").fetchone() == (400,)
    row = con.execute(
        "select raw, value, kind, cells.parser_version from cells join reports on reports.id = report_id "
        "where source_url like '%seed%' and row_code = 'new_received' and column_code = 'total'"
    ).fetchone()
    assert row[:3] == ("2", 2, "number") and row[3].startswith("nianbao-pipeline/")
    assert con.execute("select count(*) from runs").fetchone() == (1,)


def test_build_twice_gives_the_same_database(layout: Layout) -> None:
    build(layout)
    first = _dump(layout.db_path)
    build(layout)
    assert _dump(layout.db_path) == first
    assert sqlite3.connect(layout.db_path).execute("select count(*) from runs").fetchone() == (2,)


def test_a_document_gone_from_the_catalogue_leaves_no_rows(layout: Layout) -> None:
    build(layout)
    catalog = open_catalog(layout.catalog_path)
    catalog.execute("delete from documents where url like '%seed%'")
    catalog.conn.commit()
    build(layout)
    con = sqlite3.connect(layout.db_path)
    assert con.execute("select count(*) from reports where source_url like '%seed%'").fetchone() == (0,)
    assert con.execute("select count(*) from cells").fetchone() == (200,)


def _hostile(data: bytes, source: str, *rest: object) -> object:
    if source.endswith("hang.html"):
        time.sleep(60)
    if source.endswith("crash.html"):
        os._exit(9)
    return real_extract(data, source, *rest)  # type: ignore[arg-type]


real_extract = pipeline.pool.extract_document


def test_a_hanging_or_crashing_document_does_not_stop_the_build(layout: Layout, monkeypatch: pytest.MonkeyPatch) -> None:
    # Workers are forked, so they inherit the patched extractor.
    monkeypatch.setattr(pipeline.pool, "extract_document", _hostile)
    _store(layout, b"<html>hang</html>", "http://127.0.0.1/hang.html")
    _store(layout, b"<html>crash</html>", "http://127.0.0.1/crash.html")
    stats = build(layout, jobs=2, timeout=2)
    assert stats.reports == 2
    failures = dict(sqlite3.connect(layout.db_path).execute("select source_url, error from failures"))
    assert failures["http://127.0.0.1/hang.html"] == "Timeout"
    assert failures["http://127.0.0.1/crash.html"] == "WorkerCrashed"


def test_a_parser_bug_is_a_loud_failure_row(layout: Layout, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    def buggy(data: bytes, source: str, *rest: object) -> object:
        raise ZeroDivisionError("bug")

    monkeypatch.setattr(pipeline.pool, "extract_document", buggy)
    stats = build(layout, jobs=1)
    assert stats.bugs == 4
    logged = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(logged) == 4 and all("ZeroDivisionError: bug" in r.getMessage() for r in logged), "each bug logged once, with its traceback"
    errors = {r[0] for r in sqlite3.connect(layout.db_path).execute("select error from failures")}
    assert errors == {"InternalError"}
    messages = {r[0] for r in sqlite3.connect(layout.db_path).execute("select message from failures where error = 'InternalError'")}
    assert messages == {"ZeroDivisionError: bug"}


def test_two_documents_sharing_a_report_id_stop_the_build(layout: Layout, monkeypatch: pytest.MonkeyPatch) -> None:
    """52 bits of two hashes can agree: the build names both rather than mix their cells."""
    sql = "select sha256 from documents where url in ('http://127.0.0.1/seed.txt', 'http://127.0.0.1/report.html')"
    seed, report = (row[0] for row in open_catalog(layout.catalog_path).execute(sql).fetchall())
    real = pipeline.load.report_id
    monkeypatch.setattr(pipeline.load, "report_id", lambda sha: 7 if sha in (seed, report) else real(sha))
    with pytest.raises(ReportIdCollision) as raised:
        build(layout)
    assert seed in str(raised.value) and report in str(raised.value)
    assert not layout.db_path.exists()


def test_rows_name_their_report_by_an_integer_that_javascript_reads_exactly(layout: Layout) -> None:
    build(layout)
    con = sqlite3.connect(layout.db_path)
    ids = [row[0] for row in con.execute("select id from reports")]
    assert len(ids) == 2 and all(isinstance(i, int) and 0 <= i < 2**53 for i in ids)
    assert con.execute("select count(*) from cells").fetchone()[0] > 0
    assert con.execute("pragma foreign_key_check").fetchall() == [], "every report_id names a report"
