"""Which build of the database is served: its date, run and dataset version, read from `runs`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_LATEST_RUN = "select id, finished_at, started_at, parser_version from runs order by id desc limit 1"


@dataclass(frozen=True)
class Edition:
    run_id: int | None
    built_at: str | None
    parser_version: str | None

    @property
    def built_on(self) -> str | None:
        return self.built_at[:10] if self.built_at else None

    @property
    def version(self) -> str:
        """The build date and run number: every rebuild of the published database gets a new one."""
        if self.run_id is None or self.built_on is None:
            return "unversioned"
        return f"{self.built_on}.{self.run_id}"


def edition_from_row(row: dict[str, Any] | None) -> Edition:
    if row is None:
        return Edition(None, None, None)
    return Edition(row["id"], row["finished_at"] or row["started_at"], row["parser_version"])


async def read_edition(db: Any) -> Edition:
    rows = (await db.execute(_LATEST_RUN)).rows
    return edition_from_row(dict(rows[0]) if rows else None)
