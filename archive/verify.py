"""`nianbao verify`: every blob still hashes to its name, every WARC reads and checks, and the
catalogue and the store agree. Reads only; names each damaged or missing file."""

from __future__ import annotations

import hashlib
import re
import sqlite3
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeadersParserException

from archive.blobs import BlobStore
from archive.layout import Layout
from archive.readonly import open_readonly

_SHA256 = re.compile(r"[0-9a-f]{64}")
# What a damaged gzip member or WARC header raises inside warcio.
DAMAGE = (ArchiveLoadFailed, StatusAndHeadersParserException, zlib.error, EOFError, ValueError, OSError)


@dataclass(frozen=True)
class Problem:
    path: str  # the damaged or missing file, relative to the data directory
    detail: str

    def __str__(self) -> str:
        return f"{self.path}: {self.detail}"


@dataclass(frozen=True)
class WarcRecord:
    kind: str
    uri: str | None


@dataclass
class Report:
    blobs: int = 0
    warcs: int = 0
    records: int = 0
    fetches: int = 0
    documents: int = 0
    problems: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        return (f"checked {self.blobs} blobs, {self.warcs} WARC files ({self.records} records), "
                f"{self.documents} documents, {self.fetches} fetches")  # fmt: skip


class NoArchive(FileNotFoundError):
    """The data directory holds no archive to verify."""


def printable(exc: BaseException, width: int = 120) -> str:
    """An exception as one short printable line (warcio quotes the damaged bytes it met)."""
    first = (str(exc).splitlines() or [""])[0]
    text = "".join(c if c.isascii() and c.isprintable() else "?" for c in first)
    return f"{type(exc).__name__}: {text[:width]}"


def file_sha256(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def check_blobs(layout: Layout, report: Report) -> set[str]:
    """Re-hash every file in the blob store; returns the names of the blobs found."""
    store, found = BlobStore(layout.blobs_dir), set()
    for path in sorted(p for p in layout.blobs_dir.rglob("*") if p.is_file() and not p.name.startswith(".tmp-")):
        where = str(path.relative_to(layout.root))
        report.blobs += 1
        if not _SHA256.fullmatch(path.name) or path != store.path(path.name):
            report.problems.append(Problem(where, "not where a blob of that name belongs"))
            continue
        found.add(path.name)
        if (actual := file_sha256(path)) != path.name:
            report.problems.append(Problem(where, f"content hashes to {actual}, not to its name"))
    return found


def scan_warc(path: Path, root: Path, report: Report) -> dict[int, WarcRecord]:
    """Read every record (digests checked); the records by offset."""
    records: dict[int, WarcRecord] = {}
    where = str(path.relative_to(root))
    try:
        with path.open("rb") as stream:
            iterator = ArchiveIterator(stream, check_digests=True)
            for record in iterator:
                content = record.content_stream()
                while content.read(1 << 20):
                    pass
                offset = iterator.get_record_offset()
                records[offset] = WarcRecord(record.rec_type, record.rec_headers.get_header("WARC-Target-URI"))
                report.records += 1
                if record.digest_checker.passed is False:
                    problems = "; ".join(record.digest_checker.problems)
                    report.problems.append(Problem(where, f"record at offset {offset}: {problems}"))
    except DAMAGE as exc:
        report.problems.append(Problem(where, f"unreadable after {len(records)} records: {printable(exc)}"))
    return records


def check_blob_references(layout: Layout, conn: sqlite3.Connection, blobs: set[str], report: Report) -> None:
    """Every sha256 the catalogue names has a blob, and every blob is named."""
    store = BlobStore(layout.blobs_dir)
    catalog = str(layout.catalog_path.relative_to(layout.root))
    referenced: set[str] = set()
    for table in ("documents", "fetches"):
        for sha256, url in conn.execute(f"select sha256, url from {table} where sha256 is not null"):
            referenced.add(sha256)
            if sha256 not in blobs:
                where = str(store.path(sha256).relative_to(layout.root))
                report.problems.append(Problem(where, f"missing: {catalog} {table} row for {url} names it"))
    report.documents = conn.execute("select count(*) from documents").fetchone()[0]
    for name in sorted(blobs - referenced):
        report.problems.append(Problem(str(store.path(name).relative_to(layout.root)), f"not named in {catalog}"))


def check_fetch_records(layout: Layout, conn: sqlite3.Connection, warcs: dict[str, dict[int, WarcRecord]],
                        report: Report) -> None:  # fmt: skip
    """Each fetch's WARC location starts its response record and ends where the exchange ends."""
    catalog = str(layout.catalog_path.relative_to(layout.root))
    query = "select id, url, final_url, warc_file, warc_offset, warc_length from fetches where warc_file is not null"
    for fetch_id, url, final_url, warc_file, offset, length in conn.execute(query):
        report.fetches += 1
        where = str((layout.warc_dir / warc_file).relative_to(layout.root))
        records = warcs.get(warc_file)
        if records is None:
            report.problems.append(Problem(where, f"missing: {catalog} fetch {fetch_id} ({url}) points into it"))
            continue
        record = records.get(offset)
        ends = set(records) | {(layout.warc_dir / warc_file).stat().st_size}
        if record is None or record.kind != "response" or record.uri not in (final_url, url) or offset + length not in ends:
            report.problems.append(Problem(where, f"no response record for {final_url or url} at offset {offset} "
                                                  f"(+{length}) where {catalog} fetch {fetch_id} points"))  # fmt: skip


def verify_archive(layout: Layout) -> Report:
    """Check the whole archive under a data directory; raises NoArchive when there is none."""
    if not layout.catalog_path.is_file():
        raise NoArchive(f"no archive catalogue at {layout.catalog_path}")
    report = Report()
    blobs = check_blobs(layout, report) if layout.blobs_dir.is_dir() else set()
    warcs: dict[str, dict[int, WarcRecord]] = {}
    for path in sorted(layout.warc_dir.glob("*.warc.gz")) if layout.warc_dir.is_dir() else []:
        report.warcs += 1
        warcs[path.name] = scan_warc(path, layout.root, report)
    conn = open_readonly(layout.catalog_path)
    try:
        check_blob_references(layout, conn, blobs, report)
        check_fetch_records(layout, conn, warcs, report)
    finally:
        conn.close()
    return report
