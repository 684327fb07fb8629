"""Datasette plugin: SQLite limits on every connection; a rejected request is one line of log."""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

import datasette.handle_exception
from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.utils.asgi import Base400, NotFound
from datasette.views.base import DatasetteError

from archive.datasette.limits import limit_connection, one_line

logger = logging.getLogger("archive.datasette.limits")

# Datasette's fallback handler prints every exception with rich, locals included: about 48 kB of
# log per mistyped URL or bad query. Without rich it prints a traceback only for a genuine bug
# (an exception that is not a DatasetteError or a 4xx), which is what we want to see.
datasette.handle_exception.rich = None


@hookimpl  # type: ignore[untyped-decorator]
def prepare_connection(conn: sqlite3.Connection) -> None:
    limit_connection(conn)


@hookimpl(tryfirst=True)  # type: ignore[untyped-decorator]
def handle_exception(request: Any, exception: BaseException) -> None:
    """Log the rejection and let Datasette's handler render the error page."""
    if not isinstance(exception, Base400 | DatasetteError | QueryInterrupted | sqlite3.Error):
        return
    if isinstance(exception.__context__, sqlite3.Error):
        return  # Datasette has already written the failed SQL and its error on one line
    target = request.path + (f"?{request.query_string}" if request.query_string else "")
    message = getattr(exception, "message", None) or (exception.args[0] if exception.args else "")
    level = logging.INFO if isinstance(exception, NotFound) else logging.WARNING
    logger.log(level, "rejected %s: %s: %s", one_line(target, 200), type(exception).__name__, one_line(str(message)))
