"""The crawler's own state database (under Layout.state_dir): runs and the on-disk frontier."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

state_migrations = Migrations("nianbao-crawl-state")


@state_migrations()
def m001_runs_and_frontier(db: Database) -> None:
    db.table("runs").create(
        {"run_id": str, "spider": str, "started_at": str, "finished_at": str, "finish_reason": str},
        pk="run_id",
    )
    db.table("frontier").create(
        {"run_id": str, "fingerprint": str, "seq": int, "url": str, "priority": int, "request": bytes,
         "state": str},
        pk=("run_id", "fingerprint"),
    )
    db.table("frontier").create_index(["run_id", "state", "seq"])


def open_state(path: Path) -> Database:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = Database(path)
    db.execute("PRAGMA journal_mode=WAL")
    state_migrations.apply(db)
    return db


@dataclass(frozen=True)
class Run:
    run_id: str
    spider: str
    started_at: str
    resumed: bool


def begin_run(db: Database, spider: str, fresh: bool = False) -> tuple[Run, list[str]]:
    """Resume the spider's unfinished run (a crash or kill left it), or start a new one.
    With `fresh`, unfinished runs are closed as abandoned; their ids are returned."""
    unfinished = list(db.query(
        "select run_id, started_at from runs where spider = ? and finished_at is null order by started_at",
        [spider],
    ))
    abandoned: list[str] = []
    if unfinished and not fresh:
        last = unfinished[-1]
        abandoned = [r["run_id"] for r in unfinished[:-1]]
        run = Run(last["run_id"], spider, last["started_at"], resumed=True)
    else:
        abandoned = [r["run_id"] for r in unfinished]
        now = datetime.now(UTC)
        run = Run(now.strftime("%Y%m%dT%H%M%S") + f"{now.microsecond:06d}Z", spider,
                  now.isoformat(timespec="microseconds").replace("+00:00", "Z"), resumed=False)
        db.table("runs").insert({"run_id": run.run_id, "spider": spider, "started_at": run.started_at})
    for run_id in abandoned:
        end_run(db, run_id, "abandoned")
    return run, abandoned


def end_run(db: Database, run_id: str, reason: str) -> None:
    with db.conn:
        db.execute(
            "update runs set finished_at = ?, finish_reason = ? where run_id = ?",
            [datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"), reason, run_id],
        )
        # The frontier only matters for resuming; the catalogue keeps what was found.
        db.execute("delete from frontier where run_id = ?", [run_id])
