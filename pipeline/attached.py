"""Other database files attached, read-only, to the one being built: the catalogue, the live database."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def attach(conn: sqlite3.Connection, path: Path, schema: str) -> None:
    conn.execute(f"attach database ? as {schema}", [path.resolve().as_uri() + "?mode=ro"])


def has_table(conn: sqlite3.Connection, schema: str, table: str) -> bool:
    sql = f"select 1 from [{schema}].sqlite_master where type = 'table' and name = ?"
    return conn.execute(sql, [table]).fetchone() is not None
