"""The public site stays small: SQLite limits per connection, a memory cap, one log line per rejection."""

from __future__ import annotations

import logging
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
from datasette.app import Datasette

from archive.datasette.limits import MAX_VALUE_BYTES, MEMORY_CAP_BYTES
from tests.conftest import REPO
from tests.test_datasette_sample import Sample, _sample_template, ds, sample  # noqa: F401  (fixtures)


NIANBAO = Path(sys.executable).with_name("nianbao")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def sql_json(ds: Datasette, sql: str, extra: str = "") -> tuple[int, dict[str, object]]:
    response = await ds.client.get(f"/nianbao.json?sql={quote(sql)}{extra}")
    return response.status_code, response.json()


@pytest.mark.parametrize(("sql", "error"), [
    ("select zeroblob(100000000)", "string or blob too big"),
    (f"select length(randomblob({MAX_VALUE_BYTES + 1}))", "string or blob too big"),
    ("select 1" + " + 1" * 150, "expression tree is too large"),
    ("select 1 -- " + "x" * 55_000, "query string is too large"),
    ("select " + ", ".join(["1"] * 300), "too many columns"),
])  # fmt: skip
async def test_oversized_queries_fail_at_once_with_a_clear_error(ds: Datasette, sql: str, error: str) -> None:
    status, body = await sql_json(ds, sql)
    assert status == 400 and error in str(body["error"]).lower()


async def test_ordinary_queries_and_pages_still_work(ds: Datasette, sample: Sample) -> None:
    status, body = await sql_json(ds, "select max(length(text)) as longest from report_texts")
    assert status == 200 and 0 < body["rows"][0][0] < MAX_VALUE_BYTES  # type: ignore[index]
    assert (await ds.client.get("/nianbao/report_texts?_size=max")).status_code == 200
    assert (await ds.client.get(f"/-/report/{sample.seed.sha256}")).status_code == 200


async def test_a_query_over_the_time_limit_is_one_log_line(ds: Datasette, caplog: pytest.LogCaptureFixture,
                                                          capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    endless = "with recursive c(x) as (select 1 union all select x + 1 from c) select count(*) from c"
    with caplog.at_level(logging.INFO):
        response = await ds.client.get(f"/nianbao?sql={quote(endless)}&_timelimit=50")
    assert response.status_code == 400 and "SQL Interrupted" in response.text
    lines = [r.getMessage() for r in caplog.records if r.name == "archive.datasette.limits"]
    assert len(lines) == 1 and "\n" not in lines[0] and lines[0].startswith("rejected /nianbao?sql=")
    assert "Traceback" not in capsys.readouterr().err


async def test_a_bad_table_request_logs_one_line_and_no_traceback(ds: Datasette, caplog: pytest.LogCaptureFixture,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    with caplog.at_level(logging.INFO):
        assert (await ds.client.get("/nianbao/cells?_sort=no_such_column")).status_code >= 400
        assert (await ds.client.get("/nianbao/no_such_table")).status_code == 404
    lines = [r.getMessage() for r in caplog.records if r.name == "archive.datasette.limits"]
    assert [line.split(":")[0] for line in lines] == ["rejected /nianbao/cells?_sort=no_such_column", "rejected /nianbao/no_such_table"]
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err) < 2000


def test_the_memory_cap_stops_an_allocation_not_the_machine() -> None:
    code = "from archive.datasette.limits import cap_memory; cap_memory(1 << 30); bytearray(2 << 30)"
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode != 0 and "MemoryError" in done.stderr


def test_serve_runs_capped_rejects_a_huge_value_and_creates_nothing(sample: Sample) -> None:
    before = {str(p): p.stat().st_mtime for p in sample.layout.root.rglob("*")}
    port = free_port()
    proc = subprocess.Popen([str(NIANBAO), "serve", "--data", str(sample.layout.root), "--port", str(port)],
                            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}/nianbao.json?sql=" + quote("select zeroblob(100000000)")
        for _ in range(150):
            try:
                urllib.request.urlopen(url, timeout=5)
                pytest.fail("the huge value was served")
            except urllib.error.HTTPError as error:
                assert error.code == 400 and b"string or blob too big" in error.read()
                break
            except OSError:
                assert proc.poll() is None, "serve exited"
                time.sleep(0.2)
        else:
            pytest.fail("the site did not come up")
        limits = open(f"/proc/{proc.pid}/limits").read()
        assert f"Max address space         {MEMORY_CAP_BYTES}" in limits
    finally:
        proc.terminate()
        stderr = proc.communicate(timeout=10)[1]
    assert "Traceback" not in stderr
    assert {str(p): p.stat().st_mtime for p in sample.layout.root.rglob("*")} == before


@pytest.mark.parametrize("sql", ["delete from reports", "attach database ':memory:' as other",
                                 "pragma writable_schema = 1", "select 1; drop table reports"])  # fmt: skip
async def test_the_site_stays_read_only(ds: Datasette, sample: Sample, sql: str) -> None:
    before = sample.layout.db_path.read_bytes()
    status, _ = await sql_json(ds, sql)
    assert status == 400
    assert sample.layout.db_path.read_bytes() == before
