"""How to cite one report, and the same agency's reports of other years."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from archive.datasette.edition import Edition


@dataclass(frozen=True)
class Citation:
    agency: str | None
    title: str | None
    year: int | None
    source_url: str | None
    archived_on: str | None
    sha256: str
    dataset_version: str

    def text(self) -> str:
        parts = [
            self.agency or "[agency unknown]",
            f"{self.title or '[untitled]'} ({self.year or 'year unknown'})",
            f"Source: {self.source_url or 'unknown'}",
            f"Archived {self.archived_on or 'on an unknown date'} by nianbao, SHA-256 {self.sha256}",
            f"Dataset version {self.dataset_version}",
        ]
        return ". ".join(parts) + "."


def cite(report: dict[str, Any], document: dict[str, Any] | None, edition: Edition,
         canonical: str | None = None) -> Citation:  # fmt: skip
    """The agency is its canonical full name, with the printed one beside it when they differ."""
    seen = (document or {}).get("first_seen_at")
    printed = report.get("agency")
    return Citation(
        agency=f"{canonical} ({printed})" if canonical and printed and canonical != printed else canonical or printed,
        title=report.get("title"),
        year=report.get("year"),
        source_url=report.get("source_url"),
        archived_on=seen[:10] if isinstance(seen, str) else None,
        sha256=report["sha256"],
        dataset_version=edition.version,
    )


async def _has_column(db: Any, table: str, column: str) -> bool:
    return column in await db.table_columns(table)


async def canonical_agency(db: Any, report: dict[str, Any]) -> str | None:
    if report.get("agency_id") is None or "agencies" not in await db.table_names():
        return None
    rows = (await db.execute("select name from agencies where id = ?", [report["agency_id"]])).rows
    return str(rows[0][0]) if rows else None


async def other_years(db: Any, report: dict[str, Any]) -> list[dict[str, Any]]:
    """By agency_id when the build matched agencies, else by the printed agency; copies left out."""
    key, value = "agency", report.get("agency")
    if await _has_column(db, "reports", "agency_id") and report.get("agency_id") is not None:
        key, value = "agency_id", report["agency_id"]
    if value is None:
        return []
    sql = f"""select sha256, title, year, check_status from reports
        where {key} = ? and sha256 != ? and duplicate_of is null and superseded_by is null order by year, title"""
    return [dict(r) for r in (await db.execute(sql, [value, report["sha256"]])).rows]
