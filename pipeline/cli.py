"""The `nianbao` command: extract, build, serve, crawl and the offline demo."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click

from archive.layout import Layout
from archive.verify import NoArchive, verify_archive
from pipeline.cli_paths import UserError, check_port, demo_folder, existing_archive, writable
from pipeline.errors import ExtractionError
from pipeline.extract import extract_document
from pipeline.model import Extraction
from pipeline.runner import build as run_build

CELL_KEYS = ("table", "row", "column", "raw", "value", "kind")
CHECK_KEYS = ("rule", "table", "scope", "status", "left", "right", "delta", "blank_as_zero")
DETAIL_CELL_KEYS = ("unit", "row_label", "column_label", "page", "bbox", "table_template")


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
                   extras=[asdict(e) for e in ex.extras])  # fmt: skip
    return out


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Log progress to stderr.")
def main(verbose: bool) -> None:
    """nianbao: an open archive of government information disclosure annual reports."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--detail", is_flag=True, help="Add units, labels, pages, boxes, warnings and extra rows.")
def extract(files: tuple[Path, ...], detail: bool) -> None:
    """Print one JSON object per FILE (JSON Lines) with its tables and checks."""
    failed = 0
    for path in files:
        try:
            ex = extract_document(path.read_bytes(), str(path))
        except (OSError, ExtractionError) as exc:
            failed += 1
            click.echo(f"nianbao extract: {path}: {type(exc).__name__}: {exc}", err=True)
            continue
        click.echo(json.dumps(extraction_json(ex, detail), ensure_ascii=False))
    if failed:
        sys.exit(1)


def _data_option(f: Any) -> Any:
    return click.option("--data", "data_dir", type=click.Path(path_type=Path), default=None,
                        help="Data directory (default: $NIANBAO_DATA or ./data).")(f)  # fmt: skip


@main.command()
@_data_option
@click.option("--jobs", default=2, show_default=True, help="Worker processes.")
@click.option("--timeout", default=120.0, show_default=True, help="Seconds allowed per document.")
def build(data_dir: Path | None, jobs: int, timeout: float) -> None:
    """Re-extract every archived document and (re)build the SQLite database."""
    layout = existing_archive(data_dir)
    writable(layout.root)
    stats = run_build(layout, jobs=jobs, timeout=timeout)
    click.echo(
        f"built {layout.db_path}: {stats.documents} documents, {stats.reports} reports, "
        f"{stats.cells} cells, {stats.failures} failures"
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


@main.command(context_settings={"ignore_unknown_options": True})
@_data_option
@click.option("--jobs", default=4, show_default=True, help="Portals crawled at once (one request at a time per host).")
@click.option("--timeout", default=3 * 3600.0, show_default=True, help="Seconds allowed per portal.")
@click.argument("portals", nargs=-1)
def crawl(data_dir: Path | None, jobs: int, timeout: float, portals: tuple[str, ...]) -> None:
    """Crawl the registered portals (all, or the PORTALS named), each in its own process."""
    args = [*portals, "--jobs", str(jobs), "--timeout", str(timeout)] + (["--data", str(data_dir)] if data_dir else [])
    sys.exit(_python_module("scraper.crawl_all", *args).wait())


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
