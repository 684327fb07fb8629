"""`nianbao build`: the archive into a new database file, renamed over the live one when complete.

Documents whose bytes and parser version are unchanged since the previous database keep their
rows (copied, not re-extracted); everything cross-document is recomputed over the whole.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Generator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from archive.blobs import BlobStore
from archive.catalog import DocumentRecord, document_record, open_catalog, utc_now
from archive.layout import Layout
from archive.bulk import applied_migrations, create_database, defer_indexes, restore_indexes
from archive.staging import staged, swap_in
from pipeline import PARSER_VERSION
from pipeline.attached import attach, has_table
from pipeline.derive import derive_across_documents
from pipeline.interrupts import signals_raise
from pipeline.load import Batch, check_report_ids, copy_documents, copy_rows
from pipeline.pool import Failure, extract_all
from pipeline.revisions import record_revisions

logger = logging.getLogger(__name__)

# Catalogue tables the database publishes as they are.
CATALOGUE_TABLES = ("documents", "portals", "fetches", "crawl_log")
# Failures that say more about the run than the document: tried again by the next build.
RETRIED_ERRORS = ("Timeout", "WorkerCrashed", "MissingBlob")


@dataclass(frozen=True)
class BuildStats:
    documents: int
    reports: int
    failures: int
    bugs: int
    cells: int
    extracted: int = 0
    reused: int = 0


def build(layout: Layout, jobs: int = 2, timeout: float = 300.0, command: str = "build") -> BuildStats:
    """Raises pipeline.interrupts.Interrupted on SIGINT/SIGTERM, leaving the live database as it was."""
    started = utc_now()
    with closing(open_catalog(layout.catalog_path).conn) as catalog:
        rows = catalog.execute("select * from documents order by sha256")
        names = [d[0] for d in rows.description]
        all_docs = [document_record(dict(zip(names, row, strict=True))) for row in rows.fetchall()]
    with signals_raise() as stops, staged(layout.db_path) as path:
        db = create_database(path)
        try:
            stats = _fill(db, layout, all_docs, jobs, timeout, started)
            _record_run(db, stats, command, started)
        finally:
            db.close()
        stops.finishing = True
        swap_in(path, layout.db_path)
    return stats


def _fill(db: Database, layout: Layout, all_docs: list[DocumentRecord], jobs: int, timeout: float,
          started: str) -> BuildStats:  # fmt: skip
    conn = db.conn
    deferred = defer_indexes(db)
    _copy_catalogue(conn, layout.catalog_path)
    docs = [d for d in all_docs if d.role in ("report", "attachment")]
    check_report_ids(d.sha256 for d in docs)
    pictures = pictures_by_page(all_docs)
    reused = _reuse_previous(conn, layout.db_path, docs, set(pictures))
    blobs = BlobStore(layout.blobs_dir)
    batch = Batch(conn)
    for doc in docs:
        if doc.sha256 not in reused and doc.sha256 not in blobs:
            batch.failure(doc, "MissingBlob", "the catalogue lists this document but its bytes are not in the store")
    todo = [d for d in docs if d.sha256 not in reused and d.sha256 in blobs]
    bugs = _extract(batch, todo, blobs, jobs, timeout, pictures)
    batch.flush()
    restore_indexes(db, deferred)
    record_revisions(conn, layout.db_path, started)
    derive_across_documents(db)
    # Counted after the cross-document pass, which drops pages whose attachment was read.
    count = {t: conn.execute(f"select count(*) from {t}").fetchone()[0] for t in ("reports", "failures", "cells")}
    return BuildStats(len(all_docs), count["reports"], count["failures"], bugs, count["cells"], len(todo), len(reused))


def pictures_by_page(docs: list[DocumentRecord]) -> dict[str, list[DocumentRecord]]:
    """The archived pictures (role `image`) of each report page, by the page's URL."""
    found: dict[str, list[DocumentRecord]] = {}
    for doc in docs:
        if doc.role == "image" and doc.parent_url:
            found.setdefault(doc.parent_url, []).append(doc)
    return found


def _extract(batch: Batch, docs: list[DocumentRecord], blobs: BlobStore, jobs: int, timeout: float,
             pictures: dict[str, list[DocumentRecord]]) -> int:  # fmt: skip
    bugs = 0
    outcomes = extract_all(docs, blobs, jobs, timeout, pictures=pictures)
    try:
        for doc, outcome in outcomes:
            if isinstance(outcome, Failure):
                # The pool has logged a bug's traceback, naming the document: counted here, not logged again.
                bugs += outcome.bug
                batch.failure(doc, outcome.error, outcome.message)
            else:
                batch.extraction(doc, outcome)
    finally:
        # An exception here (an interrupt) must stop the workers now, not when collected.
        if isinstance(outcomes, Generator):
            outcomes.close()
    return bugs


def _copy_catalogue(conn: sqlite3.Connection, path: Path) -> None:
    attach(conn, path, "catalogue")
    with conn:
        for table in CATALOGUE_TABLES:
            if has_table(conn, "catalogue", table):
                copy_rows(conn, "catalogue", table)
    conn.execute("detach catalogue")


def _reuse_previous(conn: sqlite3.Connection, live: Path, docs: list[DocumentRecord], pictured: set[str]) -> set[str]:
    """Copy the run history and the rows of unchanged documents from the live database; return
    the documents copied. A missing, unreadable or differently migrated one gives nothing."""
    if not live.exists():
        return set()
    try:
        attach(conn, live, "previous")
    except sqlite3.DatabaseError as exc:
        logger.warning("cannot read %s (%s): every document is extracted again", live, exc)
        return set()
    try:
        with conn:
            if has_table(conn, "previous", "runs"):
                copy_rows(conn, "previous", "runs", "order by id")
        same_schema = applied_migrations(conn) == applied_migrations(conn, "previous")
        reusable = _reusable(conn, docs, pictured) if same_schema else set()
        copy_documents(conn, "previous", reusable)
    except sqlite3.DatabaseError as exc:
        logger.warning("not reusing %s (%s): every document is extracted again", live, exc)
        conn.rollback()
        reusable = set()
    finally:
        conn.execute("detach previous")
    return reusable


def _reusable(conn: sqlite3.Connection, docs: list[DocumentRecord], pictured: set[str]) -> set[str]:
    """Documents read by the current parser, from the same URL and portal as now. A page that
    failed while pictures of it are archived is read again: they may have come since."""
    known = {(d.sha256, d.url, d.portal) for d in docs}
    sql = ("select sha256, source_url, portal, 0 from previous.reports where parser_version = ? union all "
           "select sha256, source_url, portal, 1 from previous.failures where parser_version = ? "
           f"and error not in ({', '.join('?' * len(RETRIED_ERRORS))}) and error not like 'InternalError%'")  # fmt: skip
    rows = conn.execute(sql, [PARSER_VERSION, PARSER_VERSION, *RETRIED_ERRORS]).fetchall()
    return {row[0] for row in rows if tuple(row[:3]) in known and not (row[3] and row[1] in pictured)}


def _record_run(db: Database, stats: BuildStats, command: str, started: str) -> None:
    db.table("runs").insert({
        "command": command, "started_at": started, "finished_at": utc_now(), "parser_version": PARSER_VERSION,
        "documents": stats.documents, "reports": stats.reports, "failures": stats.failures, "cells": stats.cells,
    })  # fmt: skip
    db.conn.commit()
