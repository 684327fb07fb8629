"""A new database file for a bulk load: every migration applied, then secondary indexes and the
full-text indexes built once, after the rows, instead of row by row."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from archive.datasette.cjk_search import rebuild_bigram_index, register_functions
from archive.schema import migrations

# The table both full-text indexes (trigram and bigram) cover.
SEARCHED_TABLE = "report_texts"

# A file being built is thrown away if the build dies, so it needs no journal and no fsync
# until it is complete (archive/staging.py syncs it before the rename).
BULK_PRAGMAS = ("journal_mode = memory", "synchronous = off", "cache_size = -262144", "temp_store = memory")


def create_database(path: Path) -> Database:
    """A new, empty database file with every migration applied, set up for a bulk load.
    Opened with URIs allowed, so the previous database can be attached read-only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path.resolve().as_uri(), uri=True)
    for pragma in BULK_PRAGMAS:
        conn.execute(f"pragma {pragma}")
    db = Database(conn)
    register_functions(conn)
    migrations.apply(db)
    return db


def applied_migrations(conn: sqlite3.Connection, schema: str = "main") -> set[str]:
    return {row[0] for row in conn.execute(f"select name from [{schema}]._sqlite_migrations")}


def defer_indexes(db: Database) -> list[tuple[str, str]]:
    """Drop the secondary indexes and the full-text triggers, returning (type, SQL) to restore
    them: a bulk load is faster without them, and each index is then built once, at the end."""
    rows = db.execute(
        "select type, name, sql from sqlite_master where sql is not null and "
        "(type = 'index' or (type = 'trigger' and tbl_name = ?))",
        [SEARCHED_TABLE],
    ).fetchall()
    for kind, name, _ in rows:
        db.execute(f"drop {kind} [{name}]")
    return [(kind, sql) for kind, _, sql in rows]


def restore_indexes(db: Database, deferred: list[tuple[str, str]]) -> None:
    """Recreate what defer_indexes dropped; the full-text indexes are filled in one pass each
    before their triggers return."""
    for kind, sql in deferred:
        if kind == "index":
            db.execute(sql)
    db.table(SEARCHED_TABLE).rebuild_fts()
    rebuild_bigram_index(db)
    for kind, sql in deferred:
        if kind == "trigger":
            db.execute(sql)
