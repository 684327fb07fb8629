"""The schema of a served file, read once: Datasette asks it again on every page, a thread hop each."""

from __future__ import annotations

import copy
from collections.abc import Callable, Coroutine
from typing import Any

# Database methods whose answer depends only on the file (and the fixed metadata: hidden tables,
# label columns). The home page asked them 130 times a request, a third of its time.
SCHEMA_LOOKUPS = ("table_names", "view_names", "hidden_table_names", "table_exists", "table_columns",
                  "table_column_details", "primary_keys", "fts_table", "foreign_keys_for_table",
                  "label_column_for_table")  # fmt: skip


def _remembered(name: str) -> Callable[..., Coroutine[Any, Any, Any]]:
    async def lookup(self: Any, *args: Any) -> Any:
        key = (name, *args)
        if key not in self.memo:
            self.memo[key] = await getattr(super(RememberedSchema, self), name)(*args)
        answer = self.memo[key]
        return copy.copy(answer) if isinstance(answer, dict | list) else answer

    lookup.__name__ = name
    return lookup


class RememberedSchema:
    """Mixed into a Database whose file never changes while served (swap.FileDatabase, which
    provides `memo`): each schema lookup is answered once, each caller getting its own list."""

    memo: dict[Any, Any]


for _name in SCHEMA_LOOKUPS:
    setattr(RememberedSchema, _name, _remembered(_name))
