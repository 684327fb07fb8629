"""The published database's schema, as sqlite-utils migrations.

The database is always built from empty (archive/bulk.py), every migration applied in the order of
its number; the modules group them by what they hold. A new migration takes the next number.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from archive.datasette.cjk_search import register_functions
from archive.schema import crawl, legacy, reports, research

# Tables whose rows derive from one document; a rebuild replaces them per document.
DERIVED_TABLES = ("reports", "report_texts", "cells", "checks", "extras", "failures", "legacy_figures")

Step = Callable[[Database], None]


def _steps() -> list[Step]:
    """Every function named mNNN_… in the schema modules, by number."""
    found = [getattr(module, name) for module in (reports, legacy, crawl, research)
             for name in vars(module) if name[:1] == "m" and name[1:4].isdigit()]  # fmt: skip
    return sorted(found, key=lambda step: step.__name__)


migrations = Migrations("nianbao")
for _step in _steps():
    migrations()(_step)


def open_database(path: Path) -> Database:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = Database(path)
    # The bigram index's triggers call these functions on every write to report_texts.
    register_functions(db.conn)
    migrations.apply(db)
    return db
