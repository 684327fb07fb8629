"""Publish the database with Datasette: metadata, settings, templates and plugins in one place."""

from __future__ import annotations

import logging
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import uvicorn
import yaml
from datasette.app import Datasette

from archive.datasette import cjk_search
from archive.datasette.app import SiteDatasette
from archive.datasette.charts import add_dashboards
from archive.datasette.limits import MEMORY_CAP_BYTES, cap_memory
from archive.datasette.site import PLUGIN, Site
from archive.layout import Layout
from archive.readonly import open_readonly

logger = logging.getLogger(__name__)

DATASETTE_DIR = Path(__file__).parent / "datasette"
METADATA_PATH = DATASETTE_DIR / "metadata.yaml"
TEMPLATES_DIR = DATASETTE_DIR / "templates"
PLUGINS_DIR = DATASETTE_DIR / "plugins"
_METADATA_DATABASE = "nianbao"

SETTINGS: dict[str, object] = {
    # Suggestions cost a query per column on every table page; the useful facets are configured.
    "suggest_facets": False,
    "allow_download": True,
    # Report texts run to tens of thousands of characters; table pages show the start.
    "truncate_cells_html": 300,
    # search_texts scans every text for one- and two-character queries.
    "sql_time_limit_ms": 3000,
    "facet_time_limit_ms": 500,
    "default_facet_size": 20,
}

DEMO_TITLE = "DEMO · "
DEMO_NOTICE = (
    "Demo: this is sample data from the bundled demo portal, not the live archive (the portal is "
    "a local imitation of a government site). Do not cite these figures."
)


class DatabaseMissing(FileNotFoundError):
    """There is no published database to serve yet: run the build first."""


def has_bigram_index(db_path: Path) -> bool:
    with closing(open_readonly(db_path)) as conn:
        return cjk_search.has_bigram_index(conn)


def _use_bigram_index(database: dict[str, Any]) -> None:
    database["tables"]["report_texts"].update({"fts_table": cjk_search.BIGRAM_TABLE, "fts_pk": "rowid"})
    database["tables"][cjk_search.BIGRAM_TABLE] = {
        "hidden": True,
        "description": "Bigram full-text index of report_texts (finds words of any length).",
    }
    query = database["queries"]["search_texts"]
    query.update({"sql": cjk_search.BIGRAM_SEARCH_SQL, "description": cjk_search.BIGRAM_SEARCH_DESCRIPTION})


def _mark_demo(metadata: dict[str, Any], database: dict[str, Any]) -> None:
    metadata["title"] = DEMO_TITLE + metadata["title"]
    metadata["description_html"] = f'<p class="message-warning"><strong>{DEMO_NOTICE}</strong></p>\n' + metadata[
        "description_html"
    ]
    database["description"] = f"{DEMO_NOTICE} {database['description']}"


def load_metadata(layout: Layout, demo: bool = False) -> dict[str, Any]:
    """metadata.yaml, keyed by the served database's name, with the plugin configuration."""
    with METADATA_PATH.open(encoding="utf-8") as f:
        metadata: dict[str, Any] = yaml.safe_load(f)
    site = Site(layout.db_path.stem, layout, demo)
    database = metadata["databases"].pop(_METADATA_DATABASE)
    metadata["databases"][site.database] = database
    if layout.db_path.exists() and has_bigram_index(layout.db_path):
        _use_bigram_index(database)
    if demo:
        _mark_demo(metadata, database)
    metadata["plugins"] = {PLUGIN: site.as_plugin_config()}
    add_dashboards(metadata, site.database)
    return metadata


def _checkpoint(db_path: Path) -> None:
    """An immutable database is read without its WAL: fold a leftover WAL in first."""
    if not db_path.with_name(db_path.name + "-wal").exists():
        return
    with closing(sqlite3.connect(db_path)) as conn:
        busy = conn.execute("pragma wal_checkpoint(truncate)").fetchone()[0]
    if busy:
        logger.warning("%s is being written to; the site may show an inconsistent state", db_path)


def make_datasette(layout: Layout, demo: bool = False) -> Datasette:
    """Immutable, because Datasette 0.65 only offers the database for download when it is; a
    rebuilt database is served once renamed in (archive/datasette/swap.py), without a restart."""
    db_path = layout.db_path
    if not db_path.exists():
        raise DatabaseMissing(f"{db_path} does not exist; build the database first")
    _checkpoint(db_path)
    return SiteDatasette(
        immutables=[str(db_path)],
        metadata=load_metadata(layout, demo),
        settings=SETTINGS,
        template_dir=str(TEMPLATES_DIR),
        plugins_dir=str(PLUGINS_DIR),
    )


def site_url(host: str, port: int) -> str:
    return f"http://{host}:{port}/"


def serve(layout: Layout, host: str = "127.0.0.1", port: int = 8001, demo: bool = False,
          memory_cap: int = MEMORY_CAP_BYTES) -> None:
    """Run the site until interrupted. The CLI prints site_url(host, port) for the reader."""
    datasette = make_datasette(layout, demo)
    cap_memory(memory_cap)
    logger.info("serving %s at %s%s", layout.db_path, site_url(host, port), " (demo data)" if demo else "")
    uvicorn.run(datasette.app(), host=host, port=port, log_level="info", lifespan="on")
