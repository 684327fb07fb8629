"""`nianbao crawl --smoke`: each portal only as far as its first list page and first report, one
line per portal with its protocol, rows found, first report and the tables that report holds."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.portal_site import FixtureSite

REPO = Path(__file__).resolve().parents[1]
PORTALS = REPO / "tests" / "fixtures" / "portals"
SLUGS = ("sh_putuo", "bj_miyun", "gd_whlt")


def merged_site(target: Path) -> Path:
    """One server for several fixture portals (their paths do not collide), since `-a base_url=`
    moves every portal of the run to the same origin."""
    seen: set[Path] = set()
    answers: list[object] = []
    for slug in SLUGS:
        root = PORTALS / slug / "site"
        files = {p.relative_to(root) for p in root.rglob("*") if p.is_file()}
        assert not files & seen, f"{slug} collides with another fixture site"
        seen |= files
        shutil.copytree(root, target, dirs_exist_ok=True)
        if (root.parent / "posts.json").is_file():  # the API answers, beside the site folder
            answers += json.loads((root.parent / "posts.json").read_text(encoding="utf-8"))
    (target.parent / "posts.json").write_text(json.dumps(answers, ensure_ascii=False), encoding="utf-8")
    return target


def test_smoke_prints_one_line_per_portal_and_fetches_only_the_first_report(tmp_path: Path) -> None:
    env = {**os.environ, "NIANBAO_DOWNLOAD_DELAY": "0", "NIANBAO_LOG_LEVEL": "WARNING"}
    with FixtureSite(merged_site(tmp_path / "site")) as site:
        done = subprocess.run(
            [str(Path(sys.executable).with_name("nianbao")), "crawl", "--smoke", *SLUGS, "--jobs", "3",
             "--data", str(tmp_path / "data"), "-a", f"base_url={site.base}"],
            cwd=REPO, env=env, capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        requested = [seen.path for seen in site.requests]
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    lines = {line.split()[0]: line for line in done.stdout.splitlines()[-len(SLUGS):]}
    assert set(lines) == set(SLUGS)
    assert lines["sh_putuo"].split()[1:5] == ["json_api", "B", "2", "rows"]  # the API's first page
    assert "上海市普陀区人民政府2025年政府信息公开工作年度报告" in lines["sh_putuo"]
    assert "1/3 tables (active_disclosure)" in lines["sh_putuo"]
    assert lines["gd_whlt"].split()[1:5] == ["json_api", "B", "1", "rows"]
    assert "广东省文化和旅游厅2024年政府信息公开工作年度报告" in lines["gd_whlt"]
    assert lines["bj_miyun"].split()[1:5] == ["static", "C", "2", "rows"]
    # 普陀 has five columns: only the first list and its first report went out; the other
    # columns, the second page and the other rows were never requested.
    putuo = [p for p in requested if p.startswith("/zhengwu/")]
    assert putuo == ["/zhengwu/zfxxgknb-qfbzfxxgk/index.html", "/zhengwu/zfxxgknb-qfbzfxxgk/2026/21/201302.html"]
    assert "/gkmlpt/api/all/2629?page=2&sid=175" not in requested
