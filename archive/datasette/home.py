"""What the archive holds, for the home page: counts, years, portals, the build served."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from archive.datasette.edition import Edition, read_edition
from archive.datasette.file_memo import FileMemo

# Tables a researcher starts from, in this order; the rest follow as raw tables.
START_TABLES = ("report_figures", "agencies", "reports", "cells", "checks")
_REPORTS = """select count(*) as reports, sum(duplicate_of is not null) as copies,
    sum(duplicate_of is null and superseded_by is not null) as replaced,
    min(year) as first_year, max(year) as last_year, count(distinct portal) as portals
    from reports"""
_FAILURES = "select count(*) from failures"


@dataclass(frozen=True)
class Holdings:
    reports: int
    copies: int
    replaced: int  # earlier versions a portal replaced, kept but not counted
    agencies: int
    first_year: int | None
    last_year: int | None
    portals: int
    failures: int
    edition: Edition
    tables: tuple[str, ...]  # visible ones, the tables to start from first

    @property
    def distinct_reports(self) -> int:
        return self.reports - self.copies - self.replaced


async def _agencies(db: Any) -> int:
    """Agencies with a report: matched agencies when the build linked them, else printed names."""
    column = "agency_id" if "agency_id" in await db.table_columns("reports") else "agency"
    sql = f"select count(distinct {column}) from reports where duplicate_of is null and superseded_by is null"
    return int((await db.execute(sql)).rows[0][0] or 0)


def reading_order(names: list[str], hidden: list[str]) -> tuple[str, ...]:
    shown = [n for n in names if n not in hidden and not n.startswith("_")]
    return tuple([n for n in START_TABLES if n in shown] + sorted(n for n in shown if n not in START_TABLES))


async def cached_holdings(db: Any) -> Holdings:
    """Read once per served file (archive/datasette/file_memo.py): the counts scan every report,
    which at a national scale costs more than the rest of the page."""
    if isinstance(db, FileMemo):
        holdings: Holdings = await db.remembered("holdings", lambda: read_holdings(db))
        return holdings
    return await read_holdings(db)


async def read_holdings(db: Any) -> Holdings:
    tables = await db.table_names() + await db.view_names()
    counts = dict((await db.execute(_REPORTS)).rows[0])
    return Holdings(
        reports=counts["reports"] or 0,
        copies=counts["copies"] or 0,
        replaced=counts["replaced"] or 0,
        agencies=await _agencies(db),
        first_year=counts["first_year"],
        last_year=counts["last_year"],
        portals=counts["portals"] or 0,
        failures=int((await db.execute(_FAILURES)).rows[0][0] or 0),
        edition=await read_edition(db),
        tables=reading_order(tables, await db.hidden_table_names()),
    )
