"""Table and column descriptions from the Datasette metadata, for the database to carry itself."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

METADATA_PATH = Path(__file__).parent / "datasette" / "metadata.yaml"


@cache
def column_descriptions(path: Path = METADATA_PATH) -> tuple[tuple[str, str, str], ...]:
    """(table, column, description) for every described column, in the metadata's order."""
    with path.open(encoding="utf-8") as f:
        metadata: dict[str, Any] = yaml.safe_load(f)
    tables: dict[str, Any] = metadata["databases"]["nianbao"]["tables"]
    return tuple(
        (table, column, str(text)) for table, entry in tables.items() for column, text in entry.get("columns", {}).items()
    )
