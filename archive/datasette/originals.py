"""Serve an archived original from the blob store, unable to run scripts on the archive's origin."""

from __future__ import annotations

import mimetypes
import re
from typing import Any

from datasette.utils.asgi import AsgiFileDownload, Response

from archive.datasette.site import blob_file, is_sha256, not_found, site_config

# Government pages are served as they were stored; sandboxing (no scripts, no forms, an opaque
# origin) and nosniff keep them from acting as pages of this site.
SAFETY_HEADERS = {
    "content-security-policy": "sandbox",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
}
# A stored Content-Type goes back into a response header: anything but a plain media type with
# parameters (a portal bug, or an attempt at header injection) falls back to octet-stream.
_MEDIA_TYPE = re.compile(r'[\w.+-]+/[\w.+-]+( *; *[\w.+-]+=("[\w .+/-]*"|[\w.+/-]+))* *', re.ASCII)
FALLBACK_TYPE = "application/octet-stream"


def safe_content_type(stored: str | None) -> str:
    if stored and _MEDIA_TYPE.fullmatch(stored):
        return stored.strip()
    return FALLBACK_TYPE


def download_name(sha256: str, content_type: str) -> str:
    extension = mimetypes.guess_extension(content_type.split(";")[0].strip()) or ""
    return f"{sha256}{extension}"


async def original_view(request: Any, datasette: Any) -> AsgiFileDownload | Response:
    site = site_config(datasette)
    sha256 = request.url_vars["sha256"]
    if site is None or not is_sha256(sha256):
        return await not_found(datasette, request, "Not a SHA-256: 64 lower-case hexadecimal characters")
    path = blob_file(site, sha256)
    if path is None:
        return await not_found(datasette, request, "This archive does not hold a document with that SHA-256")
    row = (
        await datasette.get_database(site.database).execute(
            "select content_type from documents where sha256 = ?", [sha256]
        )
    ).first()
    content_type = safe_content_type(row["content_type"] if row else None)
    disposition = "attachment" if request.args.get("download") else "inline"
    headers = {
        **SAFETY_HEADERS,
        "content-disposition": f'{disposition}; filename="{download_name(sha256, content_type)}"',
        # Content-addressed: the bytes behind this URL can never change.
        "cache-control": "public, max-age=31536000, immutable",
    }
    return AsgiFileDownload(path, content_type=content_type, headers=headers)
