"""Statutory deadlines (条例 第四十九条) and how late each report was published."""

from __future__ import annotations

from datetime import date

# Every agency publishes its report for year Y by 31 January of Y+1; a government publishes its
# consolidated report (本级政府的年度报告) by 31 March. archive/schema/research.py's missing_reports view
# states the same rule in SQL.
GOVERNMENT_DEADLINE = (3, 31)
AGENCY_DEADLINE = (1, 31)


def deadline_on(year: int | None, level: str | None) -> str | None:
    if year is None:
        return None
    month, day = GOVERNMENT_DEADLINE if level == "government" else AGENCY_DEADLINE
    return date(year + 1, month, day).isoformat()


def days_late(published_on: str | None, deadline: str | None) -> int | None:
    """Days after the deadline (0 or less: on time); None when either date is unknown."""
    if not published_on or not deadline:
        return None
    try:
        published = date.fromisoformat(published_on[:10])
    except ValueError:
        return None
    return (published - date.fromisoformat(deadline)).days
