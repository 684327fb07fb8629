"""The crawl catalogue: which documents the archive holds and where each was found.

It is the archive's own record (never rebuilt); the published database is derived from it
and the blob store by `nianbao build`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

catalog_migrations = Migrations("nianbao-catalog")

ROLES = ("report", "attachment", "image", "list", "page")


@catalog_migrations()
def m001_documents_and_fetches(db: Database) -> None:
    db.table("documents").create(
        {
            "sha256": str,
            "url": str,
            "portal": str,
            "role": str,
            "title": str,
            "agency": str,
            "report_year": int,
            "published_on": str,
            "parent_url": str,
            "content_type": str,
            "size": int,
            "first_seen_at": str,
            "last_seen_at": str,
        },
        pk="sha256",
    )
    db.table("documents").create_index(["portal"])
    db.table("documents").create_index(["role"])
    db.table("fetches").create(
        {
            "id": int,
            "url": str,
            "final_url": str,
            "portal": str,
            "status": int,
            "content_type": str,
            "headers": str,
            "fetched_at": str,
            "ip": str,
            "size": int,
            "sha256": str,
            "warc_file": str,
            "warc_offset": int,
        },
        pk="id",
    )
    db.table("fetches").create_index(["url"])
    db.table("fetches").create_index(["sha256"])


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def open_catalog(path: Path) -> Database:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = Database(path)
    db.execute("PRAGMA journal_mode=WAL")
    catalog_migrations.apply(db)
    return db


@dataclass(frozen=True)
class DocumentRecord:
    """What the crawl knows about one stored document (the spider's discovery, not parsing)."""

    sha256: str
    url: str
    portal: str
    role: str
    content_type: str | None = None
    size: int | None = None
    title: str | None = None
    agency: str | None = None
    report_year: int | None = None
    published_on: str | None = None
    parent_url: str | None = None


def record_document(db: Database, doc: DocumentRecord, seen_at: str | None = None) -> bool:
    """Add a document, or a new sighting of one already held. True when it is new."""
    if doc.role not in ROLES:
        raise ValueError(f"unknown document role {doc.role!r}")
    seen_at = seen_at or utc_now()
    table = db.table("documents")
    existing = list(table.rows_where("sha256 = ?", [doc.sha256]))
    if existing:
        table.update(doc.sha256, {"last_seen_at": seen_at})
        return False
    table.insert({**asdict(doc), "first_seen_at": seen_at, "last_seen_at": seen_at})
    return True


def record_fetch(db: Database, fetch: Mapping[str, object]) -> int:
    row = dict(fetch)
    if isinstance(row.get("headers"), Mapping):
        row["headers"] = json.dumps(row["headers"], ensure_ascii=False, sort_keys=True)
    row.setdefault("fetched_at", utc_now())
    return int(db.table("fetches").insert(row).last_pk or 0)


def document_record(row: Mapping[str, object]) -> DocumentRecord:
    return DocumentRecord(**{k: row[k] for k in DocumentRecord.__dataclass_fields__})  # type: ignore[arg-type]



# --- Crawl provenance, content versions and the crawl log (scraper helper, Part 2) ---

VERSION_OUTCOMES = ("new", "version", "unchanged", "sighting")


@catalog_migrations()
def m002_versions_and_crawl_log(db: Database) -> None:
    db.table("fetches").add_column("run_id", str)
    db.table("fetches").add_column("spider", str)
    db.table("fetches").add_column("method", str)
    db.table("fetches").add_column("request_fingerprint", str)
    db.table("fetches").add_column("normalised_sha256", str)
    db.table("fetches").add_column("warc_length", int)
    db.table("fetches").create_index(["final_url"])
    db.table("fetches").create_index(["run_id", "request_fingerprint"])
    db.table("documents").add_column("normalised_sha256", str)
    db.table("documents").add_column("previous_sha256", str)
    db.table("documents").create_index(["url"])
    db.table("crawl_log").create(
        {
            "id": int,
            "run_id": str,
            "spider": str,
            "portal": str,
            "event": str,
            "host": str,
            "url": str,
            "status": int,
            "detail": str,
            "at": str,
        },
        pk="id",
    )
    db.table("crawl_log").create_index(["run_id", "event"])
    db.table("crawl_log").create_index(["host"])


def record_version(
    db: Database, doc: DocumentRecord, normalised_sha256: str, seen_at: str | None = None
) -> str:
    """Catalogue a document, deciding on the normalised hash whether it is a new version.

    "new": first document at this URL; "version": the URL's content changed; "unchanged": new
    bytes whose normalised form equals the URL's latest version (only volatile bits moved), kept
    as a sighting of that version; "sighting": these exact bytes are already held.
    """
    seen_at = seen_at or utc_now()
    table = db.table("documents")
    if list(table.rows_where("sha256 = ?", [doc.sha256], select="sha256")):
        table.update(doc.sha256, {"last_seen_at": seen_at})
        return "sighting"
    latest = next(
        iter(db.query(
            "select sha256, normalised_sha256 from documents where url = ? and role = ? "
            "order by first_seen_at desc, rowid desc limit 1",
            [doc.url, doc.role],
        )),
        None,
    )
    if latest is not None and latest["normalised_sha256"] == normalised_sha256:
        table.update(latest["sha256"], {"last_seen_at": seen_at})
        return "unchanged"
    record_document(db, doc, seen_at)
    table.update(doc.sha256, {
        "normalised_sha256": normalised_sha256,
        "previous_sha256": latest["sha256"] if latest is not None else None,
    })
    return "version" if latest is not None else "new"


# The detail of a smoke crawl's `started`/`resumed` event (scraper/smoke.py): not a full crawl.
SMOKE_RUN = "smoke"


def record_crawl_event(db: Database, event: Mapping[str, object]) -> int:
    row = dict(event)
    row.setdefault("at", utc_now())
    return int(db.table("crawl_log").insert(row).last_pk or 0)


@catalog_migrations()
def m003_rendered_fetches(db: Database) -> None:
    """A page read through a browser: its DOM is stored like a fetch, marked with the browser
    that built it (`rendered_by`) and the fetch of the response it was built from."""
    db.table("fetches").add_column("rendered_by", str)
    db.table("fetches").add_column("rendered_from", int)
