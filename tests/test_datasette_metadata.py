"""The published site describes every table and column, configures its facets and labels demo data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from datasette.app import Datasette

from archive.layout import Layout
from archive.publish import load_metadata, make_datasette
from archive.schema import open_database
from tests.test_datasette_sample import Sample, _sample_template, ds, sample  # noqa: F401  (fixtures)

FACETS = {
    "reports": ["year", "agency", "template", "check_status"],
    "checks": ["rule", "status"],
    "failures": ["error"],
}


def _tables(metadata: dict[str, Any]) -> dict[str, Any]:
    tables: dict[str, Any] = metadata["databases"]["nianbao"]["tables"]
    return tables


async def _undescribed(datasette: Datasette, layout: Layout) -> list[str]:
    """Walk the schema the migrations really create; Datasette decides what is hidden."""
    tables = _tables(datasette.metadata())
    db = datasette.get_database("nianbao")
    hidden = set(await db.hidden_table_names())
    problems = []
    for table in open_database(layout.db_path).table_names():
        entry = tables.get(table)
        if entry is None:
            # FTS shadow tables (report_texts_fts_data …) hide with their hidden FTS table.
            if not any(table.startswith(h + "_") and tables.get(h, {}).get("hidden") for h in tables):
                problems.append(f"{table}: no description")
            continue
        if not entry.get("description"):
            problems.append(f"{table}: no description")
        if table in hidden and entry.get("hidden"):
            continue
        columns = set(entry.get("columns", {}))
        actual = {c for c in await db.table_columns(table)}
        problems += [f"{table}.{c}: no description" for c in sorted(actual - columns)]
        problems += [f"{table}.{c}: described but not in the schema" for c in sorted(columns - actual)]
        problems += [f"{table}.{c}: empty description" for c in sorted(columns) if not entry["columns"][c]]
    return problems


async def test_every_table_and_column_of_the_schema_is_described(sample: Sample, ds: Datasette) -> None:
    assert await _undescribed(ds, sample.layout) == []


async def test_the_bigram_index_table_is_described_and_hidden_too(sample: Sample) -> None:
    datasette = make_datasette(sample.layout)
    assert await _undescribed(datasette, sample.layout) == []
    assert "report_texts_bigram" in await datasette.get_database("nianbao").hidden_table_names()


async def test_a_new_column_without_a_description_is_caught(sample: Sample) -> None:
    open_database(sample.layout.db_path)["reports"].add_column("undocumented", str)
    assert await _undescribed(make_datasette(sample.layout), sample.layout) == ["reports.undocumented: no description"]


async def test_fts_shadow_tables_and_migrations_are_hidden(ds: Datasette) -> None:
    hidden = set(await ds.get_database("nianbao").hidden_table_names())
    assert {"report_texts_fts", "report_texts_fts_data", "report_texts_fts_idx", "_sqlite_migrations"} <= hidden
    response = await ds.client.get("/nianbao.json")
    visible = {t["name"] for t in response.json()["tables"] if not t["hidden"]}
    assert visible == {"documents", "reports", "report_texts", "cells", "checks", "extras", "failures", "runs", "portals", "fetches", "crawl_log",
                       "legacy_figures", "agencies", "agency_names", "report_figures", "cell_kinds", "codes", "columns", "revisions"}


@pytest.mark.parametrize("table", sorted(FACETS))
async def test_facets_are_configured_and_suggestions_are_off(ds: Datasette, table: str) -> None:
    assert _tables(ds.metadata())[table]["facets"] == FACETS[table]
    data = (await ds.client.get(f"/nianbao/{table}.json?_extra=facet_results,suggested_facets")).json()
    assert set(data["facet_results"]) == set(FACETS[table])
    assert data["suggested_facets"] == []
    assert ds.setting("suggest_facets") is False


async def test_the_million_row_cells_table_has_no_default_facets(ds: Datasette) -> None:
    assert "facets" not in _tables(ds.metadata())["cells"]
    data = (await ds.client.get("/nianbao/cells.json?_extra=facet_results")).json()
    assert data["facet_results"] == {}
    chosen = (await ds.client.get("/nianbao/cells.json?_facet=kind&_extra=facet_results")).json()
    assert set(chosen["facet_results"]) == {"kind"}, "a facet is still one click away"


async def test_reports_sort_by_year_and_label_by_title(sample: Sample, ds: Datasette) -> None:
    reports = (await ds.client.get("/nianbao/reports.json?_shape=array")).json()
    assert [r["year"] for r in reports] == sorted((r["year"] for r in reports), reverse=True)
    cells = (await ds.client.get("/nianbao/cells.json?_shape=array&_labels=on&_size=1")).json()
    assert cells[0]["report_id"]["label"].endswith("年度报告")


async def test_the_index_page_says_what_and_under_which_licence(ds: Datasette) -> None:
    page = (await ds.client.get("/")).text
    for phrase in ("政府信息公开工作年度报告", "CC BY 4.0", "Apache-2.0", "政府信息公开条例", "unaltered"):
        assert phrase in page
    assert "demo portal" not in page


async def test_demo_data_is_labelled_as_such(sample: Sample) -> None:
    demo = make_datasette(sample.layout, demo=True)
    page = (await demo.client.get("/")).text
    assert "DEMO" in demo.metadata()["title"]
    assert "sample data from the bundled demo portal, not the live archive" in page
    assert "demo portal" in (await demo.client.get("/nianbao")).text
    report = (await demo.client.get(f"/-/report/{sample.seed.sha256}")).text
    assert "sample data from the bundled demo portal" in report


def test_metadata_points_the_plugin_at_the_data_dir(tmp_path: Path) -> None:
    layout = Layout(tmp_path / "somewhere")
    config = load_metadata(layout)["plugins"]["nianbao"]
    assert config == {"database": "nianbao", "data_dir": str(layout.root), "demo": False}
