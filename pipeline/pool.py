"""Extraction in limited worker processes, for every entry point: a document that hangs, bombs
or crashes costs its own worker and becomes a named Failure, never the run."""

from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.connection
import os
import re
import signal
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

import pipeline.docx_adapter  # noqa: F401 - imported once here, inherited by every forked worker
import pipeline.pdf_adapter  # noqa: F401
from archive.blobs import BlobStore
from archive.catalog import DocumentRecord
from pipeline import confine
from pipeline.errors import ExtractionError, UnreadableDocument
from pipeline.extract import extract_document
from pipeline.limits import MB, Limits, estimate_pages
from pipeline.model import Extraction

logger = logging.getLogger(__name__)
K = TypeVar("K")
# path, source (URL or path), content type, and the archived pictures the page printed as
# (URL, path) pairs, or None where they cannot be known (a file named on the command line).
Job = tuple[str, str, "str | None", "tuple[tuple[str, str], ...] | None"]
MAX_PICTURES = 40  # pictures read per page: a report prints three tables, a gallery page is no report
_PATH = re.compile(r"(?<![\w.])(?:[A-Za-z]:)?[/\\](?:[^\s/\\'\"]+[/\\])+[^\s'\":,;)]*")


@dataclass(frozen=True)
class Failure:
    error: str
    message: str  # one line, published: no traceback, no local paths
    bug: bool = False
    detail: str = ""  # the traceback of an InternalError, for the local log only


def public_message(text: str) -> str:
    line = next((s.strip() for s in text.splitlines() if s.strip()), "")
    return _PATH.sub("<path>", line)[:300]


def extract_one(path: str, source: str, content_type: str | None, limits: Limits = Limits(),
                on_pages: Callable[[int], None] | None = None,
                pictures: Sequence[tuple[str, str]] | None = None) -> Extraction | Failure:  # fmt: skip
    """`pictures`: (URL, path) of the archived pictures the page printed; None when they are not
    known (a file given on the command line), so pictured tables are said unread, never guessed."""
    try:
        if os.path.getsize(path) > limits.file_mb * MB:
            return Failure("TooLarge", f"the file is over {limits.file_mb:g} MB")
        data = Path(path).read_bytes()
    except OSError as exc:
        return Failure(UnreadableDocument.__name__, f"cannot read the file: {exc.strerror}")
    images = None if pictures is None else _read_pictures(pictures, limits)
    if on_pages:
        # Each picture costs OCR like a scanned page.
        on_pages(estimate_pages(data) + len(images or ()))
    try:
        return extract_document(data, source, content_type, limits, images)
    except ExtractionError as exc:
        return Failure(type(exc).__name__, public_message(str(exc)))
    except MemoryError:
        return Failure("TooLarge", f"extraction needed more than {limits.memory_mb:g} MB of memory")
    except RecursionError:
        return Failure("TooDeep", f"nested deeper than {limits.recursion} levels")
    except Exception as exc:  # noqa: BLE001 - a parser bug: recorded loudly, the run goes on
        message = public_message(f"{type(exc).__name__}: {exc}")
        return Failure("InternalError", message, bug=True, detail=traceback.format_exc())


def _read_pictures(pictures: Sequence[tuple[str, str]], limits: Limits) -> dict[str, bytes]:
    """The pictures' bytes by URL; one missing or over the file limit is left out (and said
    unarchived by the extraction)."""
    images: dict[str, bytes] = {}
    for url, path in pictures[:MAX_PICTURES]:
        try:
            if os.path.getsize(path) <= limits.file_mb * MB:
                images[url] = Path(path).read_bytes()
        except OSError:
            continue
    return images


def _serve(conn: multiprocessing.connection.Connection, limits: Limits, parent: int) -> None:
    confine.die_with_parent(parent)
    confine.cap_memory_and_depth(limits)

    def started(pages: int) -> None:
        confine.cap_cpu(limits.wall_time(pages))
        conn.send(("pages", pages))

    while (job := conn.recv()) is not None:
        path, source, content_type, pictures = job
        outcome = extract_one(path, source, content_type, limits, started, pictures)
        retiring = _spent(outcome)
        if retiring:
            # Said before the outcome, so the parent never hands a next job to a worker on its way out.
            conn.send(("retiring", 0))
        conn.send(("done", outcome))
        if retiring:
            return


def _spent(outcome: Extraction | Failure) -> bool:
    """A worker that ran out of memory or stack may be left fragmented: it is replaced."""
    return isinstance(outcome, Failure) and outcome.error in ("TooLarge", "TooDeep")


