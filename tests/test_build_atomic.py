"""A build killed at any moment leaves the previous database whole; a stopped one cleans up."""

from __future__ import annotations

import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from archive.layout import Layout
from archive.staging import remove_stale, staging_path
from pipeline.interrupts import Interrupted, StopSignals
from pipeline.runner import build
from tests.build_harness import dump, end_group, file_sha256, start_build, wait_for_group_exit
from tests.synthetic_archive import fill_archive

TRIALS = 10


@pytest.fixture
def built(tmp_path: Path) -> Layout:
    """An archive with a database built from it, and new documents the database lacks."""
    layout = Layout(tmp_path / "data")
    fill_archive(layout, 6)
    build(layout, jobs=1)
    fill_archive(layout, 6, start=6)
    return layout


def _runs(path: Path) -> list[tuple[int, int]]:
    con = sqlite3.connect(path)
    try:
        return con.execute("select reports, cells from runs order by id").fetchall()
    finally:
        con.close()


def test_killed_builds_leave_the_old_database_or_the_new_one(built: Layout, tmp_path: Path) -> None:
    old_file = tmp_path / "old.db"
    shutil.copyfile(built.db_path, old_file)
    old_sha256 = file_sha256(old_file)
    started = time.monotonic()
    proc = start_build(built.root, "--jobs", "2")
    assert proc.wait(timeout=120) == 0, proc.communicate()
    duration = time.monotonic() - started
    new = dump(built.db_path)
    assert len(new["reports"]) == 12 and len(_runs(built.db_path)) == 2
    seed = random.randrange(10**6)
    rng, outcomes = random.Random(seed), []
    for trial in range(TRIALS):
        shutil.copyfile(old_file, built.db_path)
        # Spread over the whole build, and a little past it (the rename, the exit).
        delay = duration * 1.2 * (trial + rng.random()) / TRIALS
        proc = start_build(built.root, "--jobs", "2")
        time.sleep(delay)
        proc.kill()
        end_group(proc)
        if file_sha256(built.db_path) == old_sha256:
            outcomes.append("old")
            continue
        assert dump(built.db_path) == new, f"seed {seed}, trial {trial}: neither the old database nor the new one"
        runs = _runs(built.db_path)
        assert len(runs) == 2 and runs[-1] == (len(new["reports"]), len(new["cells"])), f"seed {seed}"
        outcomes.append("new")
    print(f"kill -9 trials (seed {seed}, build {duration:.1f} s): {outcomes}")
    assert outcomes[0] == "old", f"seed {seed}: {outcomes}"
    build(built, jobs=1)
    assert not list(built.root.glob("nianbao.db.new-*")), "the next build removes what killed ones left"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_signal_ends_the_build_cleanly(built: Layout, signum: int) -> None:
    before = file_sha256(built.db_path)
    proc = start_build(built.root, "--jobs", "2", delay=0.5)
    try:
        deadline = time.monotonic() + 60
        while not list(built.root.glob("nianbao.db.new-*")) and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)  # into the extraction
        proc.send_signal(signum)
        _, err = proc.communicate(timeout=30)
    finally:
        end_group(proc)
    name = signal.Signals(signum).name
    assert proc.returncode == 128 + signum
    assert err.strip().splitlines() == [f"nianbao build: stopped by {name}; {built.db_path} is unchanged"]
    assert wait_for_group_exit(proc.pid), "the workers stop with the build"
    assert file_sha256(built.db_path) == before
    assert not list(built.root.glob("nianbao.db.new-*"))


# Holds a lock as a running build does, until killed.
HOLD = "import fcntl, os, sys, time; fd = os.open(sys.argv[1], os.O_CREAT | os.O_RDWR); fcntl.lockf(fd, fcntl.LOCK_EX); print('held', flush=True); time.sleep(60)"


def test_only_files_of_builds_no_longer_running_are_removed(tmp_path: Path) -> None:
    live = tmp_path / "nianbao.db"
    dead, running, unlocked = staging_path(live, 101), staging_path(live, 102), staging_path(live, 103)
    for path in (dead, running, unlocked, dead.with_name(dead.name + "-journal")):
        path.write_bytes(b"partial")
    dead.with_name(dead.name + ".lock").write_bytes(b"")
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(running) + ".lock"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        assert remove_stale(live) == [dead, unlocked]
        assert sorted(p.name for p in tmp_path.iterdir()) == [running.name, running.name + ".lock"]
    finally:
        holder.kill()
        holder.wait()
    assert remove_stale(live) == [running], "the lock goes with the process that held it"
    assert not list(tmp_path.iterdir())


def test_a_lock_left_without_its_database_is_removed(tmp_path: Path) -> None:
    """A build killed after making its lock but before its database leaves only the lock."""
    live = tmp_path / "nianbao.db"
    orphan = staging_path(live, 104).with_name(staging_path(live, 104).name + ".lock")
    orphan.write_bytes(b"")
    assert remove_stale(live) == [orphan]
    assert not list(tmp_path.iterdir())


def test_a_stop_signal_during_the_rename_lets_the_build_complete() -> None:
    stops = StopSignals()
    with pytest.raises(Interrupted):
        stops.handle(signal.SIGTERM, None)
    stops.finishing = True
    stops.handle(signal.SIGTERM, None)  # logged; the rename goes on and the build reports success
