"""Pure parts of the scraper: the normalised hash, WARC tail repair, content decoding."""

from __future__ import annotations

import gzip
import hashlib
import zlib
from pathlib import Path

import pytest
from scrapy.http import Response

from scraper.archiving import UndecodableBody, decoded_body
from scraper.versions import normalised_sha256
from scraper.warc import gzip_member_ends, repair_tail

PAGE = (
    '<html><head><script>var t="2024-01-01 10:00:00";</script></head><body>'
    '<a href="/a.html;jsessionid=ABC123">报告</a><p>受理申请12件</p>'
    '<p>浏览次数：345</p><input type="hidden" name="csrf" value="x1"><span>2024-02-01 09:30:00</span>'
    "</body></html>"
)


@pytest.mark.parametrize(
    "variant",
    [
        PAGE.replace("2024-01-01 10:00:00", "2025-05-05 11:11:11"),
        PAGE.replace("ABC123", "ZZZ999"),
        PAGE.replace("345", "346"),
        PAGE.replace('value="x1"', 'value="y2"'),
        PAGE.replace("2024-02-01 09:30:00", "2024-02-02 10:31:01"),
        PAGE.replace("<p>", "<p>\n  "),
    ],
)
def test_volatile_changes_keep_the_normalised_hash(variant: str) -> None:
    assert normalised_sha256(variant.encode(), "text/html") == normalised_sha256(PAGE.encode(), "text/html")


@pytest.mark.parametrize("variant", [PAGE.replace("12件", "13件"), PAGE.replace("报告", "年报")])
def test_content_changes_change_the_normalised_hash(variant: str) -> None:
    assert normalised_sha256(variant.encode(), "text/html") != normalised_sha256(PAGE.encode(), "text/html")


def test_pdf_dates_and_ids_are_volatile() -> None:
    pdf = b"%PDF-1.4\n/CreationDate (D:20240101)\n/ID [<ab><cd>]\nBT (x) Tj ET"
    later = pdf.replace(b"20240101", b"20250202").replace(b"<ab><cd>", b"<ef><01>")
    assert normalised_sha256(pdf, "application/pdf") == normalised_sha256(later, "application/pdf")
    assert normalised_sha256(pdf, "application/pdf") != normalised_sha256(pdf.replace(b"(x)", b"(y)"), None)


def test_repair_cuts_a_torn_tail_back_to_the_committed_end(tmp_path: Path) -> None:
    members = [gzip.compress(f"record {i}\r\n".encode() * 50) for i in range(3)]
    path = tmp_path / "x.warc.gz"
    path.write_bytes(b"".join(members) + members[0][: len(members[0]) // 2])
    assert gzip_member_ends(path.read_bytes()) == [len(members[0]), len(members[0]) + len(members[1]),
                                                   sum(map(len, members))]
    committed = len(members[0]) + len(members[1])
    assert repair_tail(path, committed) > 0
    assert path.read_bytes() == members[0] + members[1]
    assert repair_tail(path, None) == len(members[1])  # nothing committed: keep only the warcinfo
    assert path.read_bytes() == members[0]


def response(body: bytes, coding: str) -> Response:
    return Response("http://127.0.0.1/x", body=body, headers={"Content-Encoding": coding} if coding else {})


@pytest.mark.parametrize(
    ("coding", "encode"),
    [("", lambda b: b), ("gzip", gzip.compress), ("deflate", zlib.compress),
     ("deflate", lambda b: zlib.compress(b)[2:-4])],
)
def test_content_codings_are_undone_for_the_blob(coding: str, encode: object) -> None:
    body = "报告正文".encode() * 100
    assert decoded_body(response(encode(body), coding), 1 << 20) == body  # type: ignore[operator]


def test_decoding_refuses_bombs_and_unknown_codings() -> None:
    with pytest.raises(UndecodableBody):
        decoded_body(response(gzip.compress(b"0" * 10_000), "gzip"), 1000)
    with pytest.raises(UndecodableBody):
        decoded_body(response(b"xx", "br"), 1000)


def test_warc_series_rotates_and_every_file_opens_with_warcinfo(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from scrapy import Request
    from warcio.archiveiterator import ArchiveIterator

    from scraper.warc import WarcSeries, exchange_bytes
    from tests.scraper_harness import warcio_check

    series = WarcSeries(tmp_path, "demo-run", {"software": "test"}, max_size=6000)
    locations = []
    for i in range(6):
        url = f"http://127.0.0.1/page-{i}.html"
        body = b"".join(hashlib.sha512(f"{i}-{j}".encode()).digest() for j in range(40))  # incompressible
        page = Response(url, status=200, body=body, headers={"Content-Type": "text/html; charset=utf-8"})
        locations.append(series.write(exchange_bytes(Request(url), page, datetime.now(UTC), "127.0.0.1")))
    series.close()
    files = series.files()
    assert len(files) > 1 and all(p.stat().st_size <= 6000 for p in files)
    assert warcio_check(files) == 0
    for path in files:
        with path.open("rb") as f:
            assert next(iter(ArchiveIterator(f))).rec_type == "warcinfo"
    for location in locations:
        with (tmp_path / location.file).open("rb") as f:
            f.seek(location.offset)
            record = next(iter(ArchiveIterator(f)))
            assert record.rec_type == "response"
            assert record.rec_headers.get_header("WARC-Payload-Digest").startswith("sha256:")
