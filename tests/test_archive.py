"""The archive's own format: content-addressed blobs, the catalogue, the schema migrations."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from archive.blobs import BlobNotFound, BlobStore
from archive.catalog import DocumentRecord, open_catalog, record_document
from archive.schema import open_database


def test_blobs_are_stored_unedited_under_their_sha256(tmp_path: Path) -> None:
    store = BlobStore(tmp_path)
    data = "上海市\r\n<html>\x00raw".encode("gb18030")
    sha = store.put(data)
    assert sha == hashlib.sha256(data).hexdigest()
    assert store.get(sha) == data and sha in store
    assert store.path(sha).relative_to(tmp_path).parts == (sha[:2], sha[2:4], sha)
    assert store.put(data) == sha and list(store) == [sha]
    assert not list(tmp_path.rglob(".tmp-*"))


def test_verify_finds_a_corrupted_blob(tmp_path: Path) -> None:
    store = BlobStore(tmp_path)
    good, bad = store.put(b"good"), store.put(b"bad")
    store.path(bad).write_bytes(b"tampered")
    assert dict(store.verify()) == {good: True, bad: False}


def test_missing_blob_is_a_named_error(tmp_path: Path) -> None:
    with pytest.raises(BlobNotFound):
        BlobStore(tmp_path).get("0" * 64)


def test_a_second_sighting_is_not_a_second_document(tmp_path: Path) -> None:
    db = open_catalog(tmp_path / "catalog.db")
    doc = DocumentRecord("a" * 64, "http://127.0.0.1/r.html", "p", "report")
    assert record_document(db, doc, seen_at="2026-01-01T00:00:00Z") is True
    assert record_document(db, doc, seen_at="2026-02-01T00:00:00Z") is False
    rows = list(db.query("select first_seen_at, last_seen_at from documents"))
    assert rows == [{"first_seen_at": "2026-01-01T00:00:00Z", "last_seen_at": "2026-02-01T00:00:00Z"}]
    with pytest.raises(ValueError):
        record_document(db, DocumentRecord("b" * 64, "u", "p", "thing"))


def test_migrations_apply_once(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    first = open_database(path).table_names()
    again = open_database(path)
    assert again.table_names() == first
    assert {"documents", "reports", "cells", "checks", "failures", "runs"} <= set(first)
    indexed = {tuple(i.columns) for i in again.table("reports").indexes}
    assert {("year",), ("agency",), ("template",)} <= indexed
