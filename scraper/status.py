"""Each registered portal's crawl status (ok, blocked, broken, stale, never run), from the catalogue.

The listing (`nianbao portals`) only reads: it creates no catalogue and writes no table; a crawl
refreshes the catalogue's `portals` table (write_portal_status)."""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlite_utils import Database

from archive.catalog import SMOKE_RUN, catalog_migrations
from archive.layout import Layout
from archive.readonly import open_readonly
from scraper.registry import Portal, load_portals

STALE_AFTER = timedelta(days=30)
STATUSES = ("ok", "blocked", "broken", "stale", "never run")


def _parse(at: str) -> datetime:
    return datetime.fromisoformat(at.replace("Z", "+00:00"))


def portal_status(catalog: Database, portal: Portal, now: datetime) -> dict[str, Any]:
    """A portal is `broken` when its last run did not finish cleanly or found no report at all:
    a portal that silently stops yielding reports is the failure researchers most need to see."""
    row: dict[str, Any] = {
        "slug": portal.slug, "name": portal.name, "division_code": portal.division_code, "level": portal.level,
        "family": portal.family, "start_url": portal.start_urls[0] if portal.start_urls else None,
        "verified": portal.verified, "list_protocol": portal.list_protocol,
        "detail_protocol": portal.detail_protocol, "confidence": portal.confidence, "live_check": portal.live_check,
    }  # fmt: skip
    counts = next(iter(catalog.query(
        "select sum(role = 'report') as reports, count(*) as documents, max(report_year) as latest_report_year "
        "from documents where portal = ?", [portal.slug])))  # fmt: skip
    row.update(reports=counts["reports"] or 0, documents=counts["documents"], latest_report_year=counts["latest_report_year"])
    run_id, smoke = _last_run(catalog, portal.slug)
    if run_id is None:
        return {**row, "status": "never run", "last_run_at": None, "blocked_hosts": None, "detail": None}
    events = list(catalog.query("select event, host, status, detail, at from crawl_log where run_id = ? and portal = ? order by id",
                                [run_id, portal.slug]))  # fmt: skip
    status = _run_status(row, events, now)
    if smoke:
        status["detail"] = f"smoke crawls only (first list page and first report){': ' + status['detail'] if status['detail'] else ''}"
    return status


def _last_run(catalog: Database, slug: str) -> tuple[str | None, bool]:
    """(run id, whether it was a smoke crawl): the last full crawl; the last smoke crawl only when
    there never was a full one, so a smoke check neither hides a broken crawl nor makes it fresh."""
    sql = ("select run_id, max(detail is ? and event in ('started', 'resumed')) as smoke from crawl_log "
           "where portal = ? group by run_id order by max(id) desc")  # fmt: skip
    runs = [(r["run_id"], bool(r["smoke"])) for r in catalog.query(sql, [SMOKE_RUN, slug])]
    return next((r for r in runs if not r[1]), runs[0] if runs else (None, False))


def _run_status(row: dict[str, Any], events: list[dict[str, Any]], now: datetime) -> dict[str, Any]:
    kinds = {e["event"] for e in events}
    blocked = sorted({e["host"] for e in events if e["event"] == "blocked" and e["host"]})
    exit_codes = [e["status"] for e in events if e["event"] == "exit"]
    row.update(last_run_at=events[0]["at"], blocked_hosts=", ".join(blocked) or None)
    if blocked:
        return {**row, "status": "blocked", "detail": "a JavaScript challenge (HTTP 412/521) stopped the host; not bypassed"}
    if "finished" not in kinds or any(code for code in exit_codes):
        detail = next((e["detail"] for e in reversed(events) if e["detail"] not in (None, SMOKE_RUN)), None)
        detail = detail or "the last run did not finish cleanly"
        return {**row, "status": "broken", "detail": detail}
    if not row["reports"]:
        return {**row, "status": "broken", "detail": "the crawl finished but found no report"}
    if now - _parse(events[-1]["at"]) > STALE_AFTER:
        return {**row, "status": "stale", "detail": f"last crawled more than {STALE_AFTER.days} days ago"}
    return {**row, "status": "ok", "detail": None}


def write_portal_status(catalog: Database, now: datetime | None = None) -> list[dict[str, Any]]:
    """Replace the catalogue's `portals` table; `nianbao build` copies it to the published database."""
    now = now or datetime.now(UTC)
    rows = [portal_status(catalog, p, now) for p in load_portals().values()]
    with catalog.atomic():
        if catalog.table("portals").exists():
            catalog.execute("delete from portals")
        catalog.table("portals").insert_all(rows, pk="slug", alter=True)
    return rows


def read_portal_status(layout: Layout, now: datetime | None = None) -> list[dict[str, Any]]:
    """Every portal's status, read without writing; without a catalogue every portal is `never run`."""
    if layout.catalog_path.is_file():
        catalog = Database(open_readonly(layout.catalog_path))
    else:
        catalog = Database(memory=True)
        catalog_migrations.apply(catalog)
    now = now or datetime.now(UTC)
    return [portal_status(catalog, p, now) for p in load_portals().values()]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scraper.status", description="List the registered portals and their last crawl status.")
    parser.add_argument("--data", help="data directory (default: $NIANBAO_DATA or ./data)")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `nianbao portals | head` ends quietly
    rows = read_portal_status(Layout.from_env(args.data))
    print(f"{'portal':<14} {'status':<10} {'list':<9} {'detail':<8} {'conf':<4} {'reports':>7} {'latest':>6}  {'last run':<21} name")
    for r in rows:
        print(f"{r['slug']:<14} {r['status']:<10} {r['list_protocol']:<9} {r['detail_protocol']:<8} {r['confidence']:<4} "
              f"{r['reports']:>7} {r['latest_report_year'] or '-':>6}  {r['last_run_at'] or '-':<21} {r['name']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
