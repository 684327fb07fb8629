"""Shared by the scraper tests: serve a copy of the sample portal and run `python -m scraper.crawl`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from archive.layout import Layout
from scraper.sample_portal import SITE_DIR

REPO = Path(__file__).resolve().parents[1]
LIST_PATH = "infoDirectory.html?type=nb"
CMS_LIST_PATH = "xxgk/zfgknb-xxgknb/index.html"


def crawl_command(data: Path, start_url: str, *extra: str, spider: str = "sample_portal") -> list[str]:
    return [sys.executable, "-m", "scraper.crawl", spider, "--data", str(data), "-a", f"start_url={start_url}", *extra]


def crawl_env() -> dict[str, str]:
    return {**os.environ, "NIANBAO_DOWNLOAD_DELAY": "0", "NIANBAO_LOG_LEVEL": "WARNING", "NIANBAO_ALLOW_PRIVATE": "127.0.0.1"}


@dataclass(frozen=True)
class CrawlResult:
    returncode: int
    stdout: str
    stderr: str


def run_crawl(data: Path, start_url: str, *extra: str, spider: str = "sample_portal", timeout: float = 60) -> CrawlResult:
    done = subprocess.run(crawl_command(data, start_url, *extra, spider=spider), cwd=REPO, env=crawl_env(),
                          capture_output=True, text=True, timeout=timeout, check=False)
    return CrawlResult(done.returncode, done.stdout, done.stderr)


def copy_site(target: Path) -> Path:
    """A private copy of the pages, so a test may edit them."""
    shutil.copytree(SITE_DIR, target)
    return target


def catalog(data: Path) -> Database:
    return Database(Layout(data).catalog_path)


def warc_files(data: Path) -> list[Path]:
    return sorted(Layout(data).warc_dir.glob("*.warc.gz"))


def warcio_check(files: list[Path]) -> int:
    """`warcio check` over the files, as its CLI runs it: 0 when every digest verifies."""
    done = subprocess.run([str(Path(sys.executable).with_name("warcio")), "check", *map(str, files)],
                          capture_output=True, text=True, check=False)
    return done.returncode


def count(db: Database, sql: str, params: list[object] | None = None) -> int:
    return int(next(iter(db.query(sql, params or [])))["n"])
