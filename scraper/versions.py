"""The normalised hash that decides whether a re-fetched document is a new version.

Raw bytes change for reasons that are not content: a clock in the footer, a session id in every
link, a CSRF token, a visit counter, a PDF's creation date. Those are removed before hashing.
"""

from __future__ import annotations

import hashlib
import re

_HTML_VOLATILE = [
    re.compile(p, re.S | re.I)
    for p in (
        r"<script\b.*?</script\s*>",  # inline trackers and challenge tokens
        r"<style\b.*?</style\s*>",
        r"<!--.*?-->",
        r"<input\b[^>]*\btype\s*=\s*[\"']?hidden[^>]*>",  # CSRF tokens, view state
        r"<meta\b[^>]*\bname\s*=\s*[\"']?(?:csrf[-_]?token|_csrf)[^>]*>",
        r"[;&?](?:jsessionid|sessionid|phpsessid|sid|token|_csrf|csrf_token|timestamp|t|_|v|r)=[^\"'&\s<>]*",
        r"\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?[\sT]*\d{1,2}[:：∶]\d{2}(?:[:：∶]\d{2})?(?:\.\d+)?",
        r"(?:访问量|浏览次数|访问次数|点击数|阅读数|浏览量|点击量)\s*[:：]?\s*\d+",
    )
]
_WHITESPACE = re.compile(r"\s+")
_PDF_VOLATILE = [
    re.compile(p, re.S)
    for p in (
        rb"/(?:CreationDate|ModDate)\s*\([^)]*\)",
        rb"/ID\s*\[\s*<[0-9A-Fa-f]*>\s*<[0-9A-Fa-f]*>\s*\]",
        rb"<xmp:(?:CreateDate|ModifyDate|MetadataDate)>[^<]*</xmp:\w+>",
        rb"<xmpMM:(?:DocumentID|InstanceID)>[^<]*</xmpMM:\w+>",
    )
]


def decode_for_hashing(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("gb18030", errors="replace")


def stable_form(body: bytes, content_type: str | None) -> bytes:
    """The bytes with volatile parts removed; unknown formats are returned unchanged."""
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind in ("text/html", "application/xhtml+xml") or (not kind and body.lstrip()[:1] == b"<"):
        text = decode_for_hashing(body)
        for pattern in _HTML_VOLATILE:
            text = pattern.sub(" ", text)
        # Re-indented markup is not new content; Chinese text does not depend on spaces either.
        return _WHITESPACE.sub("", text).encode("utf-8")
    if kind == "application/pdf" or body.startswith(b"%PDF"):
        for pdf_pattern in _PDF_VOLATILE:
            body = pdf_pattern.sub(b"", body)
        return body
    return body


def normalised_sha256(body: bytes, content_type: str | None) -> str:
    return hashlib.sha256(stable_form(body, content_type)).hexdigest()
