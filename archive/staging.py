"""A database built beside the live one and renamed over it when complete: whoever opens the
path gets the old file or the new one, whole, even if the build is killed at any moment."""

from __future__ import annotations

import fcntl
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

logger = logging.getLogger(__name__)

_MARK = ".new-"
_LOCK = ".lock"
# SQLite's side files: a stale one beside the renamed-in database would be read as its own.
_SIDE_FILES = ("-journal", "-wal", "-shm")


def staging_path(live: Path, pid: int | None = None) -> Path:
    return live.with_name(f"{live.name}{_MARK}{pid or os.getpid()}")


def _lock_path(staged: Path) -> Path:
    return staged.with_name(staged.name + _LOCK)


def _remove(path: Path) -> None:
    for name in (path.name, *(path.name + s for s in (*_SIDE_FILES, _LOCK))):
        path.with_name(name).unlink(missing_ok=True)


def _held(lock: Path) -> bool:
    """A build holds a POSIX lock on its lock file while it runs; the kernel drops it when the
    process dies, however it dies. (A process id would not do: after a reboot a daemon may
    have the id of a build the reboot killed.)"""
    try:
        fd = os.open(lock, os.O_RDWR)
    except FileNotFoundError:
        return False  # the lock is made before the database file: this one was never locked
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False


def remove_stale(live: Path) -> list[Path]:
    """Delete what killed builds left behind; a build still running keeps its files."""
    removed = []
    for path in sorted(live.parent.glob(f"{live.name}{_MARK}*")):
        if path.name.endswith(_LOCK):
            # A build killed between making its lock and its database leaves the lock alone.
            if path.exists() and not path.with_name(path.name[: -len(_LOCK)]).exists() and not _held(path):
                path.unlink(missing_ok=True)
                removed.append(path)
            continue
        if path.name.endswith(_SIDE_FILES) or _held(_lock_path(path)):
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
    """Yield a fresh path beside `live`, locked for this process; it is deleted if the block does
    not finish, so a stopped build leaves nothing but the live database."""
    live.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(live)
    path = staging_path(live)
    # A POSIX lock, not flock: forked workers do not inherit it, so it dies with this process.
    lock = os.open(_lock_path(path), os.O_CREAT | os.O_RDWR, 0o644)
    try:
        fcntl.lockf(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        yield path
    finally:
        _remove(path)
        os.close(lock)
