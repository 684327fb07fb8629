"""The worker pool's limits and hygiene: workers die with their parent, messages stay one line,
a bug is logged with its traceback, limits are read from NIANBAO_LIMITS."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import pipeline.pool
from pipeline import confine
from pipeline.cli import main
from pipeline.limits import Limits, estimate_pages
from pipeline.pool import public_message

PARENT = """
import os, sys, time
from pathlib import Path
import pipeline.pool as pool
pool.extract_document = lambda *args: time.sleep(600)
outcomes = pool.extract_files([Path(sys.argv[1])] * 2, jobs=2)
print(os.getpid(), flush=True)
next(outcomes)
"""


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0] != "Z"
    except (FileNotFoundError, IndexError):
        return False


def _children(pid: int) -> list[int]:
    return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_workers_die_with_their_parent(sig: int, seed_path: Path) -> None:
    parent = subprocess.Popen([sys.executable, "-c", PARENT, str(seed_path)], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    pid = int(parent.stdout.readline())
    deadline = time.monotonic() + 20
    while len(workers := _children(pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(workers) == 2 and all(map(_alive, workers))
    parent.send_signal(sig)
    parent.wait(timeout=10)
    deadline = time.monotonic() + 10
    while any(map(_alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(map(_alive, workers))


def test_the_cpu_limit_stops_a_busy_worker() -> None:
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child is killed by the kernel
        confine.cap_cpu(0.5)
        while True:
            pass
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGXCPU


def test_a_parser_bug_prints_one_line_and_logs_the_traceback(seed_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             caplog: pytest.LogCaptureFixture) -> None:  # fmt: skip
    def buggy(*args: object) -> object:
        raise KeyError(f"{seed_path}\nsecond line")

    monkeypatch.setattr(pipeline.pool, "extract_document", buggy)
    with caplog.at_level(logging.ERROR, logger="pipeline.pool"):
        result = CliRunner().invoke(main, ["extract", str(seed_path)])
    assert result.exit_code == 1
    line = json.loads(result.stdout)
    assert line["error"] == "InternalError" and line["message"].startswith("KeyError: '<path>")
    assert str(seed_path.parent) not in line["message"]
    assert "Traceback" in caplog.text and "in buggy" in caplog.text


def test_published_messages_are_one_line_without_paths() -> None:
    assert public_message("cannot open /srv/data/archive/blobs/ab/cd/abc: gone\nTraceback ...") == "cannot open <path>: gone"
    assert public_message("2019/2021 templates, 本年增/减") == "2019/2021 templates, 本年增/减"
    assert len(public_message("x" * 1000)) == 300


def test_limits_come_from_one_setting() -> None:
    limits = Limits.from_env("seconds=1.5, recursion=500,memory_mb=64")
    assert (limits.seconds, limits.recursion, limits.memory_mb, limits.html_mb) == (1.5, 500, 64.0, Limits().html_mb)
    assert limits.wall_time(10) == 1.5 + 10 * Limits().seconds_per_page
    assert Limits.from_env("max_seconds=5").wall_time(1000) == 5
    with pytest.raises(ValueError, match="unknown limit 'sekonds'"):
        Limits.from_env("sekonds=1")


def test_pages_are_estimated_without_parsing() -> None:
    assert estimate_pages(b"%PDF-1.7\n1 0 obj << /Type /Pages /Count 3 >>\n2 0 obj << /Type /Page >>") == 3
    assert estimate_pages(b"%PDF-1.4\n" + b"<< /Type /Page /Parent 1 0 R >>\n" * 5) == 5
    assert estimate_pages(b"<html>/Type /Page</html>") == 1


def test_python_docx_never_expands_an_entity() -> None:
    """Behind the adapter's refusal of any DTD, python-docx's own parser does not expand either."""
    import docx.oxml.parser
    from lxml import etree

    xml = b'<!DOCTYPE a [<!ENTITY e "expanded">]><a>&e;</a>'
    assert b"expanded" not in etree.tostring(docx.oxml.parser.parse_xml(xml))


def test_the_exit_status_counts_failures_up_to_125(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(paths: list[Path], *args: object) -> object:
        return ((p, pipeline.pool.Failure("NoTablesFound", "none")) for p in paths)

    monkeypatch.setattr("pipeline.cli.extract_files", failing)
    assert CliRunner().invoke(main, ["extract", *[str(tmp_path / f"{i}.html") for i in range(3)]]).exit_code == 3
    assert CliRunner().invoke(main, ["extract", *[str(tmp_path / f"{i}.html") for i in range(130)]]).exit_code == 125
