"""`nianbao build`: re-extract every stored document into the published database."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from archive.blobs import BlobStore
from archive.catalog import document_record, open_catalog, utc_now
from archive.layout import Layout
from archive.schema import open_database
from pipeline import PARSER_VERSION
from pipeline.crosscheck import link_reports
from pipeline.load import copy_table, load_extraction, load_failure, sync_documents
from pipeline.pool import Failure, extract_all
from pipeline.research import derive_research_tables

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildStats:
    documents: int
    reports: int
    failures: int
    bugs: int
    cells: int


def build(layout: Layout, jobs: int = 2, timeout: float = 120.0, command: str = "build") -> BuildStats:
    started = utc_now()
    catalog = open_catalog(layout.catalog_path)
    db = open_database(layout.db_path)
    rows = list(catalog.query("select * from documents order by sha256"))
    all_docs = [document_record(row) for row in rows]
    sync_documents(db, rows)
    for table in ("portals", "fetches", "crawl_log"):
        copy_table(db, catalog, table)
    docs = [d for d in all_docs if d.role in ("report", "attachment")]
    blobs = BlobStore(layout.blobs_dir)
    reports = bugs = cells = 0
    for doc in docs:
        if doc.sha256 not in blobs:
            load_failure(db, doc, "MissingBlob", "the catalogue lists this document but its bytes are not in the store")
    present = [d for d in docs if d.sha256 in blobs]
    for doc, outcome in extract_all(present, blobs, jobs, timeout):
        if isinstance(outcome, Failure):
            if outcome.bug:
                logger.error("parser bug on %s (%s):\n%s", doc.url, doc.sha256, outcome.message)
                bugs += 1
            load_failure(db, doc, outcome.error, outcome.message)
        else:
            load_extraction(db, doc, outcome)
            reports += 1
            cells += len(outcome.cells)
    link_reports(db)
    derive_research_tables(db)
    # Counted after the cross-document pass, which drops pages whose attachment was read.
    failures = db.table("failures").count
    stats = BuildStats(len(all_docs), reports, failures, bugs, cells)
    db.table("runs").insert({
        "command": command, "started_at": started, "finished_at": utc_now(), "parser_version": PARSER_VERSION,
        "documents": stats.documents, "reports": reports, "failures": failures, "cells": cells,
    })  # fmt: skip
    return stats
