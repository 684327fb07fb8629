"""Serve a portal fixture folder from 127.0.0.1, mapping each URL path (and query) to a file,
answering POSTs by method + path + body, and recording every request it receives."""

from __future__ import annotations

import json
import mimetypes
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

TYPES = {".pdf": "application/pdf", ".doc": "application/msword", ".wps": "application/kswps",
         ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         ".xls": "application/vnd.ms-excel", ".json": "application/json"}


@dataclass(frozen=True)
class SeenRequest:
    method: str
    path: str  # with its query string, as sent
    headers: dict[str, str]
    body: bytes

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers.items() if k.lower() == name.lower()), None)


@dataclass(frozen=True)
class PostAnswer:
    """One entry of a fixture's `posts.json`: a POST to `path` whose body reads as `json` (a JSON
    document) or `form` (form fields; a field given as an object is compared as parsed JSON, for
    Epoint's `params=<json>`) is answered with `file` (relative to the site folder, by custom
    beside the endpoint's path)."""

    path: str
    file: str
    json: Any = None
    form: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)

    def matches(self, seen: SeenRequest) -> bool:
        return seen.path == self.path and body_matches(seen.body, self.json, self.form)


def parsed_body(body: bytes, form: bool) -> Any:
    """The body as the JSON it carries, or its form fields (JSON-looking values parsed)."""
    if not form:
        try:
            return json.loads(body)
        except ValueError:
            return None
    fields: dict[str, Any] = {}
    for key, value in parse_qsl(body.decode("utf-8"), keep_blank_values=True):
        try:
            fields[key] = json.loads(value) if value[:1] in "{[" else value
        except ValueError:
            fields[key] = value
    return fields


def body_matches(body: bytes, expected_json: Any, expected_form: dict[str, Any] | None) -> bool:
    if expected_form is not None:
        return bool(parsed_body(body, form=True) == expected_form)
    return bool(parsed_body(body, form=False) == expected_json)


def load_answers(root: Path) -> list[PostAnswer]:
    """`posts.json` sits beside `site/` (with `golden.json`), so the site folder holds only URLs."""
    source = root.parent / "posts.json"
    if not source.is_file():
        return []
    return [PostAnswer(**entry) for entry in json.loads(source.read_text(encoding="utf-8"))]


def file_for(root: Path, raw: str) -> Path | None:
    """`/a/b/` → a/b/index.html; `/x.html?k=v` → `x.html@k=v` (both percent-decoded), because
    portals put document ids in query strings (宝山 article.html?infoid=, 杨浦 details?id=)."""
    parts = urlsplit(raw)
    path = unquote(parts.path)
    if path.endswith("/"):
        path += "index.html"
    name = path.lstrip("/") + (f"@{unquote(parts.query)}" if parts.query else "")
    return inside(root, name)


def inside(root: Path, name: str) -> Path | None:
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
    """`with FixtureSite(folder) as site:` serves it at `site.base` until the block ends;
    `site.requests` lists every request received, in order."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.answers = load_answers(root)
        self.requests: list[SeenRequest] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.answer(self, site.record(self, b""))

            def do_POST(self) -> None:
                site.answer(self, site.record(self, self.rfile.read(int(self.headers.get("Content-Length") or 0))))

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def record(self, handler: BaseHTTPRequestHandler, body: bytes) -> SeenRequest:
        seen = SeenRequest(handler.command, handler.path, dict(handler.headers.items()), body)
        self.requests.append(seen)
        return seen

    def find(self, seen: SeenRequest) -> tuple[Path | None, dict[str, str]]:
        """A POST to a path `posts.json` knows must match one of its bodies exactly; any other
        request is answered by URL (Hanweb's dataproxy.jsp fixture answers by query alone)."""
        if seen.method == "POST" and any(a.path == seen.path for a in self.answers):
            answer = next((a for a in self.answers if a.matches(seen)), None)
            return (inside(self.root, answer.file), answer.headers) if answer else (None, {})
        return file_for(self.root, seen.path), {}

    def answer(self, handler: BaseHTTPRequestHandler, seen: SeenRequest) -> None:
        found, headers = self.find(seen)
        body = found.read_bytes() if found else b"not found"
        handler.send_response(200 if found else 404)
        handler.send_header("Content-Type", content_type(found, body) if found else "text/plain")
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    def unanswered(self) -> list[SeenRequest]:
        """POSTs no `posts.json` entry matched: the spider sent a body the protocol does not use."""
        return [s for s in self.requests if s.method == "POST" and any(a.path == s.path for a in self.answers)
                and not any(a.matches(s) for a in self.answers)]

    def __enter__(self) -> FixtureSite:
        self.thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.server.shutdown()
        self.server.server_close()
