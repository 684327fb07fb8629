"""Serve a database file that `nianbao build` renames over: requests already running keep the
connections they hold to the old file, which is closed after the last of them ends; requests
that start after the rename is seen (within CHECK_INTERVAL) read the new file."""

from __future__ import annotations

import asyncio
import gc
import itertools
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Awaitable, Callable
from typing import Any

from datasette.database import Database

from archive.datasette.file_memo import FileMemo
from archive.datasette.stable_sort import StableSort

logger = logging.getLogger(__name__)

CHECK_INTERVAL = 1.0  # seconds between two looks at the path; a stat per request is not needed
ASGIApp = Callable[[dict[str, Any], Any, Any], Awaitable[None]]

_connections = threading.local()
_generations = itertools.count()


class FileDatabase(StableSort, FileMemo, Database):  # type: ignore[misc]
    """One immutable file, pinned by its inode. Datasette 0.65 keeps each thread's connection
    under the database's name, so a replacement would go on reading the old file: here the
    connections belong to the object, and close with it."""

    def __init__(self, datasette: Any, path: str) -> None:
        super().__init__(datasette, path=path, is_mutable=False)
        stat = os.stat(path)
        self.inode = (stat.st_dev, stat.st_ino)
        self.requests = 0
        self.retired = False
        # What pages derive from the whole file (its schema, the home page's counts): the file
        # never changes while served, and a rebuilt one comes with a new FileDatabase.
        self.memo: dict[Any, Any] = {}
        # Not id(self): a closed object's id can be reused, and with it its closed connections.
        self.connection_key = f"nianbao_{next(_generations)}"

    async def execute_fn(self, fn: Callable[[Any], Any]) -> Any:
        if self.ds.executor is None:
            return await super().execute_fn(fn)

        def in_thread() -> Any:
            conn = getattr(_connections, self.connection_key, None)
            if conn is None:
                conn = self.connect()
                self.ds._prepare_connection(conn, self.name)
                setattr(_connections, self.connection_key, conn)
            return fn(conn)

        return await asyncio.get_running_loop().run_in_executor(self.ds.executor, in_thread)

    def close(self) -> None:
        """Every connection closed, then the garbage collected: a closed connection keeps its file
        open while a statement of it lives on, and a cursor caught in a reference cycle (the
        traceback of a query stopped by the time limit holds its frame) lives until collected."""
        for conn in self._all_file_connections:
            try:
                conn.close()
            except sqlite3.Error as exc:  # the others must still be closed
                logger.warning("closing a connection to %s: %s", self.path, exc)
        gc.collect()

    def finish_request(self) -> None:
        self.requests -= 1
        if self.retired and self.requests == 0:
            self.close()


def _install(datasette: Any, name: str, old: Any) -> FileDatabase:
    new = FileDatabase(datasette, old.path)
    new.name, new.route = name, old.route
    databases = dict(datasette.databases)
    databases[name] = new
    datasette.databases = databases  # a new dict: Datasette iterates the old one without a lock
    return new


class Swapper:
    """Looks at the database's path at most once a CHECK_INTERVAL and serves a new inode there."""

    def __init__(self, datasette: Any, name: str) -> None:
        self.datasette, self.name = datasette, name
        self.checked_at = time.monotonic()
        db = datasette.databases[name]
        if not isinstance(db, FileDatabase):
            _install(datasette, name, db)
            db.close()

    def current(self) -> FileDatabase:
        db: FileDatabase = self.datasette.databases[self.name]
        if time.monotonic() - self.checked_at < CHECK_INTERVAL:
            return db
        self.checked_at = time.monotonic()
        try:
            stat = os.stat(db.path)
        except OSError:
            return db  # the file is gone: keep serving the one that is open
        if (stat.st_dev, stat.st_ino) == db.inode:
            return db
        logger.info("%s was rebuilt: new requests read the new file", db.path)
        new = _install(self.datasette, self.name, db)
        db.retired = True
        if db.requests == 0:
            db.close()
        return new

    def wrap(self, app: ASGIApp) -> ASGIApp:
        async def serve(scope: dict[str, Any], receive: Any, send: Any) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            db = self.current()
            db.requests += 1
            try:
                await app(scope, receive, send)
            finally:
                db.finish_request()

        return serve
