"""Datasette plugin: `_search` on report_texts uses the bigram index, so two-character words match."""

from __future__ import annotations

import sqlite3
from typing import Any

from datasette import hookimpl

from archive.datasette.cjk_search import has_bigram_index, match_expression, register_functions
from archive.datasette.site import site_config


# trylast: Datasette registers its own escape_fts in the same hook; the last registration wins.
@hookimpl(trylast=True)  # type: ignore[untyped-decorator]
def prepare_connection(conn: sqlite3.Connection, database: str, datasette: Any) -> None:
    site = site_config(datasette)
    if site is None or database != site.database or not has_bigram_index(conn):
        return
    register_functions(conn)
    conn.create_function("escape_fts", 1, match_expression, deterministic=True)
