"""Bounds for the public site: SQLite limits on every connection and a cap on the process's memory."""

from __future__ import annotations

import logging
import re
import resource
import sqlite3

logger = logging.getLogger(__name__)

# The longest value SQLite may make or read. Stored report texts stay well below it (a long report
# is a few hundred kB of text); `select zeroblob(100000000)` fails at once instead of taking GBs.
MAX_VALUE_BYTES = 8 << 20

CONNECTION_LIMITS: dict[int, int] = {
    sqlite3.SQLITE_LIMIT_LENGTH: MAX_VALUE_BYTES,
    sqlite3.SQLITE_LIMIT_SQL_LENGTH: 50_000,
    sqlite3.SQLITE_LIMIT_COLUMN: 200,
    sqlite3.SQLITE_LIMIT_EXPR_DEPTH: 100,
    sqlite3.SQLITE_LIMIT_COMPOUND_SELECT: 50,
    sqlite3.SQLITE_LIMIT_FUNCTION_ARG: 64,
    sqlite3.SQLITE_LIMIT_LIKE_PATTERN_LENGTH: 1_000,
    # A page of up to 1,000 rows (Datasette fetches 1,001) names the labels of its foreign keys in one
    # query, a variable each: 999 made every full CSV of a table with a foreign key fail (HTTP 400).
    sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER: 4_096,
    sqlite3.SQLITE_LIMIT_TRIGGER_DEPTH: 10,
    sqlite3.SQLITE_LIMIT_ATTACHED: 0,
}

# The site's whole address space: the idle server maps about 0.4 GB; a page of 1,000 long report
# texts rendered as JSON needs a few hundred MB more.
MEMORY_CAP_BYTES = 2 << 30


def limit_connection(conn: sqlite3.Connection) -> None:
    for category, value in CONNECTION_LIMITS.items():
        conn.setlimit(category, value)


def cap_memory(limit: int = MEMORY_CAP_BYTES) -> None:
    """RLIMIT_AS for this process: past it an allocation fails (MemoryError), the machine lives on."""
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    soft = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def one_line(text: str, width: int = 300) -> str:
    """An error message for the log: tags and whitespace runs collapsed, cut to `width`."""
    flat = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)).strip()
    return flat if len(flat) <= width else flat[: width - 1] + "…"
