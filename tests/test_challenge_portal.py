"""sh_huangpu (list_protocol `challenge`) behind a 瑞数-style wall: the crawl ends with the host
blocked, the wall archived as evidence, and nothing after it requested (never solved)."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from scraper.registry import get_portal
from tests.scraper_harness import REPO, catalog, count, crawl_env

# What portal-protocols.md §黄浦 says a plain request gets: HTTP 412, the FSSBBIl1UgzbN7NO
# cookie and a script that computes the NP cookie (its path is only ever recognised, never run).
WALL = (b'<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
        b'<script type="text/javascript" r="m">$_ts=window[\'$_ts\'];if(!$_ts)$_ts={};$_ts.nsd=40417;</script>'
        b'<script type="text/javascript" charset="utf-8" src="/4QbVtADbnLVIc/c.FxJzG50F.d5db026.js" r="m"></script>'
        b"</head><body></body></html>")


@contextmanager
def ruishu_wall() -> Iterator[tuple[str, list[str]]]:
    seen: list[str] = []

    class Wall(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(self.path)
            self.send_response(412)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Set-Cookie", "FSSBBIl1UgzbN7NO=5Yq2s0b.fake; Path=/; HttpOnly")
            self.send_header("Content-Length", str(len(WALL)))
            self.end_headers()
            self.wfile.write(WALL)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Wall)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


def test_huangpu_is_registered_as_a_challenge() -> None:
    assert get_portal("sh_huangpu").list_protocol == "challenge"


def test_huangpu_crawl_ends_blocked_at_the_wall(tmp_path: Path) -> None:
    with ruishu_wall() as (base, seen):
        command = [sys.executable, "-m", "scraper.crawl", "sh_huangpu", "--data", str(tmp_path), "-a", f"base_url={base}"]
        done = subprocess.run(command, cwd=REPO, env=crawl_env(), capture_output=True, text=True, timeout=120,
                              check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    host = base.split("/")[2]
    assert f"blocked hosts: {host}" in done.stdout
    db = catalog(tmp_path)
    assert [(e["host"], e["status"]) for e in db.query("select host, status from crawl_log where event = 'blocked'")] \
        == [(host, 412)]
    assert count(db, "select count(*) n from fetches where status = 412") == 1
    assert count(db, "select count(*) n from documents") == 0
    # One request met the wall (robots.txt gets it too) and nothing followed: the challenge script
    # was never fetched, the cookie never sent back.
    assert len(seen) == 1 and seen[0] in ("/robots.txt", "/zw/govopen/goverGuide.html")
