"""What a served file answers, read once: Datasette asks its schema again on every page, a thread hop each."""

from __future__ import annotations

import copy
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

# Database methods whose answer depends only on the file (and the fixed metadata: hidden tables,
# label columns). The home page asked them 130 times a request, a third of its time.
SCHEMA_LOOKUPS = ("table_names", "view_names", "hidden_table_names", "table_exists", "table_columns",
                  "table_column_details", "primary_keys", "fts_table", "foreign_keys_for_table",
                  "label_column_for_table", "get_table_definition", "get_view_definition")  # fmt: skip
# Datasette 0.65.5's permission check spells a table's name as sqlite_master does: twice a table
# on the home page, sixty queries.
_NAME_LOOKUP = "select name from sqlite_master where type in ('table', 'view') and name = ? collate nocase"


class FileMemo:
    """Mixed into a Database whose file never changes while served (swap.FileDatabase, which
    provides `memo` and is replaced, memo and all, when a rebuilt file is renamed in)."""

    memo: dict[Any, Any]

    async def remembered(self, key: Any, compute: Callable[[], Awaitable[Any]]) -> Any:
        if key not in self.memo:
            self.memo[key] = await compute()
        return self.memo[key]

    async def execute(self, sql: str, params: Any = None, *args: Any, **kwargs: Any) -> Any:
        run = super().execute  # type: ignore[misc]
        if sql != _NAME_LOOKUP or args or kwargs:
            return await run(sql, params, *args, **kwargs)
        return await self.remembered(("execute", sql, tuple(params or ())), lambda: run(sql, params))


def _schema_lookup(name: str) -> Callable[..., Coroutine[Any, Any, Any]]:
    async def lookup(self: FileMemo, *args: Any, **kwargs: Any) -> Any:
        parent = getattr(super(FileMemo, self), name)
        answer = await self.remembered((name, *args, *sorted(kwargs.items())), lambda: parent(*args, **kwargs))
        return copy.copy(answer) if isinstance(answer, dict | list) else answer  # each caller its own list

    lookup.__name__ = name
    return lookup


for _name in SCHEMA_LOOKUPS:
    setattr(FileMemo, _name, _schema_lookup(_name))
