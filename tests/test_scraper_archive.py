"""What a crawl leaves on disk: verifiable WARC 1.1 with sha256 digests, blobs that re-hash, one row per exchange."""

from __future__ import annotations

import base64
import gzip
import hashlib
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.blobs import BlobStore
from archive.layout import Layout
from scraper.sample_portal import serve_sample_portal
from tests.scraper_harness import LIST_PATH, catalog, count, run_crawl, warc_files, warcio_check


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("data")
    with serve_sample_portal() as base:
        assert run_crawl(data, base + LIST_PATH).returncode == 0
        assert run_crawl(data, base + LIST_PATH).returncode == 0  # a second run, a second series
    return data


def sha256_b32(data: bytes) -> str:
    return "sha256:" + base64.b32encode(hashlib.sha256(data).digest()).decode()


def test_warcio_check_passes(data: Path) -> None:
    files = warc_files(data)
    assert len(files) == 2  # one series per run
    assert warcio_check(files) == 0


def test_warcio_check_catches_a_flipped_byte(data: Path, tmp_path: Path) -> None:
    raw = bytearray(warc_files(data)[0].read_bytes())
    broken = tmp_path / "broken.warc"
    # Corrupt the uncompressed form so the damage reaches a record body, not just the gzip layer.
    body = bytearray(gzip.decompress(bytes(raw)))
    at = body.index(b"<title>") + 8
    body[at] ^= 0x01
    broken.write_bytes(bytes(body))
    assert warcio_check([broken]) != 0


def test_each_file_opens_with_warcinfo_and_pairs_every_fetch(data: Path) -> None:
    db = catalog(data)
    for path in warc_files(data):
        with path.open("rb") as f:
            records = list((r.rec_type, dict(r.rec_headers.headers)) for r in ArchiveIterator(f))
        assert records[0][0] == "warcinfo"
        responses = [h for kind, h in records if kind == "response"]
        requests = [h for kind, h in records if kind == "request"]
        assert len(responses) == len(requests) == count(db, "select count(*) n from fetches where warc_file = ?",
                                                        [path.name])
        assert {h["WARC-Concurrent-To"] for h in requests} == {h["WARC-Record-ID"] for h in responses}
        assert all(h["WARC-Block-Digest"].startswith("sha256:") for h in responses + requests)
        assert all(h["WARC-IP-Address"] == "127.0.0.1" for h in responses)


def test_fetch_rows_point_at_their_response_records(data: Path) -> None:
    blobs = BlobStore(Layout(data).blobs_dir)
    for row in catalog(data).query("select * from fetches"):
        path = Layout(data).warc_dir / row["warc_file"]
        with path.open("rb") as f:
            f.seek(row["warc_offset"])
            record = next(iter(ArchiveIterator(f)))
            payload = record.content_stream().read()
        assert record.rec_type == "response"
        assert record.rec_headers.get_header("WARC-Target-URI") == row["final_url"]
        assert record.http_headers.get_statuscode() == str(row["status"])
        if row["status"] == 200:
            assert record.rec_headers.get_header("WARC-Payload-Digest") == sha256_b32(blobs.get(row["sha256"]))
            assert payload == blobs.get(row["sha256"])


def test_every_blob_rehashes_to_its_name(data: Path) -> None:
    blobs = BlobStore(Layout(data).blobs_dir)
    results = list(blobs.verify())
    assert results and all(ok for _, ok in results)
    held = {row["sha256"] for row in catalog(data).query("select sha256 from fetches")}
    assert set(blobs) <= held | {hashlib.sha256(b"").hexdigest()}
