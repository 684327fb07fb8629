"""Bytes to text, honestly: declared charsets are checked, never trusted blindly."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from pipeline.errors import UnreadableDocument

# GB2312 and GBK are subsets of GB18030; portals label GB18030 pages with the older names.
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030", "cp936": "gb18030"}
# Single-byte charsets decode any bytes without error, so a wrong label would go unnoticed.
_NEVER_TRUST = {"latin-1", "iso8859-1", "cp1252", "ascii", "windows-1252", "iso-8859-1"}
_CANDIDATES = ["utf_8", "gb18030", "big5", "utf_16"]
_META_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_XML_RE = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-]+)""", re.I)
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")


def charset_from_content_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    match = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", content_type, re.I)
    return match.group(1) if match else None


def declared_charsets(data: bytes, content_type: str | None = None) -> list[str]:
    found = [charset_from_content_type(content_type)]
    head = data[:4096]
    found += [m.group(1).decode("ascii") for m in (_META_RE.search(head), _XML_RE.search(head)) if m]
    return [c for c in (_canonical(c) for c in found if c) if c]


def _canonical(label: str) -> str | None:
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return _ALIASES.get(name, _ALIASES.get(label.lower(), name))


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _bom(data: bytes) -> str | None:
    for bom, enc in ((codecs.BOM_UTF8, "utf_8_sig"), (codecs.BOM_UTF16_LE, "utf_16"), (codecs.BOM_UTF16_BE, "utf_16")):
        if data.startswith(bom):
            return enc
    return None


def decode_bytes(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Return (text, encoding used). Raises UnreadableDocument rather than guess wrong."""
    if not data.strip():
        raise UnreadableDocument("the document is empty")
    if (bom := _bom(data)) and (text := _try(data, bom)) is not None:
        return text, bom
    # Valid UTF-8 with non-ASCII content is near-impossible by accident, so it beats a label.
    if (text := _try(data, "utf_8")) is not None:
        return text, "utf_8"
    for label in declared_charsets(data, content_type):
        if label in _NEVER_TRUST or label == "utf_8":
            continue
        if (text := _try(data, label)) is not None and _plausible(text):
            return text, label
    best = from_bytes(data, cp_isolation=_CANDIDATES).best()
    if best is not None and (text := _try(data, best.encoding)) is not None and _plausible(text):
        return text, _ALIASES.get(best.encoding, best.encoding)
    raise UnreadableDocument("cannot decode the bytes as UTF-8, GB18030 or Big5 without errors")


def _plausible(text: str) -> bool:
    """Decoded Chinese text has common hanzi; mojibake from a wrong codec has few or none."""
    sample = text[:20000]
    non_ascii = sum(1 for ch in sample if ord(ch) > 127)
    return non_ascii == 0 or len(_CJK_RE.findall(sample)) / non_ascii > 0.5
