"""Statutory deadlines, days late and the missing_reports view, on constructed dates."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlite_utils import Database

from archive.schema import open_database
from pipeline.timeliness import days_late, deadline_on


@pytest.mark.parametrize(("level", "deadline"), [("government", "2024-03-31"), ("government_office", "2024-01-31"),
                                                 ("department", "2024-01-31"), ("town_street", "2024-01-31"), ("other", "2024-01-31")])  # fmt: skip
def test_governments_have_until_march_every_other_agency_until_january(level: str, deadline: str) -> None:
    assert deadline_on(2023, level) == deadline


def test_days_late_is_signed_and_unknown_without_a_date() -> None:
    assert days_late("2024-02-01", "2024-01-31") == 1
    assert days_late("2024-01-31", "2024-01-31") == 0
    assert days_late("2023-12-31", "2024-01-31") == -31
    assert days_late("2024-03-01T09:00:00", "2024-01-31") == 30
    assert days_late(None, "2024-01-31") is None and days_late("2月1日", "2024-01-31") is None
    assert deadline_on(None, "government") is None


def _archive(path: Path, built_at: str) -> Database:
    db = open_database(path)
    db["agencies"].insert_all([{"id": 1, "name": "区政府", "level": "government"}, {"id": 2, "name": "区统计局", "level": "department"},
                               {"id": 3, "name": "镇政府", "level": "town_street"}])  # fmt: skip
    reports = [("g22", 1, 2022, None), ("g23", 1, 2023, None), ("d22", 2, 2022, None), ("d23", 2, 2023, None),
               ("d24copy", 2, 2024, "d23"), ("t21", 3, 2021, None), ("t23", 3, 2023, None)]  # fmt: skip
    db["reports"].insert_all({"sha256": s, "agency_id": a, "year": y, "duplicate_of": d} for s, a, y, d in reports)
    db["runs"].insert({"command": "build", "started_at": built_at, "finished_at": built_at})
    return db


def _missing(db: Database) -> set[tuple[str, int, int, str]]:
    return {(r["agency"], r["year"], r["last_year"], r["deadline_on"]) for r in db.query("select * from missing_reports")}


def test_missing_reports_after_the_deadline_only(tmp_path: Path) -> None:
    db = _archive(tmp_path / "a.db", "2025-03-15T10:00:00Z")
    assert _missing(db) == {
        ("区统计局", 2024, 2023, "2025-01-31"),  # a copy is not a report of its own
        ("镇政府", 2022, 2021, "2023-01-31"),
        ("镇政府", 2024, 2023, "2025-01-31"),
    }
    db["runs"].insert({"command": "build", "started_at": "2025-04-01T08:00:00Z", "finished_at": "2025-04-01T08:10:00Z"})
    assert ("区政府", 2024, 2023, "2025-03-31") in _missing(db), "the latest build's date is today"
