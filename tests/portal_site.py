"""Serve a portal fixture folder from 127.0.0.1, mapping each URL path (and query) to a file."""

from __future__ import annotations

import mimetypes
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import unquote, urlsplit

TYPES = {".pdf": "application/pdf", ".doc": "application/msword", ".wps": "application/kswps",
         ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         ".xls": "application/vnd.ms-excel", ".json": "application/json"}


def file_for(root: Path, raw: str) -> Path | None:
    """`/a/b/` → a/b/index.html; `/x.html?k=v` → `x.html@k=v` (both percent-decoded), because
    portals put document ids in query strings (宝山 article.html?infoid=, 杨浦 details?id=)."""
    parts = urlsplit(raw)
    path = unquote(parts.path)
    if path.endswith("/"):
        path += "index.html"
    name = path.lstrip("/") + (f"@{unquote(parts.query)}" if parts.query else "")
    candidate = (root / name).resolve()
    if root.resolve() not in candidate.parents or not candidate.is_file():
        return None
    return candidate


def content_type(path: Path, body: bytes) -> str:
    suffix = path.name.split("@")[0]
    suffix = suffix[suffix.rfind("."):] if "." in suffix else ""
    if suffix in TYPES:
        return TYPES[suffix]
    head = body.lstrip()[:20]
    if head.startswith(b"%PDF"):
        return "application/pdf"
    if head.startswith((b"{", b"[")):
        return "application/json; charset=utf-8"
    if head.startswith((b"<?xml", b"<datastore")):
        return "text/xml; charset=utf-8"
    guessed = mimetypes.guess_type("x" + suffix)[0] if suffix not in ("", ".jsp", ".htm", ".html") else None
    return guessed or "text/html; charset=utf-8"


class FixtureSite:
    """`with FixtureSite(folder) as site:` serves it at `site.base` until the block ends.
    `statuses` answers some paths with another status and extra headers (a 412 challenge)."""

    def __init__(self, root: Path, statuses: dict[str, tuple[int, dict[str, str]]] | None = None) -> None:
        self.root = root
        self.requests: list[str] = []
        site = self
        statuses = statuses or {}

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.requests.append(self.path)
                found = file_for(site.root, self.path)
                body = found.read_bytes() if found else b"not found"
                status, extra = statuses.get(urlsplit(self.path).path, (200 if found else 404, {}))
                self.send_response(status)
                for name, value in extra.items():
                    self.send_header(name, value)
                self.send_header("Content-Type", content_type(found, body) if found else "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self) -> None:
                # Hanweb's dataproxy.jsp is a POST; the fixture answers by the URL's query alone.
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self.do_GET()

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FixtureSite:
        self.thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.server.shutdown()
        self.server.server_close()
