"""`nianbao release`: a versioned bundle of the database, CSVs of report_figures and cells, the WARCs
packed as WACZ and a README with the methodology and a sha256 manifest, wrapped as a BagIt bag."""

from __future__ import annotations

import contextlib
import csv
import io
import logging
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import bagit

from archive.blobs import sha256_hex
from archive.datasette.edition import Edition, edition_from_row
from archive.layout import Layout
from archive.readonly import open_readonly
from archive.release_readme import Entry, methodology_markdown, readme

logger = logging.getLogger(__name__)

CSV_TABLES = {
    "report_figures.csv": ("select * from report_figures order by year, agency, sha256",
                           "one row per report (copies left out) with its main figures"),
    "cells.csv": ("select r.sha256, r.title, r.year, c.* from cells as c join reports as r on r.id = c.report_id "
                  "order by c.report_id, c.seq", "every printed cell of every report, with its SHA-256, title and year"),
}  # fmt: skip


class ReleaseExists(FileExistsError):
    """A release of this version is already in the output folder; releases are never overwritten."""


def read_edition(db_path: Path) -> Edition:
    with closing(open_readonly(db_path)) as conn:
        conn.row_factory = sqlite3.Row
        row = conn.execute("select id, finished_at, started_at, parser_version from runs order by id desc limit 1")
        found = row.fetchone()
    return edition_from_row(dict(found) if found else None)


def write_csv(db_path: Path, sql: str, path: Path) -> None:
    with closing(open_readonly(db_path)) as conn, path.open("w", encoding="utf-8-sig", newline="") as f:
        cursor = conn.execute(sql)
        writer = csv.writer(f)
        writer.writerow([d[0] for d in cursor.description])
        for row in cursor:
            writer.writerow(row)


def pack_wacz(warcs: list[Path], path: Path) -> None:
    from wacz.main import main as wacz_main

    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        status = wacz_main(["create", "-o", str(path), *map(str, warcs)])
    logger.debug("wacz: %s", output.getvalue())
    if status != 0:
        raise RuntimeError(f"wacz create failed ({status}): {output.getvalue()[-500:]}")


def _entry(path: Path, about: str) -> Entry:
    return Entry(path.name, path.stat().st_size, sha256_hex(path.read_bytes()), about)


def make_release(layout: Layout, out_dir: Path) -> Path:
    """Write the bag out_dir/nianbao-<version>/ and return its path."""
    edition = read_edition(layout.db_path)
    bag = out_dir / f"nianbao-{edition.version}"
    if bag.exists():
        raise ReleaseExists(f"{bag} exists; a release is never overwritten")
    bag.mkdir(parents=True)
    shutil.copyfile(layout.db_path, bag / "nianbao.db")
    entries = [_entry(bag / "nianbao.db", "the SQLite database, with its column descriptions (columns, codes)")]
    for name, (sql, about) in CSV_TABLES.items():
        write_csv(layout.db_path, sql, bag / name)
        entries.append(_entry(bag / name, about))
    warcs = sorted(layout.warc_dir.glob("*.warc.gz")) if layout.warc_dir.is_dir() else []
    if warcs:
        pack_wacz(warcs, bag / "archive.wacz")
        entries.append(_entry(bag / "archive.wacz", f"every HTTP exchange of the crawls: {len(warcs)} WARC files as WACZ"))
    text = readme(edition.version, edition.built_at, entries, methodology_markdown(layout))
    (bag / "README.md").write_text(text, encoding="utf-8")
    bagit.make_bag(str(bag), {"Source-Organization": "nianbao", "External-Identifier": f"nianbao-{edition.version}",
                              "External-Description": "Government information disclosure annual reports: originals and tables"},
                   checksums=["sha256"])  # fmt: skip
    return bag
