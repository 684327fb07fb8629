"""`nianbao verify`: 0 problems on a crawled archive, and each tampered file named."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive.blobs import BlobStore
from archive.layout import Layout
from pipeline.cli import main
from scraper.sample_portal import serve_sample_portal
from tests.scraper_harness import CMS_LIST_PATH, catalog, run_crawl


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample CMS column: list pages, report pages and a PDF attachment."""
    data = tmp_path_factory.mktemp("verify") / "data"
    with serve_sample_portal() as base:
        result = run_crawl(data, base + CMS_LIST_PATH, spider="sample_portal_cms")
    assert result.returncode == 0, result.stderr
    return data


@pytest.fixture
def data(crawled: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(crawled, tmp_path / "data"))


def verify(data: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["verify", "--data", str(data)])
    return result.exit_code, result.output.splitlines()


def flip_byte(path: Path, offset: int) -> None:
    content = bytearray(path.read_bytes())
    content[offset] ^= 0x55
    path.write_bytes(bytes(content))


def snapshot(root: Path) -> dict[str, float]:
    return {str(p): p.stat().st_mtime for p in root.rglob("*")}


def test_a_clean_archive_has_no_problems_and_is_left_untouched(data: Path) -> None:
    before = snapshot(data)
    code, lines = verify(data)
    assert (code, lines[-1]) == (0, "0 problems"), lines
    assert lines[0].startswith("checked ") and " 0 blobs" not in lines[0] and " 0 WARC files" not in lines[0]
    assert snapshot(data) == before


def test_a_flipped_byte_in_a_blob_names_the_blob(data: Path) -> None:
    store = BlobStore(Layout(data).blobs_dir)
    name = sorted(store)[0]
    flip_byte(store.path(name), 10)
    code, lines = verify(data)
    assert code == 1 and lines[-1] == "1 problem"
    assert lines[0].startswith(f"archive/blobs/{name[:2]}/{name[2:4]}/{name}: content hashes to ")


def test_a_flipped_byte_in_a_warc_names_the_warc(data: Path) -> None:
    row = next(iter(catalog(data).query("select warc_file, warc_offset from fetches order by size desc limit 1")))
    flip_byte(Layout(data).warc_dir / row["warc_file"], row["warc_offset"] + 15)
    code, lines = verify(data)
    assert code == 1
    assert any(line.startswith(f"archive/warc/{row['warc_file']}: ") for line in lines[:-2]), lines


def test_missing_and_unnamed_blobs_are_both_named(data: Path) -> None:
    store = BlobStore(Layout(data).blobs_dir)
    gone = sorted(store)[-1]
    store.path(gone).unlink()
    stray = store.put(b"bytes no crawl stored")
    code, lines = verify(data)
    assert code == 1
    assert any(line.startswith(f"archive/blobs/{gone[:2]}/{gone[2:4]}/{gone}: missing: archive/catalog.db") for line in lines)
    assert f"archive/blobs/{stray[:2]}/{stray[2:4]}/{stray}: not named in archive/catalog.db" in lines


def test_a_fetch_pointing_off_its_record_is_named(data: Path) -> None:
    conn = sqlite3.connect(Layout(data).catalog_path)
    with conn:
        fetch_id, warc_file = conn.execute("select id, warc_file from fetches order by id desc limit 1").fetchone()
        conn.execute("update fetches set warc_offset = warc_offset + 1 where id = ?", [fetch_id])
    conn.close()
    code, lines = verify(data)
    assert code == 1 and lines[-1] == "1 problem"
    assert lines[0].startswith(f"archive/warc/{warc_file}: no response record for ") and f"fetch {fetch_id} " in lines[0]


def test_no_archive_is_one_clear_line_and_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "nothing-here"
    result = CliRunner().invoke(main, ["verify", "--data", str(missing)])
    assert result.exit_code != 0 and result.output.count("\n") == 1 and "nothing to verify" in result.output
    assert not missing.exists()
