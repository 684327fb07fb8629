"""Title, agency and year of a report, from its title line and the rest of the document."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from pipeline.agency import DATE_LINE, body_agencies, choose_agency, signature_agency
from pipeline.sections import section_code

_YEAR = re.compile(r"((?:19|20)\d{2})年度?")
_PERIOD = re.compile(r"统计期限(?:为|是)?(?:自|从)?((?:19|20)\d{2})年0?1月0?1日")
_PAREN_AGENCY = re.compile(r"[(（]([^()（）]{2,40})[)）]$")
_REPORT_WORDS = re.compile(r"(关于)?(政府信息公开|政务公开|信息公开).*$")
_TITLE_WORDS = ("年度报告", "年报")
_LEADING_YEAR = re.compile(r"^(关于)?(19|20)\d{2}年")


@dataclass(frozen=True)
class Metadata:
    title: str | None
    agency: str | None
    year: int | None
    warnings: tuple[str, ...] = ()


def _squash(text: str) -> str:
    # Markdown copies wrap titles in heading and bold markers (# 沐阳县人民政府…, **…**).
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).strip("#*>_")


def _title_part(line: str) -> bool:
    """A line that can be part of a title wrapped over several lines."""
    return 2 <= len(line) <= 40 and not re.search(r"[，。；;：:、|\t]", line) and not DATE_LINE.match(line) and section_code(line) is None


def title_from_text(text: str) -> str | None:
    """The title line among the first lines, joined with the lines it was wrapped over: a name
    line above a title that starts with its year, a keyword split (…年度 / 报告), a (name) below."""
    lines = [line for line in (_squash(raw) for raw in text.splitlines()[:80]) if line]
    for i, line in enumerate(lines):
        split = i > 0 and not _has_title_word(line) and not _has_title_word(lines[i - 1]) and _has_title_word(lines[i - 1] + line)
        if not (_has_title_word(line) or split) or len(line) >= 100:
            continue
        start = i - 1 if split else i
        # The agency (and year) went to the line above when the title line starts with the year
        # or does not state one ("沐阳县人民政府2022年" / "政府信息公开工作年度报告").
        if start > 0 and _title_part(lines[start - 1]) and (_LEADING_YEAR.match(lines[start]) or not _YEAR.search(lines[start])):
            start -= 1
        end = i + 1
        if end < len(lines) and _PAREN_AGENCY.fullmatch(lines[end]):
            end += 1
        return "".join(lines[start:end])
    return None


def _has_title_word(line: str) -> bool:
    return any(word in line for word in _TITLE_WORDS)


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
    title_agency, year = parse_title(title) if title else (None, None)
    period = _PERIOD.search(_squash(text[:20000]))
    period_year = int(period.group(1)) if period else None
    if year is None:
        year = period_year
    elif period_year is not None and period_year != year:
        warnings.append(f"title says {year}, the 统计期限 sentence says {period_year}; the title's year is kept")
    candidates = [("title", title_agency)] if title_agency else []
    if signature := signature_agency(text):
        candidates.append(("signature", signature))
    agency, disagreements = choose_agency(candidates + body_agencies(text))
    return Metadata(title, agency, year, (*warnings, *disagreements))
