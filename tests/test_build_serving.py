"""`nianbao serve` through rebuilds: every request answered, the new data served after the rename,
the old file closed once its last request is done. A real uvicorn on 127.0.0.1."""

from __future__ import annotations

import asyncio
import gc
import json
import os
import socket
import sqlite3
import threading
import time
import urllib.request
from urllib.parse import urlencode
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import uvicorn

from archive.layout import Layout
from archive.datasette.swap import CHECK_INTERVAL, Swapper
from archive.publish import make_datasette
from pipeline.runner import build
from tests.build_harness import start_build
from tests.synthetic_archive import fill_archive

# The first answers which database is served: its cells, and its runs (one per build).
SERVED = "select (select count(*) from cells) as cells, (select count(*) from runs) as runs"
QUERIES = (
    "/nianbao.json?" + urlencode({"sql": SERVED, "_shape": "array"}),
    "/nianbao/reports.json?_size=3",
    "/nianbao.json",
    "/nianbao/report_texts.json?_search=%E5%A4%8D%E8%AE%AE&_size=1",
)


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[Layout, str]]:
    layout = Layout(tmp_path / "data")
    fill_archive(layout, 4)
    build(layout, jobs=1)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(make_datasette(layout).app(), log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    try:
        yield layout, f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def _get(url: str) -> dict[str, object] | list[dict[str, object]]:
    with urllib.request.urlopen(url, timeout=30) as response:
        assert response.status == 200
        result: dict[str, object] | list[dict[str, object]] = json.loads(response.read())
        return result


class Load(threading.Thread):
    """Fires the queries one after another until stopped, keeping every failure and every count seen."""

    def __init__(self, base: str) -> None:
        super().__init__(daemon=True)
        self.base, self.stop, self.requests = base, threading.Event(), 0
        self.failures: list[str] = []
        self.served: set[tuple[object, object]] = set()

    def run(self) -> None:
        while not self.stop.is_set():
            for query in QUERIES:
                try:
                    result = _get(self.base + query)
                    if isinstance(result, list):
                        self.served.add((result[0]["cells"], result[0]["runs"]))
                except Exception as exc:  # noqa: BLE001 - every failure is the test's finding
                    self.failures.append(f"{query}: {exc!r}")
                self.requests += 1


def _served(base: str) -> tuple[object, object]:
    result = _get(base + QUERIES[0])
    assert isinstance(result, list)
    return result[0]["cells"], result[0]["runs"]


def _table_counts(base: str) -> dict[str, object]:
    result = _get(base + "/nianbao.json")
    assert isinstance(result, dict)
    return {t["name"]: t["count"] for t in result["tables"]}  # type: ignore[index, union-attr]


def _open_deleted_files() -> list[str]:
    fds = Path("/proc/self/fd")
    targets = []
    for fd in fds.iterdir():
        try:
            targets.append(os.readlink(fd))
        except OSError:
            continue
    return [t for t in targets if "nianbao.db" in t and t.endswith("(deleted)")]


def _count(path: Path, table: str) -> int:
    con = sqlite3.connect(path)
    try:
        return int(con.execute(f"select count(*) from {table}").fetchone()[0])
    finally:
        con.close()


def _wait_for(predicate: Callable[[], bool], seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_a_rebuild_under_load_fails_no_request_and_is_served_after(site: tuple[Layout, str]) -> None:
    layout, base = site
    served, old_counts = [_served(base)], _table_counts(base)
    fill_archive(layout, 4, start=4)
    load = Load(base)
    load.start()
    try:
        for _ in range(2):  # the second rebuild copies every document: a swap with nothing new
            proc = start_build(layout.root, "--jobs", "2")
            _, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err
            served.append((_count(layout.db_path, "cells"), _count(layout.db_path, "runs")))
            assert _wait_for(lambda: _served(base) == served[-1]), "the new database is served without a restart"
    finally:
        load.stop.set()
        load.join(timeout=30)
    assert load.failures == []
    assert load.served <= set(served) and len(load.served) > 1, "each answer came from one whole database file"
    counts = _table_counts(base)
    assert counts["reports"] == 2 * old_counts["reports"] and counts["cells"] == served[-1][0], "cached counts refreshed"
    assert _wait_for(lambda: not _open_deleted_files()), "the replaced files are closed"


async def test_a_request_in_flight_keeps_the_old_file_open_until_it_ends(tmp_path: Path) -> None:
    layout = Layout(tmp_path / "data")
    fill_archive(layout, 2)
    build(layout, jobs=1)
    datasette = make_datasette(layout)
    swapper = Swapper(datasette, "nianbao")
    release, seen = asyncio.Event(), []

    async def app(scope: dict[str, object], receive: object, send: object) -> None:
        db = datasette.get_database("nianbao")
        seen.append((db, (await db.execute("select count(*) from runs")).first()[0]))
        if len(seen) == 1:
            await release.wait()

    serve = swapper.wrap(app)
    first = asyncio.create_task(serve({"type": "http"}, None, None))
    while not seen:
        await asyncio.sleep(0.01)
    build(layout, jobs=1)
    swapper.checked_at -= CHECK_INTERVAL
    await serve({"type": "http"}, None, None)
    (old, old_runs), (new, new_runs) = seen
    assert old is not new and (old_runs, new_runs) == (1, 2)
    assert old.retired and _open_deleted_files(), "the old file stays open for the request still running"
    release.set()
    await first
    assert not _open_deleted_files(), "and is closed when it ends"



async def test_closing_a_file_lets_go_of_it_even_with_a_statement_kept_alive(tmp_path: Path) -> None:
    """A cursor left mid-statement in a reference cycle (as a query stopped by the time limit
    leaves one in its traceback) kept a closed connection's file open until the next collection."""
    layout = Layout(tmp_path / "data")
    fill_archive(layout, 1)
    build(layout, jobs=1)
    datasette = make_datasette(layout)
    Swapper(datasette, "nianbao")
    db = datasette.get_database("nianbao")
    cycle: list[object] = []
    cycle.append(cycle)
    await db.execute_fn(lambda conn: cycle.append(next(conn.execute("select * from cells"))))
    await db.execute_fn(lambda conn: cycle.append(conn.execute("select * from cells")))  # not read to its end
    del cycle
    layout.db_path.unlink()  # what a rebuild's rename does to the served file
    gc.disable()
    try:
        db.close()
        assert not _open_deleted_files()
    finally:
        gc.enable()
