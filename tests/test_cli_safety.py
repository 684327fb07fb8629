"""The CLI never loses data and answers a user's mistake with one line, not a traceback."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlite_utils import Database

from archive.catalog import open_catalog
from archive.layout import Layout
from pipeline.cli import main
from pipeline.cli_paths import DEMO_MARKER, UserError, demo_folder, writable
from tests.conftest import REPO

NIANBAO = Path(sys.executable).with_name("nianbao")


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def assert_one_line(result: Result, *words: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.output.count("\n") == 1 and "Traceback" not in result.output, result.output
    for word in words:
        assert word in result.output


@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        yield held.getsockname()[1]


def snapshot(root: Path) -> dict[str, tuple[float, int]]:
    return {str(p): (p.stat().st_mtime, p.stat().st_size) for p in root.rglob("*")}


def test_demo_leaves_a_folder_it_did_not_make_alone(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "thesis.md").write_text("years of work")
    assert_one_line(run("demo", "--no-serve", "--data", str(notes)), str(notes), "not made by `nianbao demo`")
    assert (notes / "thesis.md").read_text() == "years of work" and not (notes / DEMO_MARKER).exists()
    file = tmp_path / "a-file"
    file.write_text("x")
    assert_one_line(run("demo", "--no-serve", "--data", str(file)), "not a folder")
    assert file.read_text() == "x"


def test_the_demo_folder_is_made_marked_and_emptied_only_when_marked(tmp_path: Path) -> None:
    fresh, empty = tmp_path / "new" / "demo", tmp_path / "empty"
    empty.mkdir()
    for folder in (fresh, empty):
        demo_folder(folder)
        assert [p.name for p in folder.iterdir()] == [DEMO_MARKER]
    (fresh / "archive").mkdir()
    (fresh / "archive" / "catalog.db").write_text("an earlier demo's archive")
    demo_folder(fresh)
    assert [p.name for p in fresh.iterdir()] == [DEMO_MARKER]
    with pytest.raises(UserError, match="cannot prepare"):
        demo_folder(Path("/proc/nianbao-demo"))


def test_demo_with_a_busy_port_stops_before_touching_anything(tmp_path: Path, busy_port: int) -> None:
    assert_one_line(run("demo", "--data", str(tmp_path / "demo"), "--port", str(busy_port)), "already in use")
    assert not (tmp_path / "demo").exists()


@pytest.mark.parametrize("port", ["0", "70000", "-1"])
def test_serve_rejects_a_port_out_of_range(tmp_path: Path, port: str) -> None:
    Layout(tmp_path).db_path.write_bytes(b"")
    assert_one_line(run("serve", "--data", str(tmp_path), "--port", port), "out of range")


def test_serve_rejects_a_busy_port(tmp_path: Path, busy_port: int) -> None:
    Layout(tmp_path).db_path.write_bytes(b"")
    assert_one_line(run("serve", "--data", str(tmp_path), "--port", str(busy_port)), f"port {busy_port}", "in use")


@pytest.mark.parametrize("command", ["serve", "build", "verify"])
def test_a_missing_data_folder_is_one_line_and_stays_missing(tmp_path: Path, command: str) -> None:
    missing = tmp_path / "no-such-folder"
    assert_one_line(run(command, "--data", str(missing)), str(missing))
    assert not missing.exists()


def test_build_names_a_folder_without_an_archive(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not an archive")
    assert_one_line(run("build", "--data", str(tmp_path)), "no archive")
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_an_unwritable_folder_is_named() -> None:
    with pytest.raises(UserError, match="cannot write to /proc"):
        writable(Path("/proc"))


def test_portals_lists_without_creating_or_writing(tmp_path: Path) -> None:
    missing = tmp_path / "nothing"
    done = subprocess.run([str(NIANBAO), "portals", "--data", str(missing)], cwd=REPO, capture_output=True, text=True,
                          timeout=60, check=False)  # fmt: skip
    assert done.returncode == 0 and "never run" in done.stdout
    assert not missing.exists()
    open_catalog(Layout(tmp_path).catalog_path).conn.close()
    before = snapshot(tmp_path)
    done = subprocess.run([str(NIANBAO), "portals", "--data", str(tmp_path)], cwd=REPO, capture_output=True, text=True,
                          timeout=60, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert snapshot(tmp_path) == before
    assert not Database(Layout(tmp_path).catalog_path).table("portals").exists()
