"""Open an SQLite file for reading without creating or changing anything beside it."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def open_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection. Opened plainly read-only, a WAL database gets new -wal and -shm files;
    without a WAL to read, `immutable` needs neither (and a WAL present means its files exist)."""
    wal = path.with_name(path.name + "-wal")
    mode = "mode=ro" if wal.exists() else "immutable=1"
    return sqlite3.connect(f"{path.resolve().as_uri()}?{mode}", uri=True)