class _Worker(Generic[K]):
    key: K  # of the job in hand, set by submit

    def __init__(self, ctx: multiprocessing.context.BaseContext, limits: Limits) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(child, limits, os.getpid()), daemon=True)  # type: ignore[attr-defined]
        self.proc.start()
        child.close()
        self.limits = limits
        self.source = ""
        self.busy = False
        self.retiring = False
        self.pages = 0
        self.started = self.deadline = 0.0

    def submit(self, key: K, job: Job) -> None:
        self.key, self.source, self.busy, self.pages = key, job[1], True, 0
        self.started = time.monotonic()
        self.deadline = self.started + self.limits.wall_time(0)
        self.conn.send(job)

    def stop(self) -> None:
        self.proc.kill()
        self.proc.join()


def run_jobs(jobs: Iterable[tuple[K, Job]], workers: int, limits: Limits) -> Iterator[tuple[K, Extraction | Failure]]:
    """Yield (key, outcome) for each (key, (path, source, content type)) as workers finish."""
    ctx = multiprocessing.get_context("fork")
    pending = iter(jobs)
    pool: list[_Worker[K]] = [_Worker(ctx, limits) for _ in range(max(1, workers))]
    try:
        for w in pool:
            _feed(w, pending)
        while busy := [w for w in pool if w.busy]:
            wait = max(0.0, min(w.deadline for w in busy) - time.monotonic())
            ready = multiprocessing.connection.wait([w.conn for w in busy] + [w.proc.sentinel for w in busy], wait)
            for i, w in enumerate(pool):
                outcome = _collect(w, ready) if w.busy else None
                if outcome is None:
                    continue
                if isinstance(outcome, Failure) and outcome.bug:
                    logger.error("internal error extracting %s:\n%s", w.source, outcome.detail)
                yield w.key, outcome
                w.busy = False
                if not w.proc.is_alive() or w.retiring or _spent(outcome):
                    w.stop()
                    w = pool[i] = _Worker(ctx, limits)
                _feed(w, pending)
    finally:
        for w in pool:
            w.stop()


def _feed(w: _Worker[K], pending: Iterator[tuple[K, Job]]) -> None:
    nxt = next(pending, None)
    if nxt is not None:
        w.submit(*nxt)


def _collect(w: _Worker[K], ready: Sequence[object]) -> Extraction | Failure | None:
    # Whether it died is asked first: all a dead worker sent is then in the pipe, to be read.
    dead = w.proc.sentinel in ready or not w.proc.is_alive()
    while w.conn.poll():
        try:
            kind, value = w.conn.recv()
        except (EOFError, OSError):
            break
        if kind == "done":
            return value  # type: ignore[no-any-return]
        if kind == "retiring":
            w.retiring = True
            continue
        w.pages, w.deadline = value, w.started + w.limits.wall_time(value)
    if dead:
        w.stop()
        return _death(w)
    if time.monotonic() >= w.deadline:
        w.stop()
        return Failure("Timeout", f"stopped after {w.deadline - w.started:g} s, the limit for {max(w.pages, 1)} page(s)")
    return None


def _death(w: _Worker[K]) -> Failure:
    code = w.proc.exitcode or 0
    if code == -signal.SIGXCPU:
        return Failure("Timeout", f"stopped at the CPU time limit of {w.limits.wall_time(w.pages):g} s")
    cause = f"signal {signal.Signals(-code).name}" if code < 0 else f"exit code {code}"
    return Failure("WorkerCrashed", f"the extraction process died ({cause})")


def extract_all(docs: list[DocumentRecord], blobs: BlobStore, jobs: int, timeout: float | None = None,
                limits: Limits | None = None, pictures: Mapping[str, Sequence[DocumentRecord]] | None = None,
                ) -> Iterator[tuple[DocumentRecord, Extraction | Failure]]:  # fmt: skip
    """Each archived document's outcome, in completion order; `timeout` caps the wall time.
    `pictures`: the archived pictures of each page, by the page's URL."""
    limits = (limits or Limits.from_env()).within(timeout)
    pictures = pictures or {}

    def job(doc: DocumentRecord) -> Job:
        held = tuple((p.url, str(blobs.path(p.sha256))) for p in pictures.get(doc.url, ()) if p.sha256 in blobs)
        return str(blobs.path(doc.sha256)), doc.url, doc.content_type, held

    work = ((doc, job(doc)) for doc in docs)
    if docs:
        yield from run_jobs(work, min(jobs, len(docs)), limits)


def extract_files(paths: Sequence[Path], jobs: int = 1, limits: Limits | None = None) -> Iterator[tuple[Path, Extraction | Failure]]:
    """Each file's outcome, in the order given."""
    done: dict[int, Extraction | Failure] = {}
    work = ((i, (str(p), str(p), None, None)) for i, p in enumerate(paths))
    following = 0
    for i, outcome in run_jobs(work, min(jobs, len(paths)), limits or Limits.from_env()) if paths else ():
        done[i] = outcome
        while following in done:
            yield paths[following], done.pop(following)
            following += 1
