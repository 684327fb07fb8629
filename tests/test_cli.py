"""The `nianbao` command as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main

SPEC_KEYS = ["source", "sha256", "title", "agency", "year", "template", "cells", "checks"]


def test_extract_prints_one_line_per_file_and_counts_the_failures(tmp_path: Path, seed_path: Path) -> None:
    garbage = tmp_path / "garbage.bin"
    garbage.write_bytes(bytes(range(128, 256)) * 40)
    result = CliRunner().invoke(main, ["extract", str(seed_path), str(tmp_path / "missing.html"), str(garbage), str(seed_path)])
    assert result.exit_code == 2
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 4
    obj = lines[0]
    assert list(obj) == SPEC_KEYS and lines[3] == obj
    assert list(obj["cells"][0]) == ["table", "row", "column", "raw", "value", "kind"]
    assert list(obj["checks"][0]) == ["rule", "table", "scope", "status", "left", "right", "delta", "blank_as_zero"]
    failing = [c for c in obj["checks"] if c["status"] == "fail"]
    assert {"rule": "row_total", "table": "applications", "scope": "new_received", "status": "fail",
            "left": 2, "right": 4, "delta": -2, "blank_as_zero": False} in failing  # fmt: skip
    assert lines[1] == {"source": str(tmp_path / "missing.html"), "error": "UnreadableDocument",
                        "message": "cannot read the file: No such file or directory"}  # fmt: skip
    assert lines[2]["source"] == str(garbage) and lines[2]["error"] == "UnreadableDocument"
    assert "missing.html" in result.stderr and "garbage.bin" in result.stderr


def test_extract_detail_adds_provenance(seed_path: Path) -> None:
    result = CliRunner().invoke(main, ["extract", "--detail", str(seed_path)])
    obj = json.loads(result.stdout)
    assert obj["parser_version"].startswith("nianbao-pipeline/") and obj["format"] == "text"
    fees = next(c for c in obj["cells"] if c["row"] == "fees")
    assert fees["unit"] == "万元" and fees["row_label"] == "行政事业性收费"


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_has_help(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert main.commands[command].help, f"{command} has no help text"
