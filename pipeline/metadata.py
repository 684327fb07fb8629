"""Title, agency and report year from the title line and the 统计期限 sentence."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_YEAR = re.compile(r"((?:19|20)\d{2})年度?")
_PERIOD = re.compile(r"统计期限(?:为|是)?(?:自|从)?((?:19|20)\d{2})年0?1月0?1日")
_PAREN_AGENCY = re.compile(r"[(（]([^()（）]{2,40})[)）]$")
_REPORT_WORDS = re.compile(r"(关于)?(政府信息公开|政务公开|信息公开).*$")


@dataclass(frozen=True)
class Metadata:
    title: str | None
    agency: str | None
    year: int | None
    warnings: tuple[str, ...] = ()


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def title_from_text(text: str) -> str | None:
    for line in text.splitlines()[:80]:
        line = _squash(line)
        if ("年度报告" in line or "年报" in line) and len(line) < 100:
            return line
    return None


def parse_title(title: str) -> tuple[str | None, int | None]:
    """(agency, year) from the 4+ title orders portals use, typos included."""
    title = _squash(title)
    match = _YEAR.search(title)
    if not match:
        return None, None
    year = int(match.group(1))
    before, after = title[: match.start()], title[match.end() :]
    if paren := _PAREN_AGENCY.search(after):
        return paren.group(1), year
    before = re.sub(r"关于$", "", before)
    if before:
        return before, year
    agency = _REPORT_WORDS.sub("", after)
    return agency or None, year


def extract_metadata(title: str | None, text: str) -> Metadata:
    warnings = []
    title = _squash(title) if title else title_from_text(text)
    agency, year = parse_title(title) if title else (None, None)
    period = _PERIOD.search(_squash(text[:20000]))
    period_year = int(period.group(1)) if period else None
    if year is None:
        year = period_year
    elif period_year is not None and period_year != year:
        warnings.append(f"title says {year}, the 统计期限 sentence says {period_year}; the title's year is kept")
    return Metadata(title, agency, year, tuple(warnings))
