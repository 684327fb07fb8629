"""WARC 1.1 capture of every exchange: one file series per spider run, sha256 digests, crash-safe tails."""

from __future__ import annotations

import io
import logging
import os
import zlib
from dataclasses import dataclass
from datetime import datetime
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.http import Response
from warcio.statusandheaders import StatusAndHeaders
from warcio.utils import Digester
from warcio.warcwriter import WARCWriter

logger = logging.getLogger(__name__)

# Scrapy hands over bodies already de-chunked, so the recorded headers must not promise chunks.
DROPPED_RESPONSE_HEADERS = {b"transfer-encoding"}


class Sha256WARCWriter(WARCWriter):  # type: ignore[misc]
    """warcio's writer with sha256 block and payload digests (its only hook for the algorithm)."""

    @staticmethod
    def _create_digester() -> Digester:
        return Digester("sha256")


@dataclass(frozen=True)
class WarcLocation:
    file: str
    offset: int
    length: int


def warc_date(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _header_pairs(headers: Any, dropped: set[bytes] = set()) -> list[tuple[str, str]]:
    return [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in headers.items()
        if name.lower() not in dropped
        for value in values
    ]


def exchange_bytes(request: Request, response: Response, moment: datetime, ip: str | None) -> bytes:
    return exchange_records(request, response, moment, ip)[0]


def exchange_records(request: Request, response: Response, moment: datetime, ip: str | None) -> tuple[bytes, str]:
    """A gzipped response record followed by its request record (the order Heritrix uses), and
    the response record's WARC-Record-ID (a rendering of the page refers to it)."""
    buffer = io.BytesIO()
    writer = Sha256WARCWriter(buffer, gzip=True, warc_version="1.1")
    reason = HTTPStatus(response.status).phrase if response.status in HTTPStatus._value2member_map_ else ""
    http_response = StatusAndHeaders(
        f"{response.status} {reason}".strip(),
        _header_pairs(response.headers, DROPPED_RESPONSE_HEADERS),
        protocol=response.protocol or "HTTP/1.1",
    )
    extra = {"WARC-Date": warc_date(moment)}
    if ip:
        extra["WARC-IP-Address"] = ip
    response_record = writer.create_warc_record(
        response.url, "response", payload=io.BytesIO(response.body), length=len(response.body),
        http_headers=http_response, warc_headers_dict=extra,
    )
    parts = urlsplit(request.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    request_headers = [("Host", parts.netloc), *_header_pairs(request.headers)]
    http_request = StatusAndHeaders(f"{request.method} {target} HTTP/1.1", request_headers, is_http_request=True)
    request_record = writer.create_warc_record(
        request.url, "request", payload=io.BytesIO(request.body), length=len(request.body),
        http_headers=http_request, warc_headers_dict={"WARC-Date": warc_date(moment)},
    )
    writer.write_request_response_pair(request_record, response_record)
    return buffer.getvalue(), str(response_record.rec_headers.get_header("WARC-Record-ID"))


def conversion_bytes(url: str, body: bytes, content_type: str, moment: datetime, refers_to: str | None,
                     renderer: str) -> bytes:
    """A `conversion` record: the DOM a browser built from an archived response (WARC 1.1 §6.7),
    pointing at that response's record when it was written in this run."""
    buffer = io.BytesIO()
    writer = Sha256WARCWriter(buffer, gzip=True, warc_version="1.1")
    headers = {"WARC-Date": warc_date(moment), "Nianbao-Rendered-By": renderer}
    if refers_to:
        headers["WARC-Refers-To"] = refers_to
    record = writer.create_warc_record(url, "conversion", payload=io.BytesIO(body), length=len(body),
                                       warc_content_type=content_type, warc_headers_dict=headers)
    writer.write_record(record)
    return buffer.getvalue()


def warcinfo_bytes(filename: str, info: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    writer = Sha256WARCWriter(buffer, gzip=True, warc_version="1.1")
    writer.write_record(writer.create_warcinfo_record(filename, info))
    return buffer.getvalue()


def gzip_member_ends(data: bytes, limit: int | None = None) -> list[int]:
    """Where each complete gzip member ends (the first `limit` of them); a torn tail starts after the last."""
    ends: list[int] = []
    start = 0
    while start < len(data) and (limit is None or len(ends) < limit):
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            inflater.decompress(data[start:])
        except zlib.error:
            break
        if not inflater.eof:
            break
        start = len(data) - len(inflater.unused_data)
        ends.append(start)
    return ends


def repair_tail(path: Path, committed: int | None) -> int:
    """Cut a WARC file back to where the last exchange the catalogue recorded ends (`committed`),
    or to its warcinfo record when none was recorded. Returns the number of bytes removed."""
    size = path.stat().st_size
    if committed is None:
        ends = gzip_member_ends(path.read_bytes(), limit=1)
        committed = ends[0] if ends else 0
    if committed == 0:
        # Killed before its warcinfo record was complete: the file never held anything.
        path.unlink()
        return size
    if committed < size:
        with path.open("r+b") as f:
            f.truncate(committed)
            os.fsync(f.fileno())
        logger.warning("cut %s back from %d to %d bytes (records of an interrupted run)", path.name, size, committed)
    return size - committed


class WarcSeries:
    """`<prefix>-00001.warc.gz`, `-00002`…: a process always starts a new file, so an earlier
    file is never appended to after a crash; a file is rotated past `max_size`."""

    def __init__(self, directory: Path, prefix: str, info: dict[str, str], max_size: int = 1 << 30) -> None:
        self.directory = directory
        self.prefix = prefix
        self.info = info
        self.max_size = max_size
        self.path: Path | None = None
        self.size = 0
        self.fd: int | None = None

    def files(self) -> list[Path]:
        return sorted(self.directory.glob(f"{self.prefix}-*.warc.gz"))

    def _open_next(self) -> None:
        self.close()
        self.directory.mkdir(parents=True, exist_ok=True)
        existing = self.files()
        number = int(existing[-1].name.removeprefix(f"{self.prefix}-")[:5]) + 1 if existing else 1
        self.path = self.directory / f"{self.prefix}-{number:05d}.warc.gz"
        self.fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o644)
        self.size = 0
        self._append(warcinfo_bytes(self.path.name, self.info))

    def _append(self, data: bytes) -> int:
        assert self.fd is not None
        offset = self.size
        # One write per record pair: a kill can only tear the tail, which repair_tail() cuts off.
        os.write(self.fd, data)
        os.fsync(self.fd)
        self.size += len(data)
        return offset

    def write(self, data: bytes) -> WarcLocation:
        if self.fd is None or self.size + len(data) > self.max_size:
            self._open_next()
        assert self.path is not None
        offset = self._append(data)
        return WarcLocation(self.path.name, offset, len(data))

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
