"""`make crawl` as a user runs it: one process per portal, stats files, a summary, portal status."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from archive.layout import Layout
from pipeline.runner import build
from tests.portal_site import FixtureSite

REPO = Path(__file__).resolve().parents[1]


def test_crawl_all_runs_each_portal_reports_progress_and_status(tmp_path: Path) -> None:
    layout = Layout(tmp_path / "data")
    with FixtureSite(REPO / "tests" / "fixtures" / "portals" / "sh_putuo" / "site") as site:
        result = subprocess.run(
            [sys.executable, "-m", "scraper.crawl_all", "sh_putuo", "--data", str(layout.root), "-a", f"base_url={site.base}"],
            capture_output=True, text=True, timeout=180, env={**os.environ, "NIANBAO_DOWNLOAD_DELAY": "0"}, cwd=REPO,
        )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "started sh_putuo" in result.stdout and "finished sh_putuo: ok" in result.stdout
    summary = result.stdout.splitlines()[-1].split()
    assert summary[:3] == ["sh_putuo", "ok", "ok"] and int(summary[3]) > 0
    stats = [json.loads(p.read_text()) for p in (layout.state_dir / "stats").glob("sh_putuo-*.json")]
    assert len(stats) == 1 and stats[0]["finish_reason"] == "finished"
    assert list((layout.state_dir / "logs").glob("sh_putuo-*.log"))

    build(layout)
    con = sqlite3.connect(layout.db_path)
    statuses = dict(con.execute("select slug, status from portals"))
    assert statuses["sh_putuo"] == "ok"
    assert statuses["sh_baoshan"] == "never run"
    assert len(statuses) >= 17


def test_an_unknown_portal_is_a_usage_error(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "scraper.crawl_all", "sh_nowhere", "--data", str(tmp_path)],
                            capture_output=True, text=True, cwd=REPO)  # fmt: skip
    assert result.returncode == 2 and "unknown portal" in result.stderr


def test_the_generic_spider_archives_under_the_portal_it_is_given(tmp_path: Path) -> None:
    with FixtureSite(REPO / "tests" / "fixtures" / "portals" / "generic" / "site") as site:
        result = subprocess.run(
            [sys.executable, "-m", "scraper.crawl", "generic", "--data", str(tmp_path), "-a", f"start_url={site.base}/index.html",
             "-a", "portal=xx_adhoc"],
            capture_output=True, text=True, timeout=120, env={**os.environ, "NIANBAO_DOWNLOAD_DELAY": "0"}, cwd=REPO,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    con = sqlite3.connect(Layout(tmp_path).catalog_path)
    assert {p for (p,) in con.execute("select portal from fetches")} == {"xx_adhoc"}
    assert {p for (p,) in con.execute("select portal from crawl_log")} == {"xx_adhoc"}
