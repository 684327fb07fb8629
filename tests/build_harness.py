"""What the build tests share: a database's content as comparable data, and `nianbao build` as a process."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import REPO

# `nianbao build` in a process of its own; EXTRACT_DELAY slows each extraction for tests that
# must stop a build part-way (the worker is forked, so it inherits the patch).
BUILD = """
import os, sys, time
import pipeline.pool
delay = float(os.environ.get("EXTRACT_DELAY", "0"))
real = pipeline.pool.extract_document
def slowed(*args):
    time.sleep(delay)
    return real(*args)
pipeline.pool.extract_document = slowed
from pipeline.cli import main
main(sys.argv[1:], prog_name="nianbao")
"""


def start_build(data: Path, *args: str, delay: float = 0.0) -> subprocess.Popen[str]:
    """In a session of its own, so its workers can be found (and ended) by the group id."""
    env = {**os.environ, "EXTRACT_DELAY": str(delay), "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-c", BUILD, "build", "--data", str(data), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=REPO, start_new_session=True,
    )  # fmt: skip


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def end_group(proc: subprocess.Popen[str]) -> None:
    """Kill what is left of a build started by start_build: it and its workers."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.communicate()


def wait_for_group_exit(pgid: int, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while group_alive(pgid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every published row, sorted; without `runs`, the migration log and the full-text
    internals (keyed by rowids a rebuild may renumber)."""
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in con.execute("select name from sqlite_master where type = 'table'")]
        skip = ("runs", "_sqlite_migrations", "sqlite_sequence")
        keep = [t for t in tables if t not in skip and "_fts" not in t and "bigram" not in t]
        return {t: sorted(con.execute(f"select * from [{t}]").fetchall(), key=repr) for t in keep}
    finally:
        con.close()


def schema(path: Path) -> set[tuple[str, str, str]]:
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return set(con.execute("select type, name, sql from sqlite_master where sql is not null"))
    finally:
        con.close()
