"""The hostile corpus through `nianbao extract` and `nianbao build`: each file ends in its named
reason within its limits, or in a correct extraction, and the batch around it completes."""

from __future__ import annotations

import functools
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from archive.blobs import BlobStore
from archive.catalog import DocumentRecord, open_catalog, record_document
from archive.layout import Layout
from pipeline.cli import extraction_json
from pipeline.extract import extract_document
from tests.hostile_corpus import CASES, LIMITS, good_html, write_corpus

NIANBAO = str(Path(sys.executable).with_name("nianbao"))
EXPECTED = {case.name: case.outcome for case in CASES}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write_corpus(tmp_path_factory.mktemp("hostile"))


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, "NIANBAO_LIMITS": LIMITS, **extra}


def _cells(obj: dict[str, object]) -> list[str]:
    return sorted(json.dumps(c, sort_keys=True) for c in obj["cells"])  # type: ignore[attr-defined]


def test_every_hostile_file_through_extract(corpus: list[Path]) -> None:
    run = subprocess.run([NIANBAO, "extract", "--jobs", "2", *map(str, corpus)], capture_output=True, text=True, env=_env(), timeout=120)
    lines = [json.loads(line) for line in run.stdout.splitlines()]
    assert [line["source"] for line in lines] == [str(p) for p in corpus]
    reference = _cells(extraction_json(extract_document(good_html().encode(), "good.html")))
    for path, line in zip(corpus, lines):
        expected = EXPECTED.get(path.name, "ok")
        assert line.get("error", "ok") == expected, (path.name, line.get("message"))
        if "error" in line:
            assert list(line) == ["source", "error", "message"]
            assert "\n" not in line["message"] and "Traceback" not in line["message"] and "/tmp" not in line["message"]
        elif path.name in EXPECTED:
            # A mislabelled charset is read right, and a truncated page gives only cells it prints.
            cells = _cells(line)
            assert set(cells) <= set(reference) and (cells == reference or "truncated" in path.name)
        else:
            assert line == _in_process(path)
    failed = sum(1 for line in lines if "error" in line)
    assert failed == sum(1 for outcome in EXPECTED.values() if outcome != "ok") and run.returncode == failed


@functools.cache
def _in_process(path: Path) -> dict[str, object]:
    return extraction_json(extract_document(path.read_bytes(), str(path)))


def test_every_hostile_file_through_build(corpus: list[Path], tmp_path: Path) -> None:
    layout = Layout(tmp_path / "data")
    blobs, catalog = BlobStore(layout.blobs_dir), open_catalog(layout.catalog_path)
    urls = {}
    for path in dict.fromkeys(corpus):
        sha = blobs.put(path.read_bytes())
        urls[sha] = f"http://127.0.0.1/{path.name}"
        record_document(catalog, DocumentRecord(sha, urls[sha], "hostile", "report", None, path.stat().st_size))
    run = subprocess.run([NIANBAO, "build", "--data", str(layout.root), "--jobs", "2"], capture_output=True, text=True, env=_env(), timeout=120)
    assert run.returncode == 0, run.stderr
    con = sqlite3.connect(layout.db_path)
    failures = {url.rsplit("/", 1)[1]: (error, message) for url, error, message in con.execute("select source_url, error, message from failures")}
    reports = {url.rsplit("/", 1)[1] for (url,) in con.execute("select source_url from reports")}
    for name, outcome in EXPECTED.items():
        if outcome == "ok":
            assert name in reports and name not in failures
        else:
            assert failures[name][0] == outcome, (name, failures[name])
            assert "\n" not in failures[name][1] and "/tmp" not in failures[name][1]
    assert {"blank-total-column.html", "docx-merged-cells.docx", "table-split-inside-group.pdf"} <= reports


def test_memory_beyond_the_cap_is_too_large(tmp_path: Path) -> None:
    """With the stream guard lifted, the address-space cap still stops an inflating bomb."""
    from tests.hostile_corpus import MB, one_page, pdf, stream

    packer = __import__("zlib").compressobj(9)
    packed = b"".join(packer.compress(b" " * MB) for _ in range(128)) + packer.flush()
    bomb = tmp_path / "flate-bomb-128mb.pdf"
    bomb.write_bytes(pdf(*one_page(stream(packed, b"/Filter /FlateDecode"))))
    limits = LIMITS + ",stream_mb=4000,memory_mb=60"
    run = subprocess.run([NIANBAO, "extract", str(bomb)], capture_output=True, text=True, env=_env(NIANBAO_LIMITS=limits), timeout=60)
    assert run.returncode == 1
    line = json.loads(run.stdout)
    assert (line["error"], line["message"]) == ("TooLarge", "extraction needed more than 60 MB of memory")
