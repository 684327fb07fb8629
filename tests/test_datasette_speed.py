"""What keeps the site fast at a national scale (issue 10; measured by tests/bench_site.py): lookups
remembered, counts read once per served file, the offered sorts and facets served by indexes,
search reading the text of the listed matches only."""

from __future__ import annotations

import os
import shutil
import sqlite3
from typing import Any
from urllib.parse import quote

import pytest
from datasette import hookimpl
from datasette.app import Datasette
from datasette.plugins import pm
from datasette.tracer import capture_traces
from datasette.utils import to_css_class
from lxml import html
from markupsafe import Markup

from archive.datasette import swap
from archive.datasette.cjk_search import SEARCH_LIMIT
from archive.datasette.table_rows import rows_html
from archive.publish import make_datasette
from archive.schema import open_database
from tests.test_datasette_sample import Sample, _sample_template, ds, sample  # noqa: F401  (fixtures)


async def test_table_permissions_are_worked_out_once_per_table(ds: Datasette, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, str]] = []
    original = Datasette._table_permission_allows

    def counted(self: Datasette, database: str, table: str) -> Any:
        calls.append((database, table))
        return original(self, database, table)

    monkeypatch.setattr(Datasette, "_table_permission_allows", counted)
    for _ in range(3):
        assert (await ds.client.get("/")).status_code == 200
    assert calls and len(calls) == len(set(calls)), "each table's answer is remembered"


class _PerRequestMetadata:
    @hookimpl  # type: ignore[untyped-decorator]
    def get_metadata(self, datasette: Any, key: Any, database: Any, table: Any) -> dict[str, Any]:
        return {"databases": {"nianbao": {"tables": {"agencies": {"allow": {"id": "nobody"}}}}}}


async def test_metadata_supplied_by_a_plugin_is_asked_every_time(ds: Datasette) -> None:
    assert (await ds.client.get("/nianbao/agencies")).status_code == 200
    plugin = _PerRequestMetadata()
    pm.register(plugin, name="per_request_metadata")
    try:
        assert (await ds.client.get("/nianbao/agencies")).status_code == 403, "a plugin's metadata is not frozen"
    finally:
        pm.unregister(plugin)
    assert (await ds.client.get("/nianbao/agencies")).status_code == 200


async def test_a_served_file_is_asked_its_schema_once(ds: Datasette, monkeypatch: pytest.MonkeyPatch) -> None:
    db = ds.get_database("nianbao")
    assert isinstance(db, swap.FileDatabase)
    asked: list[Any] = []
    original = swap.FileDatabase.execute_fn

    async def counted(self: swap.FileDatabase, fn: Any) -> Any:
        asked.append(fn)
        return await original(self, fn)

    monkeypatch.setattr(swap.FileDatabase, "execute_fn", counted)
    columns = await db.table_columns("reports")
    assert len(asked) == 1 and "title" in columns
    columns.append("changed by a caller")
    assert await db.table_columns("reports") == columns[:-1] and len(asked) == 1, "answered once, each caller a copy"
    assert await db.primary_keys("reports") == ["sha256"] and len(asked) == 2
    await ds.client.get("/")
    home = len(asked)
    await ds.client.get("/")
    again = {fn.__qualname__.split(".<locals>")[0] for fn in asked[home:]}
    assert again == {"Database.execute"}, "the second home page asks SQLite only queries, no schema lookup"


def _reports_fact(page: str) -> str:
    return " ".join(html.fromstring(page).xpath("string(//div[@data-fact='reports'])").split())


async def test_home_counts_are_read_once_per_served_file(sample: Sample, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(swap, "CHECK_INTERVAL", 0.0)
    ds = make_datasette(sample.layout)
    assert _reports_fact((await ds.client.get("/")).text) == "4 reports"
    with sqlite3.connect(sample.layout.db_path) as conn:  # the same file, changed in place: still cached
        conn.execute("update reports set duplicate_of = ? where sha256 = ?", [sample.seed.sha256, sample.pdf.sha256])
    assert _reports_fact((await ds.client.get("/")).text) == "4 reports"
    rebuilt = sample.layout.db_path.with_name("rebuilt.db")
    shutil.copyfile(sample.layout.db_path, rebuilt)
    os.replace(rebuilt, sample.layout.db_path)  # what `nianbao build` does: a new file renamed in
    assert _reports_fact((await ds.client.get("/")).text) == "3 reports (1 more are copies)"


def test_rows_are_written_as_datasette_would_and_escaped() -> None:
    rows = [[{"column": "title", "value_type": "str", "value": "<b>1 & 2</b>"},
             {"column": "sha256", "value_type": "pk", "value": Markup('<a href="/x">x</a>')},
             {"column": "new received", "value_type": "int", "value": 3}]]  # fmt: skip
    cells = html.fromstring(f"<table><tbody>{rows_html(rows)}</tbody></table>").xpath("//td")
    assert [c.text_content() for c in cells] == ["<b>1 & 2</b>", "x", "3"], "text escaped, markup kept"
    assert cells[0].get("class") == "col-title type-str" and cells[1].xpath("a/@href") == ["/x"]
    assert cells[2].get("class") == f"col-{to_css_class('new received')} type-int" == "col-new-received-77f1bc type-int"


async def _plans(ds: Datasette, path: str) -> list[str]:
    """The query plan of every SQL statement a page runs on report_figures."""
    trace: list[dict[str, Any]] = []
    with capture_traces(trace):
        assert (await ds.client.get(path)).status_code == 200
    conn = sqlite3.connect(ds.get_database("nianbao").path)
    plans = []
    for t in trace:
        if "from report_figures" in t["sql"] and not t["sql"].startswith("select count(*)"):
            params = t["params"] if isinstance(t["params"], dict) else {}
            plans.append(" / ".join(r[3] for r in conn.execute("explain query plan " + t["sql"], params)))
    return plans


async def test_the_offered_sort_and_its_facets_read_indexes(ds: Datasette) -> None:
    plans = await _plans(ds, "/nianbao/report_figures.json?year=2021&_sort_desc=new_received")
    page = [p for p in plans if "idx_report_figures_year_new_received" in p]
    facets = [p for p in plans if p not in page]
    assert len(page) == 1 and len(facets) >= 4, plans  # the rows, then the default facets but year
    assert all("COVERING INDEX" in p and "GROUP BY" not in p for p in facets), "facets counted from an index alone"


async def test_search_lists_the_most_recent_matches_and_counts_them_all(sample: Sample) -> None:
    db = open_database(sample.layout.db_path)
    extra = SEARCH_LIMIT + 20
    with db.conn:
        for n in range(extra):
            sha = f"{n:064x}"
            db["reports"].insert({"sha256": sha, "title": f"报告{n}", "agency": f"机关{n:03d}", "year": 2000 + n % 30})
            db["report_texts"].insert({"sha256": sha, "title": f"报告{n}", "agency": f"机关{n:03d}", "text": "行政复议"})
    db.close()
    ds = make_datasette(sample.layout)
    rows = (await ds.client.get(f"/nianbao/search_texts.json?q={quote('复议')}&_shape=array")).json()
    matching = extra + sum("复议" in r.text for r in (sample.seed, sample.blanks, sample.pdf, sample.legacy))
    assert len(rows) == SEARCH_LIMIT and {r["matches"] for r in rows} == {matching}
    years = [r["year"] for r in rows]
    assert years == sorted(years, reverse=True) and years[0] == 2029
    assert all("复议" in r["context"] for r in rows)
