"""The `nianbao` command: extract, build, serve, crawl and the offline demo."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click

from archive.blobs import BlobStore
from archive.layout import Layout
from archive.verify import NoArchive, verify_archive
from pipeline.cli_paths import UserError, check_port, demo_folder, existing_archive, writable
from pipeline.errors import ExtractionError
from pipeline.extract import extract_document
from pipeline.limits import Limits
from pipeline.interrupts import Interrupted
from pipeline.model import Extraction
from pipeline.pool import Failure, extract_files
from pipeline.runner import build as run_build
from pipeline.tables_found import describe, find_tables

CELL_KEYS = ("table", "row", "column", "raw", "value", "kind")
CHECK_KEYS = ("rule", "table", "scope", "status", "left", "right", "delta", "blank_as_zero")
DETAIL_CELL_KEYS = ("unit", "row_label", "column_label", "page", "bbox", "table_template", "source", "confidence")


def extraction_json(ex: Extraction, detail: bool = False) -> dict[str, Any]:
    """The spec's `extract` object; `detail` adds provenance fields beside the contract's keys."""
    cells = [asdict(c) for c in ex.cells]
    out: dict[str, Any] = {
        "source": ex.source, "sha256": ex.sha256, "title": ex.title, "agency": ex.agency,
        "year": ex.year, "template": ex.template,
        "cells": [{k: c[k] for k in CELL_KEYS + (DETAIL_CELL_KEYS if detail else ())} for c in cells],
        "checks": [{k: v for k, v in asdict(c).items() if k in CHECK_KEYS or detail} for c in ex.checks],
    }  # fmt: skip
    if detail:
        out.update(format=ex.format, pages=ex.pages, parser_version=ex.parser_version,
                   sections=list(ex.sections), warnings=list(ex.warnings),
                   extras=[asdict(e) for e in ex.extras],
                   legacy_figures=[asdict(f) for f in ex.legacy_figures])  # fmt: skip
    return out


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Log progress to stderr.")
def main(verbose: bool) -> None:
    """nianbao: an open archive of government information disclosure annual reports."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--detail", is_flag=True, help="Add units, labels, pages, boxes, warnings and extra rows.")
@click.option("--jobs", default=1, show_default=True, help="Worker processes (output keeps the order of FILES).")
def extract(files: tuple[Path, ...], detail: bool, jobs: int) -> None:
    """Print one JSON object per FILE (JSON Lines): its tables and checks, or its error.

    Each file is read in a worker process within the limits of $NIANBAO_LIMITS; the exit
    status is the number of files that failed (at most 125)."""
    try:
        limits = Limits.from_env()
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    failed = 0
    for path, outcome in extract_files(list(files), jobs, limits):
        if isinstance(outcome, Failure):
            failed += 1
            click.echo(json.dumps({"source": str(path), "error": outcome.error, "message": outcome.message}, ensure_ascii=False))
            click.echo(f"nianbao extract: {path}: {outcome.error}: {outcome.message}", err=True)
        else:
            click.echo(json.dumps(extraction_json(outcome, detail), ensure_ascii=False))
    sys.exit(min(failed, 125))


def _data_option(f: Any) -> Any:
    return click.option("--data", "data_dir", type=click.Path(path_type=Path), default=None,
                        help="Data directory (default: $NIANBAO_DATA or ./data).")(f)  # fmt: skip


@main.command()
@_data_option
@click.option("--jobs", default=2, show_default=True, help="Worker processes.")
@click.option("--timeout", default=300.0, show_default=True, help="Most seconds allowed per document (30 s plus 8 s per PDF page, up to this).")
def build(data_dir: Path | None, jobs: int, timeout: float) -> None:
    """Re-extract every archived document and (re)build the SQLite database."""
    layout = existing_archive(data_dir)
    writable(layout.root)
    try:
        stats = run_build(layout, jobs=jobs, timeout=timeout)
    except Interrupted as stop:
        left = "is unchanged" if layout.db_path.exists() else "was not created"
        click.echo(f"nianbao build: stopped by {stop}; {layout.db_path} {left}", err=True)
        sys.exit(128 + stop.signum)
    click.echo(
        f"built {layout.db_path}: {stats.documents} documents, {stats.reports} reports, "
        f"{stats.cells} cells, {stats.failures} failures ({stats.extracted} extracted, {stats.reused} unchanged)"
    )
    if stats.bugs:
        click.echo(f"nianbao build: {stats.bugs} document(s) hit a parser bug; see the failures table", err=True)
        sys.exit(2)


@main.command()
@_data_option
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("releases"), show_default=True,
              help="Folder the release bundle is written into (as nianbao-<version>/).")  # fmt: skip
def release(data_dir: Path | None, out_dir: Path) -> None:
    """Write a versioned release: database, CSVs, WARCs as WACZ, README, sha256 manifest, as a BagIt bag."""
    from archive.release import ReleaseExists, make_release

    layout = Layout.from_env(data_dir)
    if not layout.db_path.is_file():
        raise UserError(f"no database at {layout.db_path}; run `nianbao build` first")
    try:
        bag = make_release(layout, out_dir)
    except ReleaseExists as exc:
        raise UserError(str(exc)) from exc
    click.echo(f"released {bag}")


