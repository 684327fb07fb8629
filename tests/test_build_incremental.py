"""Build copies the rows of unchanged documents from the previous database: the result is the
database a build from scratch gives, and the full-text indexes and schema come out whole."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

import pipeline.runner
from archive.catalog import open_catalog
from archive.datasette.cjk_search import BIGRAM_TABLE, match_expression
from archive.layout import Layout
from archive.schema import open_database
from pipeline.load import report_id
from pipeline.runner import build
from tests.build_harness import dump, schema
from tests.report_builder import Report, consistent_figures, text_report
from tests.synthetic_archive import fill_archive, store, synthetic_report


@pytest.fixture
def layout(tmp_path: Path) -> Layout:
    layout = Layout(tmp_path / "data")
    fill_archive(layout, 7)
    store(layout, b"<html><body><p>no tables</p></body></html>", "http://127.0.0.1/empty.html")
    return layout


def _from_scratch(layout: Layout, where: Path) -> Path:
    copy = Layout(shutil.copytree(layout.root, where))
    copy.db_path.unlink()
    build(copy, jobs=1)
    return copy.db_path


def test_an_incremental_build_equals_a_build_from_scratch(layout: Layout, tmp_path: Path) -> None:
    first = build(layout, jobs=2)
    assert (first.extracted, first.reused, first.reports, first.failures) == (8, 0, 7, 1)
    fill_archive(layout, 3, start=7)  # the next years of the last agency: new carry-over links
    store(layout, text_report(Report("上海市样例区第1街道办事处2019年政府信息公开工作年度报告", "2019",
                                     consistent_figures("2019", seed=1))).encode(), "http://127.0.0.1/copy.txt", "attachment")  # fmt: skip
    catalog = open_catalog(layout.catalog_path)
    catalog.execute("delete from documents where url = 'http://127.0.0.1/report/4-0.html'")
    catalog.conn.commit()
    catalog.close()
    again = build(layout, jobs=2)
    assert (again.extracted, again.reused) == (4, 7)
    scratch = _from_scratch(layout, tmp_path / "scratch")
    assert dump(layout.db_path) == dump(scratch)
    con = sqlite3.connect(layout.db_path)
    assert con.execute("select count(*) from checks where rule = 'carry_link'").fetchone()[0] > 0
    assert [r[0] for r in con.execute("select command from runs order by id")] == ["build", "build"]


def test_the_built_schema_is_the_migrated_one_with_search_filled(layout: Layout, tmp_path: Path) -> None:
    build(layout)
    migrated = tmp_path / "migrated.db"
    open_database(migrated).close()
    assert schema(layout.db_path) == schema(migrated), "indexes and triggers come back after the bulk load"
    con = sqlite3.connect(layout.db_path)
    reports = con.execute("select count(*) from report_texts").fetchone()[0]
    trigram = con.execute("select count(*) from report_texts_fts where report_texts_fts match '政府信息公开'").fetchone()[0]
    bigram = con.execute(f"select count(*) from {BIGRAM_TABLE} where {BIGRAM_TABLE} match ?", [match_expression("复议")]).fetchone()[0]
    assert reports == trigram == bigram == 7


def test_a_new_parser_version_extracts_everything_again(layout: Layout, monkeypatch: pytest.MonkeyPatch) -> None:
    build(layout)
    before = dump(layout.db_path)
    monkeypatch.setattr(pipeline.runner, "PARSER_VERSION", "nianbao-pipeline/next")
    stats = build(layout)
    assert (stats.extracted, stats.reused) == (8, 0)
    assert dump(layout.db_path) == before


def test_changed_bytes_and_run_failures_are_extracted_again(layout: Layout) -> None:
    build(layout)
    changed = store(layout, synthetic_report(3, variant=1), "http://127.0.0.1/report/3-1.html")
    con = sqlite3.connect(layout.db_path)
    con.execute("update failures set error = 'Timeout'")  # as if the machine had been too busy
    con.commit()
    con.close()
    stats = build(layout)
    assert (stats.extracted, stats.reused) == (2, 7)
    con = sqlite3.connect(layout.db_path)
    assert con.execute("select error from failures").fetchall() == [("NoTablesFound",)]
    assert con.execute("select count(*) from cells where report_id = ?", [report_id(changed)]).fetchone()[0] > 0


def test_an_unreadable_previous_database_is_rebuilt_from_the_archive(layout: Layout) -> None:
    layout.db_path.parent.mkdir(parents=True, exist_ok=True)
    layout.db_path.write_bytes(b"not a database" * 100)
    stats = build(layout)
    assert (stats.extracted, stats.reused, stats.reports) == (8, 0, 7)


def test_a_differently_migrated_previous_database_is_not_copied(layout: Layout) -> None:
    build(layout)
    con = sqlite3.connect(layout.db_path)
    con.execute("delete from _sqlite_migrations where name = 'm005_crawl_provenance'")
    con.commit()
    con.close()
    stats = build(layout)
    assert (stats.extracted, stats.reused) == (8, 0)
