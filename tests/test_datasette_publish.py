"""publish.py: the database is downloadable, a leftover WAL is folded in, and serve() really serves."""

from __future__ import annotations

import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from datasette.app import Datasette

from archive.layout import Layout
from archive.publish import DatabaseMissing, make_datasette
from tests.conftest import REPO
from tests.test_datasette_sample import Sample, _sample_template, ds, sample  # noqa: F401  (fixtures)


async def test_the_whole_database_downloads_as_the_sqlite_file(sample: Sample, ds: Datasette) -> None:
    response = await ds.client.get("/nianbao.db")
    assert response.status_code == 200
    assert response.content == sample.layout.db_path.read_bytes()
    assert response.content.startswith(b"SQLite format 3\x00")
    assert 'href="/nianbao.db"' in (await ds.client.get("/nianbao")).text


def test_serving_needs_a_built_database(tmp_path: Path) -> None:
    with pytest.raises(DatabaseMissing):
        make_datasette(Layout(tmp_path))


async def test_rows_still_in_a_wal_are_served(sample: Sample) -> None:
    # Immutable databases are read without their WAL: make_datasette must checkpoint first.
    writer = sqlite3.connect(sample.layout.db_path)
    writer.execute("pragma journal_mode=wal")
    writer.execute("update reports set agency = 'changed in the WAL' where sha256 = ?", [sample.seed.sha256])
    writer.commit()
    try:
        assert sample.layout.db_path.with_name("nianbao.db-wal").stat().st_size > 0
        ds = make_datasette(sample.layout)
        row = (await ds.client.get(f"/nianbao/reports/{sample.seed.sha256}.json?_shape=array")).json()[0]
        assert row["agency"] == "changed in the WAL"
    finally:
        writer.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def test_serve_runs_datasette_with_the_plugins_on_127_0_0_1(sample: Sample) -> None:
    port = _free_port()
    root = str(sample.layout.root)
    code = f"from archive.publish import serve; from archive.layout import Layout; serve(Layout.from_env({root!r}), '127.0.0.1', {port})"
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        url = f"http://127.0.0.1:{port}/-/report/{sample.seed.sha256}"
        for _ in range(100):
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    assert sample.seed.title in response.read().decode()
                    return
            except OSError:
                assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else "serve exited"
                time.sleep(0.2)
        pytest.fail("the site did not come up")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
