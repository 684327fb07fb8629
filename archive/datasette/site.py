"""The `nianbao` plugin configuration every hook reads: which database, which data dir, demo or not."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from datasette.utils.asgi import Response

from archive.blobs import BlobStore
from archive.layout import Layout

PLUGIN = "nianbao"
_CACHE_ATTRIBUTE = "_nianbao_site"
_UNSET = object()
_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Site:
    database: str
    layout: Layout
    demo: bool = False

    def as_plugin_config(self) -> dict[str, object]:
        return {"database": self.database, "data_dir": str(self.layout.root), "demo": self.demo}


def _read_site_config(datasette: Any) -> Site | None:
    config = datasette.plugin_config(PLUGIN)
    if not isinstance(config, dict):
        return None
    # Without a data_dir the usual NIANBAO_DATA / ./data resolution applies, as for the CLI.
    layout = Layout.from_env(config.get("data_dir"))
    return Site(str(config.get("database") or layout.db_path.stem), layout, bool(config.get("demo")))


def site_config(datasette: Any) -> Site | None:
    """None when this Datasette does not serve the archive: the hooks then stay out of the way.
    Read once per Datasette (the metadata is fixed at start): render_cell asks for every cell."""
    cached = datasette.__dict__.get(_CACHE_ATTRIBUTE, _UNSET)
    if cached is _UNSET:
        cached = _read_site_config(datasette)
        setattr(datasette, _CACHE_ATTRIBUTE, cached)
    return cached if isinstance(cached, Site) else None


def is_sha256(value: str) -> bool:
    """Lower-case only: blobs are stored under lower-case names, and one URL per document caches best."""
    return _SHA256.fullmatch(value) is not None


def report_path(datasette: Any, sha256: str) -> str:
    return str(datasette.urls.path(f"/-/report/{sha256}"))


def original_path(datasette: Any, sha256: str) -> str:
    return str(datasette.urls.path(f"/-/archive/{sha256}"))


def blob_file(site: Site, sha256: str) -> Path | None:
    path = BlobStore(site.layout.blobs_dir).path(sha256)
    return path if path.is_file() else None


async def not_found(datasette: Any, request: Any, message: str) -> Response:
    """Datasette's own 404 page, rendered directly: raising NotFound would have Datasette print a
    traceback with locals for every mistyped or probing URL."""
    context = {"ok": False, "error": message, "status": 404, "title": None}
    return Response.html(await datasette.render_template(["404.html", "error.html"], context, request=request), 404)
