"""Hashes shown short: the first 10 characters, the full SHA-256 on hover and in the link."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from markupsafe import Markup

SHORT = 10
# Columns moved to the front of every table page, so a 64-character hash never squeezes a title.
LEADING = ("title", "agency", "year")
_SHA256_IN_TEXT = re.compile(r"[0-9a-f]{64}")
_HREF = re.compile(r'href="([^"]*)"')


def short(sha256: str) -> str:
    return sha256[:SHORT] + "…"


def shorten_text(text: str) -> str:
    return _SHA256_IN_TEXT.sub(lambda m: short(m.group(0)), text)


def hash_link(href: str, sha256: str, text: str | None = None) -> Markup:
    return Markup('<a href="{}" title="{}">{}</a>').format(href, sha256, text or short(sha256))


def hash_span(sha256: str) -> Markup:
    return Markup('<span class="hash" title="{}">{}</span>').format(sha256, short(sha256))


def _short_pk(cell: dict[str, Any]) -> dict[str, Any]:
    """Datasette renders the primary-key link itself, without the render_cell hook."""
    raw = str(cell.get("raw") or "")
    href = _HREF.search(str(cell.get("value") or ""))
    if href is None or not _SHA256_IN_TEXT.search(raw):
        return cell
    value = Markup('<a href="{}" title="{}">{}</a>').format(Markup(href.group(1)), raw, shorten_text(raw))
    return cell | {"value": value}


def lead_columns(columns: Sequence[Any], rows: Sequence[Any]) -> tuple[list[Any], list[list[dict[str, Any]]]]:
    """Table columns with titles first, even before the row link, and primary-key hashes shortened."""
    names = [c["name"] for c in columns]
    order = [names.index(n) for n in LEADING if n in names]
    order += [i for i in range(len(names)) if i not in order]
    cells = [[_short_pk(cell) if cell.get("value_type") == "pk" else cell for cell in row] for row in rows]
    return [columns[i] for i in order], [[row[i] for i in order] for row in cells]
