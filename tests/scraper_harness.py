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


def crawl_command(data: Path, start_url: str, *extra: str) -> list[str]:
    return [sys.executable, "-m", "scraper.crawl", "sample_portal", "--data", str(data),
            "-a", f"start_url={start_url}", *extra]


def crawl_env() -> dict[str, str]:
    return {**os.environ, "NIANBAO_DOWNLOAD_DELAY": "0", "NIANBAO_LOG_LEVEL": "WARNING"}


@dataclass(frozen=True)
class CrawlResult:
    returncode: int
    stdout: str
    stderr: str


def run_crawl(data: Path, start_url: str, *extra: str, timeout: float = 60) -> CrawlResult:
    done = subprocess.run(crawl_command(data, start_url, *extra), cwd=REPO, env=crawl_env(),
                          capture_output=True, text=True, timeout=timeout, check=False)
    return CrawlResult(done.returncode, done.stdout, done.stderr)


def copy_site(target: Path) -> Path:
    """A private copy of the pages, so a test may edit them."""
    shutil.copytree(SITE_DIR, target)
    return target


def catalog(data: Path) -> Database:
    return Database(Layout(data).catalog_path)