@main.command()
@_data_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8001, show_default=True)
@click.option("--demo", is_flag=True, help="Label the site as the bundled demo's sample data.")
def serve(data_dir: Path | None, host: str, port: int, demo: bool) -> None:
    """Publish the database with Datasette."""
    from archive.publish import serve as serve_datasette

    layout = Layout.from_env(data_dir)
    if not layout.db_path.is_file():
        raise UserError(f"no database at {layout.db_path}; run `nianbao build` first")
    check_port(host, port)
    click.echo(f"Serving the archive at http://{host}:{port}/ (Ctrl-C to stop)")
    serve_datasette(layout, host=host, port=port, demo=demo)


def _python_module(module: str, *args: str, **kwargs: Any) -> subprocess.Popen[str]:
    # The scraper runs as its own process: the pipeline never imports it.
    return subprocess.Popen([sys.executable, "-m", module, *args], text=True, **kwargs)


def _pass_through(flag: str, values: tuple[str, ...]) -> list[str]:
    return [x for v in values for x in (flag, v)]


def _files_tables(files: list[dict[str, Any]]) -> str:
    """Read the report files the scraper handed over and say which tables they hold."""
    results = []
    for f in files:
        path = Path(f["path"])
        results.append(find_tables(path.read_bytes(), f["url"], f.get("content_type")))
    return describe(results)


@main.command(context_settings={"ignore_unknown_options": True})
@_data_option
@click.option("--jobs", default=4, show_default=True, help="Portals crawled at once (one request at a time per host).")
@click.option("--timeout", default=None, type=float, help="Seconds allowed per portal [default: 3 h; 10 min with --smoke].")
@click.option("--smoke", is_flag=True, help="Live check: each portal only as far as its first list page and first report.")
@click.option("-a", "spider_args", multiple=True, metavar="KEY=VALUE", help="Spider argument for every crawl.")
@click.option("-s", "settings", multiple=True, metavar="KEY=VALUE", help="Scrapy setting for every crawl.")
@click.argument("portals", nargs=-1)
def crawl(data_dir: Path | None, jobs: int, timeout: float | None, smoke: bool, spider_args: tuple[str, ...],
          settings: tuple[str, ...], portals: tuple[str, ...]) -> None:  # fmt: skip
    """Crawl the registered portals (all, or the PORTALS named), each in its own process."""
    args = [*portals, "--jobs", str(jobs), *(["--timeout", str(timeout)] if timeout else []),
            *(["--data", str(data_dir)] if data_dir else []), *_pass_through("-a", spider_args),
            *_pass_through("-s", settings)]  # fmt: skip
    if not smoke:
        sys.exit(_python_module("scraper.crawl_all", *args).wait())
    layout = Layout.from_env(data_dir)
    with tempfile.TemporaryDirectory(prefix="nianbao-smoke-") as tmp:
        report = Path(tmp) / "smoke.jsonl"
        code = _python_module("scraper.crawl_all", *args, "--smoke", "--smoke-json", str(report)).wait()
        results = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()] if report.exists() else []
    blobs = BlobStore(layout.blobs_dir)
    click.echo(f"\n{'portal':<14} {'protocol':<16} {'cf':<3} {'first list':<12} {'tables':<48} first report")
    for r in results:
        found = describe(find_tables(blobs.get(d["sha256"]), d["url"], d["content_type"])
                         for d in r["documents"] if d["sha256"] in blobs)  # fmt: skip
        rows = "no list" if r["rows"] is None else f"{r['rows']} rows"
        rows = "blocked" if r["blocked"] else rows
        click.echo(f"{r['portal']:<14} {r['protocol']:<16} {r['confidence'] or '-':<3} {rows:<12} {found:<48} "
                   f"{r['report_title'] or '(no report)'}")  # fmt: skip
    sys.exit(code)


