"""The catalogue's tables as published: portals and their status, every HTTP exchange, crawl events."""

from __future__ import annotations

from sqlite_utils import Database


def m003_portals(db: Database) -> None:
    """The crawl status of every registered portal, copied from the catalogue by each build."""
    db.table("portals").create(
        {
            "slug": str, "name": str, "division_code": str, "level": str, "family": str, "start_url": str,
            "status": str, "detail": str, "last_run_at": str, "blocked_hosts": str, "documents": int,
            "reports": int, "latest_report_year": int, "verified": str,
        },
        pk="slug",
    )  # fmt: skip
    db.table("portals").create_index(["status"])


def m005_crawl_provenance(db: Database) -> None:
    """The catalogue's record of every HTTP exchange and crawl event, published as is."""
    db.table("fetches").create(
        {
            "id": int, "url": str, "final_url": str, "portal": str, "spider": str, "run_id": str, "method": str,
            "status": int, "content_type": str, "headers": str, "fetched_at": str, "ip": str, "size": int,
            "sha256": str, "normalised_sha256": str, "warc_file": str, "warc_offset": int, "warc_length": int,
            "request_fingerprint": str,
        },
        pk="id",
    )  # fmt: skip
    for cols in (["sha256"], ["portal"], ["status"]):
        db.table("fetches").create_index(cols)
    db.table("crawl_log").create(
        {"id": int, "run_id": str, "spider": str, "portal": str, "event": str, "host": str, "url": str,
         "status": int, "detail": str, "at": str},
        pk="id",
    )  # fmt: skip
    db.table("crawl_log").create_index(["event"])
    db.table("documents").add_column("normalised_sha256", str)
    db.table("documents").add_column("previous_sha256", str)


def m010_portal_protocols(db: Database) -> None:
    """How each portal's lists and reports are fetched, and how sure the registry is of it."""
    for column in ("list_protocol", "detail_protocol", "confidence", "live_check"):
        db.table("portals").add_column(column, str)


def m019_rendered_fetches(db: Database) -> None:
    """The catalogue's record of pages read through a browser (archive/catalog.py m003), published."""
    db.table("fetches").add_column("rendered_by", str)
    db.table("fetches").add_column("rendered_from", int)
