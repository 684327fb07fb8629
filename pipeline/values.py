"""One printed cell to (raw, value, kind, unit); a blank is never a number."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_DASHES = {"-", "—", "–", "−", "--", "——", "/", "\\", "无", "／", "－", "一", "~", "…", "……", "×", "x"}
_UNITS = ("万元", "元", "件", "条", "个", "项", "人次", "次", "家", "%")
_NUMBER = re.compile(r"^([+\-−]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(" + "|".join(map(re.escape, _UNITS)) + r")?$")


@dataclass(frozen=True)
class Value:
    raw: str
    value: int | float | None
    kind: str
    unit: str | None


def clean_raw(text: str) -> str:
    """As printed, after NFKC and trimming; inner runs of whitespace become one space."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def parse_value(text: str, column_unit: str | None = None) -> Value:
    raw = clean_raw(text)
    if raw == "":
        return Value(raw, None, "blank", None)
    compact = raw.replace(" ", "")
    if compact in _DASHES:
        return Value(raw, None, "dash", None)
    match = _NUMBER.match(compact)
    if not match:
        return Value(raw, None, "text", None)
    sign, digits, decimals, unit = match.groups()
    number: int | float
    if decimals:
        number = float(digits.replace(",", "") + decimals)
    else:
        number = int(digits.replace(",", ""))
    if sign in ("-", "−"):
        number = -number
    return Value(raw, number, "number", unit or column_unit)


def is_numberish(text: str) -> bool:
    """True for cells that can only be values (numbers, dashes, blanks), never labels."""
    return parse_value(text).kind in ("number", "dash", "blank")


_SPECKS = ".·:：°'`,，、;；"


def is_numberish_cell(text: str, source: str | None) -> bool:
    """is_numberish, except that an OCR'd cell may carry a speck the engine read as a dot or a
    colon beside its figure ('.2', '1:', '0°', seen on the picture fixtures): it stands where a
    figure stands, not a label, and stays text for review (it is no sure number)."""
    return is_numberish(text) or (source == "ocr" and is_numberish(text.strip().strip(_SPECKS)))


# An OCR'd figure read with less confidence than this is kept as text for review, never as a
# number: a misread digit would otherwise enter the sums unseen.
OCR_MIN_CONFIDENCE = 0.9


def ocr_value(value: Value, confidence: float | None) -> Value:
    """A doubtful OCR'd figure stays text. So does an OCR'd fraction: a speck on a scan reads as
    a decimal point (169 as 1.69, seen on the fixtures with confidence 0.96)."""
    doubtful = confidence is None or confidence < OCR_MIN_CONFIDENCE or isinstance(value.value, float)
    if value.kind == "number" and doubtful:
        return Value(value.raw, None, "text", None)
    return value
