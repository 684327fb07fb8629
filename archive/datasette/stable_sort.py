"""Stable pages for sorted tables. Datasette 0.65 orders a sorted table's first page by the sort
column alone and every later page by the sort column, then the primary key. Rows tied on the sort
column (every report of a year, every zero) could therefore be skipped or repeated from one page
to the next, and a streamed CSV of all rows repeated some (1,200 tied rows came back as 1,999).
The first page of a table gets the same tie-break as the pages after it."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Any

from datasette.utils import escape_sqlite, tilde_decode

App = Callable[[dict[str, Any], Any, Any], Awaitable[None]]

# (database, table) of the table page being served; None for every other request (SQL, queries).
TABLE_PAGE: ContextVar[tuple[str, str] | None] = ContextVar("nianbao_table_page", default=None)
# The end of a table page's query when Datasette ordered it by one column and no tie-break.
_ONE_COLUMN_ORDER = re.compile(r" order by (\[[^\]]*\]|\w+)( desc)? limit (\d+)$")
_TABLE_PATH = re.compile(r"^/([^/]+)/([^/]+?)(\.\w+)?$")


def table_page(path: str) -> tuple[str, str] | None:
    """(database, table) named by a table page's path: /db/table, /db/table.csv."""
    match = _TABLE_PATH.match(path)
    return (tilde_decode(match.group(1)), tilde_decode(match.group(2))) if match and not path.startswith("/-/") else None


def with_table_page(app: App) -> App:
    async def wrapped(scope: dict[str, Any], receive: Any, send: Any) -> None:
        token = TABLE_PAGE.set(table_page(str(scope.get("path", ""))) if scope.get("type") == "http" else None)
        try:
            await app(scope, receive, send)
        finally:
            TABLE_PAGE.reset(token)

    return wrapped


class StableSort:
    """Mixed into the served Database (swap.FileDatabase): the query of a table page ordered by one
    column is ordered by its primary key too (rowid for a table without one); nothing else changes."""

    name: str

    async def execute(self, sql: str, params: Any = None, *args: Any, **kwargs: Any) -> Any:
        page = TABLE_PAGE.get()
        if page is not None and page[0] == self.name and (match := _ONE_COLUMN_ORDER.search(sql)):
            sql = await self._tie_broken(sql, match, page[1])
        return await super().execute(sql, params, *args, **kwargs)  # type: ignore[misc]

    async def _tie_broken(self, sql: str, match: re.Match[str], table: str) -> str:
        if table in await self.view_names() or table not in await self.table_names():  # type: ignore[attr-defined]
            return sql
        pks = await self.primary_keys(table)  # type: ignore[attr-defined]
        column = match.group(1).strip("[]")
        if pks == [column] or (not pks and column == "rowid"):
            return sql
        tie_break = ", ".join(escape_sqlite(pk) for pk in pks) if pks else "rowid"
        return f"{sql[: match.start()]} order by {match.group(1)}{match.group(2) or ''}, {tie_break} limit {match.group(3)}"
