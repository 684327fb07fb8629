"""The schema of a served file, read once: Datasette asks it again on every page, a thread hop each."""

from __future__ import annotations

import copy
from collections.abc import Callable, Coroutine
from typing import Any

# Database methods whose answer depends only on the file (and the fixed metadata: hidden tables,
# label columns). The home page asked them 130 times a request, a third of its time.
SCHEMA_LOOKUPS = ("table_names", "view_names", "hidden_table_names", "table_exists", "table_columns",
                  "table_column_details", "primary_keys", "fts_table", "foreign_keys_for_table",
                  "label_column_for_table", "get_table_definition", "get_view_definition")  # fmt: skip


def _remembered(name: str) -> Callable[..., Coroutine[Any, Any, Any]]:
    async def lookup(self: Any, *args: Any, **kwargs: Any) -> Any:
        key = (name, *args, *sorted(kwargs.items()))
        if key not in self.memo:
            self.memo[key] = await getattr(super(RememberedSchema, self), name)(*args, **kwargs)
        answer = self.memo[key]
        return copy.copy(answer) if isinstance(answer, dict | list) else answer

    lookup.__name__ = name
    return lookup


# Datasette 0.65.5's permission check spells a table's name as sqlite_master does: twice a table
# on the home page, sixty queries.
_NAME_LOOKUP = "select name from sqlite_master where type in ('table', 'view') and name = ? collate nocase"


class RememberedSchema:
    """Mixed into a Database whose file never changes while served (swap.FileDatabase, which
    provides `memo`): each schema lookup is answered once, each caller getting its own list."""

    memo: dict[Any, Any]

    async def execute(self, sql: str, params: Any = None, *args: Any, **kwargs: Any) -> Any:
        run = super().execute  # type: ignore[misc]
        if sql != _NAME_LOOKUP or args or kwargs:
            return await run(sql, params, *args, **kwargs)
        key = ("execute", sql, tuple(params or ()))
        if key not in self.memo:
            self.memo[key] = await run(sql, params)
        return self.memo[key]


for _name in SCHEMA_LOOKUPS:
    setattr(RememberedSchema, _name, _remembered(_name))
