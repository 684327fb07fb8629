"""Serve the sample portal's static pages over HTTP, with the URL shapes of the imitated portal."""

from __future__ import annotations

import email.utils
import hashlib
import io
import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

logger = logging.getLogger(__name__)

SITE_DIR = Path(__file__).parent / "site"

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}

# What a Ruishu-style anti-bot wall answers: a tiny page that is nothing but script.
CHALLENGE_BODY = (
    b'<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Type" content="text/html">'
    b'<script type="text/javascript" r="m">$_ts=window["$_ts"];if(!$_ts)$_ts=window["$_ts"]={};'
    b"$_ts.nsd=12345;$_ts.cd=\"qEhcrqAlWGEmrG\";</script>"
    b'<script type="text/javascript" src="/challenge/abc.js" r="m"></script></head><body></body></html>'
)


def resolve(root: Path, target: str) -> Path | None:
    """Map a request target to a file: 宝山-style query URLs are stored as plain files."""
    parts = urlsplit(target)
    path = unquote(parts.path)
    query = parse_qs(parts.query)
    if path == "/article.html" and "infoid" in query:
        name = f"article/{query['infoid'][0]}.html"
    elif path == "/infoDirectory.html":
        name = f"infoDirectory/page-{query.get('page', ['1'])[0]}.html"
    elif path in ("", "/"):
        name = "index.html"
    else:
        name = path.lstrip("/")
    candidate = (root / name).resolve()
    if root.resolve() not in candidate.parents or not candidate.is_file():
        return None
    return candidate


class SamplePortalHandler(SimpleHTTPRequestHandler):
    """Static files with ETag/Last-Modified revalidation, and an optional anti-bot wall."""

    server_version = "nianbao-sample-portal/0.1"

    def __init__(self, *args: Any, root: Path, challenge: int | None, latency: float, **kwargs: Any) -> None:
        self.root = root
        self.challenge = challenge
        self.latency = latency
        super().__init__(*args, directory=str(root), **kwargs)

    def send_head(self) -> io.BytesIO | None:
        if self.latency:
            time.sleep(self.latency)  # a slow portal, so tests can interrupt a crawl mid-way
        path = resolve(self.root, self.path)
        if self.challenge and not self.path.startswith("/robots.txt"):
            return self._reply(self.challenge, CHALLENGE_BODY, "text/html",
                               {"Set-Cookie": "FSSBBIl1UgzbN7N80S=sample; Path=/"})
        if path is None:
            self.send_error(404, "Not Found")
            return None
        data = path.read_bytes()
        etag = '"' + hashlib.sha256(data).hexdigest()[:20] + '"'
        modified = int(path.stat().st_mtime)
        validators = {"ETag": etag, "Last-Modified": email.utils.formatdate(modified, usegmt=True)}
        if self._not_modified(etag, modified):
            self.send_response(304)
            for name, value in validators.items():
                self.send_header(name, value)
            self.end_headers()
            return None
        content_type = CONTENT_TYPES.get(path.suffix, "application/octet-stream")
        return self._reply(200, data, content_type, validators)

    def _not_modified(self, etag: str, modified: int) -> bool:
        if (match := self.headers.get("If-None-Match")) is not None:
            return etag in [tag.strip() for tag in match.split(",")]
        if (since := self.headers.get("If-Modified-Since")) is not None:
            try:
                return modified <= email.utils.parsedate_to_datetime(since).timestamp()
            except (TypeError, ValueError):
                return False
        return False

    def _reply(self, status: int, data: bytes, content_type: str, extra: dict[str, str]) -> io.BytesIO:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in extra.items():
            self.send_header(name, value)
        self.end_headers()
        return io.BytesIO(data)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        logger.debug("%s " + format, self.address_string(), *args)


def make_server(root: Path = SITE_DIR, host: str = "127.0.0.1", port: int = 0,
                challenge: int | None = None, latency: float = 0.0) -> ThreadingHTTPServer:
    handler = partial(SamplePortalHandler, root=Path(root), challenge=challenge, latency=latency)
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def base_url(server: ThreadingHTTPServer) -> str:
    host, port = server.server_address[:2]
    name = host.decode() if isinstance(host, bytes) else host
    return f"http://{name}:{port}/"


@contextmanager
def serve_sample_portal(root: Path = SITE_DIR, host: str = "127.0.0.1", port: int = 0,
                        challenge: int | None = None, latency: float = 0.0) -> Iterator[str]:
    """Serve in a background thread; yields the base URL (with a trailing slash).
    `challenge` (412 or 521) answers every page like an anti-bot wall; `latency` slows each answer."""
    server = make_server(root, host, port, challenge, latency)
    thread = threading.Thread(target=server.serve_forever, name="sample-portal", daemon=True)
    thread.start()
    try:
        yield base_url(server)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
