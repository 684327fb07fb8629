"""Extraction in time- and memory-limited worker processes: a document that hangs, bombs or
crashes costs its own worker, never the run."""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import resource
import time
import traceback
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from archive.blobs import BlobStore
from archive.catalog import DocumentRecord
from pipeline.errors import ExtractionError
from pipeline.extract import extract_document
from pipeline.model import Extraction

MEMORY_LIMIT = 2 * 1024**3  # a decompression bomb should die alone, not take the machine


@dataclass(frozen=True)
class Failure:
    error: str
    message: str
    bug: bool = False


def extract_one(path: str, source: str, content_type: str | None) -> Extraction | Failure:
    try:
        return extract_document(Path(path).read_bytes(), source, content_type)
    except ExtractionError as exc:
        return Failure(type(exc).__name__, str(exc))
    except Exception as exc:  # noqa: BLE001 - a parser bug: recorded loudly, the build goes on
        return Failure(f"InternalError:{type(exc).__name__}", traceback.format_exc(limit=8), bug=True)


def _serve(conn: multiprocessing.connection.Connection) -> None:
    try:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    except (ValueError, OSError):
        pass
    while (job := conn.recv()) is not None:
        conn.send(extract_one(*job))


class _Worker:
    def __init__(self, ctx: multiprocessing.context.BaseContext) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(child,), daemon=True)  # type: ignore[attr-defined]
        self.proc.start()
        self.doc: DocumentRecord | None = None
        self.deadline = 0.0

    def submit(self, doc: DocumentRecord, path: Path, timeout: float) -> None:
        self.doc, self.deadline = doc, time.monotonic() + timeout
        self.conn.send((str(path), doc.url, doc.content_type))

    def stop(self) -> None:
        self.proc.kill()
        self.proc.join()


def extract_all(docs: list[DocumentRecord], blobs: BlobStore, jobs: int, timeout: float) -> Iterator[tuple[DocumentRecord, Extraction | Failure]]:
    """Yield each document's outcome; a worker over its time limit or dead is replaced."""
    ctx = multiprocessing.get_context("fork")
    pending = list(reversed(docs))
    workers = [_Worker(ctx) for _ in range(max(1, min(jobs, len(docs))))]
    try:
        for w in workers:
            if pending:
                doc = pending.pop()
                w.submit(doc, blobs.path(doc.sha256), timeout)
        while any(w.doc for w in workers):
            busy = [w for w in workers if w.doc]
            wait = max(0.0, min(w.deadline for w in busy) - time.monotonic())
            ready = multiprocessing.connection.wait([w.conn for w in busy] + [w.proc.sentinel for w in busy], wait)
            for i, w in enumerate(workers):
                if not w.doc:
                    continue
                outcome = _collect(w, ready, timeout)
                if outcome is None:
                    continue
                yield w.doc, outcome
                w.doc = None
                if not w.proc.is_alive():
                    w.stop()
                    w = workers[i] = _Worker(ctx)
                if pending:
                    doc = pending.pop()
                    w.submit(doc, blobs.path(doc.sha256), timeout)
    finally:
        for w in workers:
            w.stop()


def _collect(w: _Worker, ready: Sequence[object], timeout: float) -> Extraction | Failure | None:
    if w.conn in ready:
        try:
            result: Extraction | Failure = w.conn.recv()
            return result
        except (EOFError, OSError):
            pass
    if w.proc.sentinel in ready or not w.proc.is_alive():
        w.stop()
        return Failure("WorkerCrashed", f"the extraction process died (exit code {w.proc.exitcode})")
    if time.monotonic() >= w.deadline:
        w.stop()
        return Failure("Timeout", f"extraction took longer than {timeout:g} s and was stopped")
    return None
