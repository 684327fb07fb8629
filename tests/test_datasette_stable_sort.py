"""A sorted table pages through every row once, and its streamed CSV holds each row once (Datasette
0.65 left the first page without the primary-key tie-break the later pages have)."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path
from urllib.parse import quote

from archive.datasette.stable_sort import table_page
from archive.layout import Layout
from archive.publish import make_datasette
from archive.schema import open_database

TIED = 1_200


def _tied_archive(root: Path) -> Layout:
    layout = Layout(root)
    db = open_database(layout.db_path)
    # Inserted in an order unlike the primary key's, so rows tied on year come back in neither.
    rows = [(f"{(n * 7919) % TIED:064x}", f"机关{n:04d}", 2030 if n % 10 else 2031, n % 3) for n in range(TIED)]
    db.conn.executemany("insert into report_figures (sha256, printed_agency, year, template, new_received) "
                        "values (?, ?, ?, '2021', ?)", rows)  # fmt: skip
    db.conn.commit()
    db.close()
    return layout


async def test_every_page_of_a_sorted_table_holds_new_rows(tmp_path: Path) -> None:
    ds = make_datasette(_tied_archive(tmp_path))
    for sort in ("", "&_sort_desc=year", "&_sort=new_received", "&_sort_desc=new_received&year=2030"):
        seen: list[str] = []
        first = f"/nianbao/report_figures.json?_size=100&_shape=objects{sort}"
        path: str | None = first
        while path:
            page = (await ds.client.get(path)).json()
            seen += [row["sha256"] for row in page["rows"]]
            path = f"{first}&_next={quote(page['next'])}" if page["next"] else None
        expected = TIED - (TIED // 10 if "year=2030" in sort else 0)
        assert len(seen) == len(set(seen)) == expected, sort


async def test_a_streamed_csv_holds_each_row_once(tmp_path: Path) -> None:
    ds = make_datasette(_tied_archive(tmp_path))
    response = await ds.client.get("/nianbao/report_figures.csv?_size=max&_stream=on")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == len({r["sha256"] for r in rows}) == TIED


async def test_sql_of_ones_own_is_not_touched(tmp_path: Path) -> None:
    layout = _tied_archive(tmp_path)
    ds = make_datasette(layout)
    sql = "select sha256 from report_figures order by year desc limit 5"
    got = (await ds.client.get("/nianbao.json", params={"sql": sql, "_shape": "array"})).json()
    con = sqlite3.connect(layout.db_path)
    assert [r["sha256"] for r in got] == [r[0] for r in con.execute(sql)]


def test_only_table_paths_are_table_pages() -> None:
    assert table_page("/nianbao/report_figures") == ("nianbao", "report_figures")
    assert table_page("/nianbao/report_figures.csv") == ("nianbao", "report_figures")
    assert table_page("/nianbao/cells/123,4") is None and table_page("/-/report/abc") is None
    assert table_page("/nianbao") is None
