"""Pure parsing of annual-report titles, agencies, report years and publication dates."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

CHINA_TZ = timezone(timedelta(hours=8))

# "(信息|政务)公开 … 年度报告/年报/工作报告": covers 年度, 政务公开 (徐汇 2020), 年报 (older),
# the pre-2010 "工作报告" and 崇明's 2021 typo "政府信息公开年度工作年度报告".
_REPORT = re.compile(r"(信息|政务)公开[^,.;:!?，。；：]{0,12}?(年度报告|年报|工作报告)")
# Circulars about *preparing* reports, and companion explainers, are not reports.
_NOT_REPORT = re.compile(r"编制|报送|做好|审核|模板|格式|评估|考核|^图解|解读$|问答")
_DECORATION = re.compile(r"附|版|解读|全文|图解|修订|更正|链接|PDF|pdf")
_AGENCY_WORD = re.compile(
    r"政府|局|委|办|街道|镇|乡|中心|院|室|会|所|处|队|区|县|市|厅|署|公司"
)
_KEYWORD = re.compile(r"政府信息公开|政务公开|信息公开")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年度?")
_CN_YEAR = re.compile(r"([〇零○一二三四五六七八九]{4})\s*年度?")
_CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0"}
_WRAPPED = re.compile(r"《([^》]*(?:年度报告|年报|工作报告))》")
_TRAILING_DATE = re.compile(r"\s*\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(\s+\d{1,2}:\d{2}(:\d{2})?)?$")
_TRAILING_PAREN = re.compile(r"\(([^()]*)\)\s*$")
_PLAIN_PLACE = re.compile(r"(区|县|市|镇|乡)$")
_NOT_A_GOVERNMENT = re.compile(r"(工业区|开发区|园区|保税区|风景区|社区)$")
_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_STAT_PERIOD = re.compile(r"统计期限(?:为|是)?(?:从|自)?((?:19|20)\d{2})年0?1月0?1日")


@dataclass(frozen=True)
class TitleParts:
    title: str
    agency: str | None
    report_year: int | None


@dataclass(frozen=True)
class ReportInfo:
    title: str
    agency: str | None
    report_year: int | None
    published_on: str | None
    year_conflict: bool = False


def normalise_text(text: str) -> str:
    """NFKC (full-width digits and brackets), one space per whitespace run, none beside CJK."""
    return clean_text(_flatten(text))


def clean_text(text: str) -> str:
    """Whitespace tidied as on screen, characters kept as published (for titles we store)."""
    text = re.sub(r"\s+", " ", text.replace("\u3000", " ")).strip()
    return re.sub(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])", "", text)


def is_annual_report_title(title: str | None) -> bool:
    if not title:
        return False
    text = _strip_decorations(normalise_text(title))
    return bool(_REPORT.search(text)) and not _NOT_REPORT.search(text)


def parse_title(raw: str) -> TitleParts:
    """Agency and report year from any of the title orders seen on Shanghai portals."""
    title = normalise_text(raw)
    text = _strip_decorations(title)
    paren_agency = _trailing_agency(text)
    if paren_agency:
        text = _TRAILING_PAREN.sub("", text).strip()
    wrapped = _WRAPPED.search(text)
    if wrapped:
        text = wrapped.group(1)
    year, year_start, year_end = _find_year(text)
    keyword = _KEYWORD.search(text, year_end if year else 0)
    agency = paren_agency
    if agency is None and year is not None:
        agency = normalise_agency(text[:year_start]) or normalise_agency(
            text[year_end : keyword.start() if keyword else year_end]
        )
    elif agency is None and keyword:
        agency = normalise_agency(text[: keyword.start()])
    return TitleParts(title=_TRAILING_DATE.sub("", clean_text(raw)), agency=agency, report_year=year)


def normalise_agency(raw: str | None) -> str | None:
    """区政府 → 区人民政府; a bare place (上海市杨浦区) names its people's government."""
    if not raw:
        return None
    # Labelled sources carry notes in brackets: "来源:上海市闵行区人民政府办公室(区府办)".
    text = re.sub(r"\([^()]*\)?$", "", normalise_text(raw))
    text = text.strip(" ,.;:、，。:：《》\"'“”-—()")
    text = re.sub(r"^(关于印发|关于|印发)", "", text)
    text = re.sub(r"(关于|的|之)$", "", text).strip()
    if not text or not _AGENCY_WORD.search(text):
        return None
    text = re.sub(r"(区|县|市|镇|乡)政府$", r"\1人民政府", text)
    text = re.sub(r"(区|县|市)府办$", r"\1人民政府办公室", text)
    text = re.sub(r"(区|县|市)政府办公室$", r"\1人民政府办公室", text)
    if _PLAIN_PLACE.search(text) and not _NOT_A_GOVERNMENT.search(text):
        text += "人民政府"
    return text


