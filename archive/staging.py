"""A database built beside the live one and renamed over it when complete: whoever opens the
path gets the old file or the new one, whole, even if the build is killed at any moment."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

logger = logging.getLogger(__name__)

_MARK = ".new-"
# SQLite's side files: a stale one beside the renamed-in database would be read as its own.
_SIDE_FILES = ("-journal", "-wal", "-shm")


def staging_path(live: Path, pid: int | None = None) -> Path:
    return live.with_name(f"{live.name}{_MARK}{pid or os.getpid()}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove(path: Path) -> None:
    for name in (path.name, *(path.name + s for s in _SIDE_FILES)):
        path.with_name(name).unlink(missing_ok=True)


def remove_stale(live: Path) -> list[Path]:
    """Delete what killed builds left behind; a build still running keeps its file."""
    removed = []
    for path in live.parent.glob(f"{live.name}{_MARK}*"):
        pid = path.name.rsplit(_MARK, 1)[1]
        if not pid.isdigit() or (int(pid) != os.getpid() and _alive(int(pid))):
            continue
        _remove(path)
        removed.append(path)
        logger.info("removed %s, left by a build that did not finish", path)
    return removed


def _fsync(path: Path, flags: int = os.O_RDONLY) -> None:
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def swap_in(staged: Path, live: Path) -> None:
    """Rename the finished file over the live one; open readers keep the file they opened."""
    _fsync(staged)
    for suffix in _SIDE_FILES:
        live.with_name(live.name + suffix).unlink(missing_ok=True)
    os.replace(staged, live)
    _fsync(live.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))


@contextmanager
def staged(live: Path) -> Iterator[Path]:
    """Yield a fresh path beside `live`; it is deleted if the block does not finish, so a
    stopped build leaves nothing but the live database."""
    live.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(live)
    path = staging_path(live)
    try:
        yield path
    finally:
        _remove(path)
