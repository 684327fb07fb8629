"""A faster reader of PDF content streams for pdfminer's page interpreter.

pdfminer's interpreter spends most of a page in its tokenizer, a character-class state machine
written in Python (82 % of the time on real report PDFs, whose exports draw each glyph as its own
text object). This reader gives the interpreter the same objects — numbers, names, strings,
arrays, dictionaries, operators — from one compiled regular expression over the whole stream,
with pdfminer's own decoding rules for names, strings and hex strings. A stream it does not
handle (inline images, procedures, malformed tokens) goes to pdfminer's parser unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from pdfminer import pdfinterp
from pdfminer.pdftypes import stream_value
from pdfminer.psparser import KWD, LIT, PSEOF

_ORIGINAL = pdfinterp.PDFContentParser
_DELIMITERS = rb"\x00\t\n\x0c\r ()<>\[\]{}/%"
_TOKEN = re.compile(
    rb"[\x00\t\n\x0c\r ]+|%[^\r\n]*"
    rb"|/([^" + _DELIMITERS + rb"]*)"
    rb"|([+-]?(?:\d+\.?\d*|\.\d+))(?![^" + _DELIMITERS + rb"])"
    rb"|(<<|>>|\[|\]|\(|<)"
    rb"|([^" + _DELIMITERS + rb"]+)",
    re.S,
)
_NAME_HEX = re.compile(rb"#([0-9A-Fa-f]{2})")
_HEX_BODY = re.compile(rb"[0-9A-Fa-f\x00\t\n\x0c\r ]*>")
_HEX_PAIR = re.compile(rb"[0-9a-fA-F]{2}|.", re.S)
_SPACE = re.compile(rb"\s")
_STRING_STOP = re.compile(rb"[()\\]")
_OCTAL = re.compile(rb"[0-7]{1,3}")
_ESCAPES = {ord("b"): 8, ord("t"): 9, ord("n"): 10, ord("f"): 12, ord("r"): 13, ord("("): 40, ord(")"): 41, ord("\\"): 92}
_ARRAY_BEGIN, _ARRAY_END, _DICT_BEGIN, _DICT_END = object(), object(), object(), object()


class _Unsupported(Exception):
    """Something only pdfminer's own parser handles: hand it the stream."""


def read_content(data: bytes) -> list[Any]:
    """The stream's top-level objects in order (operands and operators), as pdfminer's
    PDFContentParser yields them; raises _Unsupported for what it leaves to pdfminer."""
    out: list[Any] = []
    stack: list[tuple[object, list[Any]]] = []
    current = out
    pos, end = 0, len(data)
    match = _TOKEN.match
    while pos < end:
        m = match(data, pos)
        if m is None:
            raise _Unsupported
        pos = m.end()
        name, number, delimiter, word = m.group(1, 2, 3, 4)
        if name is not None:
            current.append(LIT(_name(name)))
        elif number is not None:
            current.append(float(number) if b"." in number else int(number))
        elif word is not None:
            if word == b"true" or word == b"false":
                current.append(word == b"true")
            elif word == b"BI" or b"#" in word or word[:1] in b"0123456789+-.":
                raise _Unsupported
            else:
                current.append(KWD(word))
        elif delimiter == b"(":
            text, pos = _string(data, pos)
            current.append(text)
        elif delimiter == b"<":
            hexed = _HEX_BODY.match(data, pos)
            if hexed is None:
                raise _Unsupported
            pos = hexed.end()
            body = _SPACE.sub(b"", hexed.group(0)[:-1])
            current.append(_HEX_PAIR.sub(lambda p: bytes((int(p.group(0), 16),)), body))
        elif delimiter in (b"[", b"<<"):
            stack.append((_ARRAY_BEGIN if delimiter == b"[" else _DICT_BEGIN, current))
            current = []
        elif delimiter in (b"]", b">>"):
            if not stack:
                raise _Unsupported
            kind, outer = stack.pop()
            if (kind is _ARRAY_BEGIN) != (delimiter == b"]"):
                raise _Unsupported
            outer.append(current if kind is _ARRAY_BEGIN else _dictionary(current))
            current = outer
    if stack:
        raise _Unsupported
    return out


def _name(raw: bytes) -> str | bytes:
    if b"#" in raw:
        raw = _NAME_HEX.sub(lambda m: bytes((int(m.group(1), 16),)), raw)
        if b"#" in raw:
            raise _Unsupported
    try:
        return str(raw, "utf-8")
    except UnicodeDecodeError:
        return raw


def _dictionary(items: list[Any]) -> dict[str, Any]:
    if len(items) % 2 or not all(hasattr(k, "name") for k in items[::2]):
        raise _Unsupported
    return {k.name: v for k, v in zip(items[::2], items[1::2]) if v is not None}


def _string(data: bytes, pos: int) -> tuple[bytes, int]:
    """A literal string after its `(`, decoded as pdfminer decodes it: balanced parentheses,
    octal and named escapes, a backslash before a line end or an unknown character dropped."""
    parts: list[bytes] = []
    depth = 1
    while True:
        stop = _STRING_STOP.search(data, pos)
        if stop is None:
            raise _Unsupported
        at = stop.start()
        parts.append(data[pos:at])
        char = data[at]
        if char == 0x28:  # (
            depth += 1
            parts.append(b"(")
            pos = at + 1
        elif char == 0x29:  # )
            depth -= 1
            pos = at + 1
            if not depth:
                return b"".join(parts), pos
            parts.append(b")")
        else:
            pos = _escape(data, at + 1, parts)


def _escape(data: bytes, pos: int, parts: list[bytes]) -> int:
    if pos >= len(data):
        raise _Unsupported
    octal = _OCTAL.match(data, pos)
    if octal:
        code = int(octal.group(0), 8)
        if code > 255:
            raise _Unsupported
        parts.append(bytes((code,)))
        return octal.end()
    char = data[pos]
    if char in _ESCAPES:
        parts.append(bytes((_ESCAPES[char],)))
    elif char == 0x0D and data[pos + 1 : pos + 2] == b"\n":
        return pos + 2
    return pos + 1


class FastContentParser:
    """What the interpreter asks of a content parser: `nextobject()` until PSEOF."""

    def __init__(self, objects: list[Any]) -> None:
        self.objects = iter(objects)

    def nextobject(self) -> tuple[int, Any]:
        try:
            return 0, next(self.objects)
        except StopIteration:
            raise PSEOF("end of content") from None


def content_parser(streams: Sequence[object]) -> Any:
    """pdfminer's interpreter calls this in place of PDFContentParser."""
    try:
        data = b"\n".join(stream_value(s).get_data() for s in streams)
        return FastContentParser(read_content(data))
    except _Unsupported:
        return _ORIGINAL(streams)


def install() -> None:
    pdfinterp.PDFContentParser = content_parser  # type: ignore[misc,assignment]
