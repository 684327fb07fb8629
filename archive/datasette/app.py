"""The Datasette the site runs: Datasette 0.65 with its lookups in the fixed metadata remembered."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from datasette.app import Datasette
from datasette.plugins import pm


class SiteDatasette(Datasette):  # type: ignore[misc]
    """Datasette 0.65.5 walks the whole metadata (every description, query and chart) on each
    lookup: it deep-copies all of it for each table whose visibility it checks (the home page
    checks every table three times: most of its 100 ms), and merges it again for each string
    cell a render_cell plugin asks its configuration for (datasette-render-markdown, shipped
    with datasette-dashboards). The answers depend only on the metadata, which is fixed when the
    site starts unless a plugin supplies metadata per request (get_metadata): it is then asked
    every time, as before. Each caller gets the answer as Datasette gives it: from metadata() a
    dict or list of its own whose values are shared with the metadata, from plugin_config() a
    deep copy (datasette-dashboards edits the charts' queries it is given)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._answers: dict[tuple[Any, ...], Any] | None = None  # not while the metadata is set up
        super().__init__(*args, **kwargs)
        self._answers = {}

    def _remembered(self, key: tuple[Any, ...], compute: Callable[[], Any], deep: bool = False) -> Any:
        if self._answers is None or pm.hook.get_metadata.get_hookimpls():
            return compute()
        if key not in self._answers:
            self._answers[key] = compute()
        answer = self._answers[key]
        if not isinstance(answer, dict | list):
            return answer
        return copy.deepcopy(answer) if deep else copy.copy(answer)

    def _table_permission_allows(self, database: str, table: str) -> Any:
        parent = super()._table_permission_allows
        return self._remembered(("allows", database, table), lambda: parent(database, table))

    def metadata(self, key: str | None = None, database: str | None = None, table: str | None = None,
                 fallback: bool = True) -> Any:  # fmt: skip
        parent = super().metadata
        return self._remembered(("metadata", key, database, table, fallback), lambda: parent(key, database, table, fallback))

    def plugin_config(self, plugin_name: str, database: str | None = None, table: str | None = None,
                      fallback: bool = True) -> Any:  # fmt: skip
        parent = super().plugin_config
        return self._remembered(("plugin", plugin_name, database, table, fallback),
                                lambda: parent(plugin_name, database, table, fallback), deep=True)  # fmt: skip