@main.command()
@click.argument("url")
@click.option("--archive", is_flag=True, help="Keep what is fetched in the archive (default: nothing is kept).")
@_data_option
@click.option("--portal", help="Probe with this registered portal's spider (e.g. a local copy of it).")
@click.option("--render", is_flag=True, help="Read the page through Chromium (for script shells).")
def probe(url: str, archive: bool, data_dir: Path | None, portal: str | None, render: bool) -> None:
    """Fetch URL politely and say which family it looks like and why, which report links the
    matching spider would follow, and which of the three tables the first report holds."""
    with tempfile.TemporaryDirectory(prefix="nianbao-probe-") as tmp:
        args = [url, "--json", "--out", tmp, *(["--archive"] if archive else []), *(["--render"] if render else []),
                *(["--data", str(data_dir)] if data_dir else []), *(["--portal", portal] if portal else [])]  # fmt: skip
        proc = _python_module("scraper.probe", *args, stdout=subprocess.PIPE)
        out, _ = proc.communicate()
        if proc.returncode != 0 or not out.strip():
            raise click.ClickException(f"the probe of {url} failed (exit {proc.returncode})")
        result = json.loads(out.strip().splitlines()[-1])
        tables = _files_tables(result["files"])
    click.echo(f"{result['url']} (HTTP {result['status'] or 'not fetched'})")
    click.echo(f"family: {result['family']}; protocol: {result['protocol']}"
               + (f"; registered portal {result['portal']}" if result["portal"] else ""))  # fmt: skip
    for reason in result["reasons"]:
        click.echo(f"  because: {reason}")
    if result["blocked"]:
        click.echo(f"blocked: {', '.join(result['blocked'])} (recorded, never solved)")
    if result["spider"]:
        click.echo(f"spider: {result['spider']}; first list: {result['list_url'] or '(none found)'}")
    click.echo(f"report links ({len(result['links'])}):")
    for link in result["links"]:
        click.echo(f"  {link}")
    if result["offsite_links"]:
        click.echo(f"  ({result['offsite_links']} links to hosts outside the portal were not followed)")
    if result["report_url"]:
        click.echo(f"first report: {result['report_title'] or ''} {result['report_url']}")
        click.echo(f"  tables: {tables}")


@main.command()
@_data_option
def portals(data_dir: Path | None) -> None:
    """List the registered portals with their last crawl status (ok, blocked, broken, stale, never run)."""
    sys.exit(_python_module("scraper.status", *(["--data", str(data_dir)] if data_dir else [])).wait())


@main.command()
@_data_option
def verify(data_dir: Path | None) -> None:
    """Re-hash every blob, read every WARC (digests checked) and check that the catalogue and the store agree."""
    layout = Layout.from_env(data_dir)
    try:
        report = verify_archive(layout)
    except NoArchive as exc:
        raise UserError(f"{exc}: nothing to verify") from None
    for problem in report.problems:
        click.echo(str(problem))
    click.echo(report.summary())
    count = len(report.problems)
    click.echo(f"{count} problem{'' if count == 1 else 's'}")
    sys.exit(1 if count else 0)


@contextmanager
def sample_portal() -> Iterator[str]:
    """Run the bundled sample portal on 127.0.0.1 and yield its base URL."""
    proc = _python_module("scraper.sample_portal", "--host", "127.0.0.1", "--port", "0", stdout=subprocess.PIPE)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()
        if not line.startswith("serving "):
            raise click.ClickException(f"the sample portal did not start: {line!r}")
        yield line.split(" ", 1)[1]
    finally:
        proc.terminate()
        proc.wait(timeout=10)


# The sample portal's two platform families: 宝山-style article pages, and a 长宁-style CMS
# column whose report has a PDF attachment.
SAMPLE_CRAWLS = (("sample_portal", "infoDirectory.html?type=nb"), ("sample_portal_cms", "xxgk/zfgknb-xxgknb/index.html"))


def crawl_sample(layout: Layout, base_url: str) -> None:
    # 127.0.0.1 is our own server: no politeness delay is owed to it, and the network guard lets
    # the crawl reach it (and no other local address).
    env = {**os.environ, "NIANBAO_DOWNLOAD_DELAY": "0", "NIANBAO_ALLOW_PRIVATE": "127.0.0.1"}
    for spider, path in SAMPLE_CRAWLS:
        start = base_url.rstrip("/") + "/" + path
        proc = _python_module("scraper.crawl", spider, "--data", str(layout.root), "-a", f"start_url={start}", env=env)
        if proc.wait() != 0:
            raise click.ClickException(f"the demo crawl of {spider} failed")


@main.command()
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=Path("data/demo"), show_default=True,
              help="Where the demo's archive and database go: a new or empty folder, or one an earlier demo made "
                   "(reset on every run; any other folder is left alone).")  # fmt: skip
@click.option("--port", default=8001, show_default=True)
@click.option("--serve/--no-serve", "serve_site", default=True, help="Serve the result with Datasette.")
def demo(data_dir: Path, port: int, serve_site: bool) -> None:
    """Crawl the bundled sample portal on 127.0.0.1, build the database, serve it."""
    if serve_site:
        check_port("127.0.0.1", port)
    layout = demo_folder(data_dir)
    os.environ["NIANBAO_DATA"] = str(data_dir)
    with sample_portal() as base_url:
        click.echo(f"Sample portal (demo data, not a government site) at {base_url}")
        crawl_sample(layout, base_url)
        stats = run_build(layout, command="demo")
        click.echo(f"Built {layout.db_path}: {stats.reports} reports, {stats.cells} cells, {stats.failures} failures")
        if serve_site:
            from archive.publish import serve as serve_datasette

            click.echo(f"Open http://127.0.0.1:{port}/ (Ctrl-C to stop)")
            serve_datasette(layout, host="127.0.0.1", port=port, demo=True)
