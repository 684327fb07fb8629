"""`make crawl`: every registered portal as its own process, a few at a time, each time-limited."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from archive.catalog import open_catalog, record_crawl_event
from archive.layout import Layout
from scraper.registry import Portal, load_portals
from scraper.smoke import PAGE_LIMIT
from scraper.status import write_portal_status

PROGRESS_EVERY = 15.0
GRACE = 30.0  # after SIGTERM Scrapy closes cleanly; past this it is killed (its frontier survives)


@dataclass
class Job:
    slug: str
    stats_path: Path
    log_path: Path
    proc: subprocess.Popen[bytes] | None = None
    started: float = 0.0
    started_at: str = ""
    stopping: float = 0.0
    outcome: str = ""
    counts: dict[str, int] = field(default_factory=dict)


def _command(job: Job, layout: Layout, settings: Sequence[str], spider_args: Sequence[str] = ()) -> list[str]:
    extra = [a for s in settings for a in ("-s", s)] + [x for a in spider_args for x in ("-a", a)]
    return [sys.executable, "-m", "scraper.crawl", job.slug, "--data", str(layout.root), "--stats-file", str(job.stats_path), *extra]


def _progress(layout: Layout, jobs: Sequence[Job]) -> str:
    catalog = open_catalog(layout.catalog_path)
    parts = []
    for job in jobs:
        row = next(iter(catalog.query(
            "select count(*) as n, sum(role = 'report') as reports from documents where portal = ? and first_seen_at >= ?",
            [job.slug, job.started_at])))  # fmt: skip
        fetched = next(iter(catalog.query("select count(*) as n from fetches where portal = ? and fetched_at >= ?",
                                          [job.slug, job.started_at])))["n"]  # fmt: skip
        parts.append(f"{job.slug}: {fetched} fetched, {row['n']} new documents ({row['reports'] or 0} reports), {time.monotonic() - job.started:.0f} s")
    return "; ".join(parts)


def _finish(job: Job, layout: Layout, code: int) -> None:
    stats = json.loads(job.stats_path.read_text()) if job.stats_path.exists() else {}
    job.counts = {k.removeprefix("nianbao/"): v for k, v in stats.items() if k.startswith("nianbao/") and isinstance(v, int)}
    job.outcome = job.outcome or ("ok" if code == 0 else f"failed (exit {code})")
    catalog = open_catalog(layout.catalog_path)
    run = next(iter(catalog.query("select run_id from crawl_log where portal = ? order by id desc limit 1", [job.slug])), None)
    record_crawl_event(catalog, {"run_id": run["run_id"] if run else None, "spider": job.slug, "portal": job.slug,
                                 "event": "exit", "status": code, "detail": None if code == 0 else job.outcome})  # fmt: skip


def run_all(layout: Layout, slugs: Sequence[str], jobs: int, timeout: float, settings: Sequence[str],
            spider_args: Sequence[str] = ()) -> list[Job]:  # fmt: skip
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    # Migrated once here, not by several crawls at once racing for the write lock.
    open_catalog(layout.catalog_path)
    (layout.state_dir / "stats").mkdir(parents=True, exist_ok=True)
    (layout.state_dir / "logs").mkdir(parents=True, exist_ok=True)
    queue = [Job(s, layout.state_dir / "stats" / f"{s}-{stamp}.json", layout.state_dir / "logs" / f"{s}-{stamp}.log") for s in slugs]
    pending, running, done = list(reversed(queue)), [], []
    last_report = time.monotonic()
    while pending or running:
        while pending and len(running) < jobs:
            job = pending.pop()
            job.started, job.started_at = time.monotonic(), datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
            job.proc = subprocess.Popen(_command(job, layout, settings, spider_args), stdout=job.log_path.open("wb"), stderr=subprocess.STDOUT)
            print(f"started {job.slug} (log: {job.log_path})", flush=True)
            running.append(job)
        time.sleep(0.5)
        for job in list(running):
            assert job.proc is not None
            elapsed = time.monotonic() - job.started
            if job.proc.poll() is None:
                if elapsed > timeout and not job.stopping:
                    job.outcome, job.stopping = f"timed out after {timeout:g} s", time.monotonic()
                    job.proc.terminate()
                elif job.stopping and time.monotonic() - job.stopping > GRACE:
                    job.proc.kill()
                continue
            _finish(job, layout, job.proc.returncode)
            running.remove(job)
            done.append(job)
            print(f"finished {job.slug}: {job.outcome}; {job.counts.get('documents/found', 0)} documents found, "
                  f"{job.counts.get('documents/stored', 0)} stored, {elapsed:.0f} s", flush=True)  # fmt: skip
        if running and time.monotonic() - last_report > PROGRESS_EVERY:
            print(_progress(layout, running), flush=True)
            last_report = time.monotonic()
    return done


def registry_field(portal: Portal, name: str) -> str | None:
    """`list_protocol`, `confidence`: registry fields once they exist, options until then."""
    value = getattr(portal, name, None) or portal.options.get(name)
    return str(value) if value else None


def smoke_result(layout: Layout, job: Job, portal: Portal) -> dict[str, Any]:
    """What a smoke crawl of one portal reached: its first list's rows and first report's documents."""
    stats = json.loads(job.stats_path.read_text()) if job.stats_path.exists() else {}
    report_url = stats.get("nianbao/smoke/report_url")
    documents = []
    if report_url:
        documents = list(open_catalog(layout.catalog_path).query(
            "select sha256, url, role, content_type from documents where portal = ? and (url = ? or parent_url = ?) "
            "and last_seen_at >= ? order by role desc, url", [portal.slug, report_url, report_url, job.started_at]))  # fmt: skip
    return {
        "portal": portal.slug, "protocol": registry_field(portal, "list_protocol") or portal.family,
        "confidence": registry_field(portal, "confidence"), "outcome": job.outcome,
        "finish_reason": stats.get("finish_reason"), "list_url": stats.get("nianbao/smoke/list_url"),
        "rows": stats.get("nianbao/smoke/rows"), "report_url": report_url,
        "report_title": stats.get("nianbao/smoke/report_title"), "documents": documents,
        "blocked": sorted(k.removeprefix("nianbao/blocked/") for k in stats if k.startswith("nianbao/blocked/")),
    }  # fmt: skip


def smoke_line(result: dict[str, Any]) -> str:
    rows = "no list" if result["rows"] is None else f"{result['rows']} rows"
    if result["blocked"]:
        rows = f"blocked ({', '.join(result['blocked'])})"
    return (f"{result['portal']:<14} {result['protocol']:<16} {result['confidence'] or '-':<3} {rows:<12} "
            f"{result['report_title'] or '(no report)'}")  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scraper.crawl_all", description="Crawl the registered portals.")
    parser.add_argument("portals", nargs="*", help="portal slugs (default: every registered portal)")
    parser.add_argument("--data", help="data directory (default: $NIANBAO_DATA or ./data)")
    parser.add_argument("--jobs", type=int, default=4, help="portals crawled at once (each host still gets one request at a time)")
    parser.add_argument("--timeout", type=float, default=None, help="seconds allowed per portal (default 3 h; 10 min with --smoke)")
    parser.add_argument("--smoke", action="store_true",
                        help="live check: each portal only as far as its first list page and first report")
    parser.add_argument("--smoke-json", metavar="PATH", help="with --smoke, also write one JSON object per portal to PATH")
    parser.add_argument("-s", dest="settings", action="append", default=[], metavar="KEY=VALUE", help="Scrapy setting for every crawl")
    parser.add_argument("-a", dest="spider_args", action="append", default=[], metavar="KEY=VALUE",
                        help="spider argument for every crawl (e.g. base_url= to crawl a local copy)")
    args = parser.parse_args(argv)
    registry = load_portals()
    unknown = [s for s in args.portals if s not in registry]
    if unknown:
        parser.error(f"unknown portal(s): {', '.join(unknown)}; known: {', '.join(registry)}")
    layout = Layout.from_env(args.data)
    settings = [*args.settings, *(["NIANBAO_SMOKE=1", f"CLOSESPIDER_PAGECOUNT={PAGE_LIMIT}"] if args.smoke else [])]
    timeout = args.timeout or (600.0 if args.smoke else 3 * 3600.0)
    done = run_all(layout, args.portals or list(registry), args.jobs, timeout, settings, args.spider_args)
    if args.smoke:
        results = [smoke_result(layout, job, registry[job.slug]) for job in done]
        if args.smoke_json:
            # `nianbao crawl --smoke` prints the table itself, with the tables each report holds.
            Path(args.smoke_json).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in results))
        else:
            print(f"\n{'portal':<14} {'protocol':<16} {'cf':<3} {'first list':<12} first report")
            for result in results:
                print(smoke_line(result))
        return 0 if all(j.outcome == "ok" for j in done) else 1
    statuses = {r["slug"]: r for r in write_portal_status(open_catalog(layout.catalog_path))}
    print(f"\n{'portal':<14} {'outcome':<22} {'status':<10} {'found':>6} {'stored':>6}")
    for job in done:
        print(f"{job.slug:<14} {job.outcome:<22} {statuses[job.slug]['status']:<10} "
              f"{job.counts.get('documents/found', 0):>6} {job.counts.get('documents/stored', 0):>6}")  # fmt: skip
    return 0 if all(j.outcome == "ok" for j in done) else 1


if __name__ == "__main__":
    sys.exit(main())