def agency_key(agency: str | None) -> str | None:
    """The form two copies of one agency's report share, whatever prefix a title used."""
    if not agency:
        return None
    return re.sub(r"^上海市", "", normalise_agency(agency) or agency)


def statistical_period_year(body_text: str) -> int | None:
    """The year of "统计期限自YYYY年1月1日", read with whitespace removed because some CMSs
    split digits across spans (杨浦: "从202211日")."""
    compact = re.sub(r"\s+", "", unicodedata.normalize("NFKC", body_text))
    match = _STAT_PERIOD.search(compact)
    return int(match.group(1)) if match else None


def reconcile_year(
    title_year: int | None, body_year: int | None, *, expected: int | None = None, fallback: int | None = None
) -> tuple[int | None, bool]:
    """(year, conflict). When title and body disagree (松江 小昆山镇 2025 says "统计期限自2024年"),
    the one matching `expected` wins, else the title."""
    if title_year and body_year and title_year != body_year:
        return (body_year if body_year == expected and title_year != expected else title_year), True
    return title_year or body_year or fallback, False


def parse_date(text: str | None) -> str | None:
    """First plausible date in `2026-05-15 14∶05`, `2026年2月4日`, `2022.01.13`, `2023/01/18` form."""
    if not text:
        return None
    for match in _DATE.finditer(unicodedata.normalize("NFKC", text)):
        try:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3))).isoformat()
        except ValueError:
            continue
    return None


def date_from_timestamp(seconds: float) -> str:
    """Unix seconds (gkmlpt `create_time`) as the date in China."""
    return datetime.fromtimestamp(seconds, UTC).astimezone(CHINA_TZ).date().isoformat()


def labelled_value(text: str, labels: tuple[str, ...]) -> str | None:
    """The value after the first present label, up to whitespace; labels may be spaced out
    (`索 引 号：`) and table cells drop the colon, so callers keep whitespace between fields."""
    flat = _flatten(text)
    for label in labels:
        pattern = r"\s*".join(map(re.escape, label)) + r"\s*[:：]?\s*([^\s:：]+)"
        match = re.search(pattern, flat)
        if match:
            return match.group(1)
    return None


def labelled_date(text: str, labels: tuple[str, ...]) -> str | None:
    flat = _flatten(text)
    for label in labels:
        match = re.search(r"\s*".join(map(re.escape, label)) + r"\s*[:：]?\s*(.{0,24})", flat)
        if match and (found := parse_date(match.group(1))):
            return found
    return None


def describe_report(
    title: str,
    body_text: str = "",
    published_on: str | None = None,
    agency_hints: tuple[str | None, ...] = (),
    *,
    expected_year: int | None = None,
    fallback_year: int | None = None,
) -> ReportInfo:
    """Combine title, body and page metadata into what the archive records about a report.

    The publication year is never taken as the report year: reports for Y appear in Y+1, so it
    only breaks a tie between title and body.
    """
    parts = parse_title(title)
    if expected_year is None and published_on:
        expected_year = int(published_on[:4]) - 1
    year, conflict = reconcile_year(
        parts.report_year, statistical_period_year(body_text), expected=expected_year, fallback=fallback_year
    )
    hints = (normalise_agency(h) for h in agency_hints)
    agency = parts.agency or next((h for h in hints if h), None)
    return ReportInfo(parts.title, agency, year, published_on, conflict)


def heading_agency(body_text: str) -> str | None:
    """宝山 bodies open with the agency alone, then "关于YYYY年政府信息公开工作年度报告"."""
    head = normalise_text(body_text[:200])
    match = re.match(r"(.{2,40}?)关于.{0,8}年", head)
    return normalise_agency(match.group(1)) if match else None


def _flatten(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).replace("\u2236", ":")).strip()


def _strip_decorations(text: str) -> str:
    text = _TRAILING_DATE.sub("", text).strip()
    while (match := _TRAILING_PAREN.search(text)) and _DECORATION.search(match.group(1)):
        text = text[: match.start()].strip()
    return text


def _trailing_agency(text: str) -> str | None:
    match = _TRAILING_PAREN.search(text)
    if not match or _DECORATION.search(match.group(1)):
        return None
    return normalise_agency(match.group(1))


def _find_year(text: str) -> tuple[int | None, int, int]:
    match = _YEAR.search(text)
    if match:
        return int(match.group(1)), match.start(), match.end()
    cn = _CN_YEAR.search(text)
    if cn:
        return int("".join(_CN_DIGITS[c] for c in cn.group(1))), cn.start(), cn.end()
    return None, 0, 0
