"""The report's numbered sections, found by what their headings say, whatever their numbers."""

from __future__ import annotations

import re

from pipeline.labels import norm

# A top-level heading: a Chinese numeral and 、 or a dot, then its words. Copies renumber sections
# (a markdown export numbering 一/二/三 what the report prints as 二/三/四), so the words decide.
_HEADING = re.compile(r"^[一二三四五六七八九十]{1,2}[、.．]")
# Table-三 rows also start with 二、三、四、 ("二、上年结转…", "四、结转下年度…"); these
# patterns name a section, and none of them matches a row.
SECTION_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("overview", re.compile(r"^(总体情况|概述|基本情况)")),
    ("active_disclosure", re.compile(r"^主动公开政府信息")),
    ("applications", re.compile(r"^(收到和处理政府信息公开申请|.{0,6}依申请公开)")),
    ("reviews_litigation", re.compile(r"^.{0,16}(行政复议|行政诉讼|行政法复议)")),
    ("problems", re.compile(r"^.{0,16}(问题|改进)")),
    ("other_matters", re.compile(r"^其他需要报告")),
    # Pre-2019 forms close with their own statistics table (六、政府信息公开情况统计表).
    ("statistics", re.compile(r"^.{0,12}统计表")),
)
_TABLE_SECTIONS = ("active_disclosure", "applications", "reviews_litigation", "statistics")
# Headings only the pre-2019 forms used: 一、概述, 三、…依申请公开工作情况, 四、因政府信息公开申请
# 行政复议…, 六、…统计表. The 2019 and 2021 forms say 总体情况, 收到和处理…, 政府信息公开行政复议….
_LEGACY_HEADINGS = re.compile(r"^(概述|.{0,6}依申请公开.{0,4}(工作|办理)?情况|因政府信息公开申请|.{0,12}统计表)")


def section_code(line: str) -> str | None:
    squashed = norm(line).strip("#*")
    # A copy that renumbered the sections from table 二 on leaves 总体情况 without a numeral.
    if squashed in ("总体情况", "概述"):
        return "overview"
    if not _HEADING.match(squashed) or len(squashed) > 40:
        return None
    words = _words(line)
    return next((code for code, pattern in SECTION_PATTERNS if pattern.match(words)), None)


def legacy_headings(lines: list[str]) -> int:
    """How many section headings use the pre-2019 forms' words."""
    return sum(1 for line in lines if section_code(line) and _LEGACY_HEADINGS.match(_words(line)))


def _words(line: str) -> str:
    squashed = norm(line).strip("#*")
    heading = _HEADING.match(squashed)
    return squashed[heading.end() :] if heading else squashed


def find_sections(lines: list[str]) -> list[tuple[str, int]]:
    """(section code, line index) in document order, the first heading of each kind only."""
    found: dict[str, int] = {}
    for i, line in enumerate(lines):
        code = section_code(line)
        if code is not None and code not in found:
            found[code] = i
    return sorted(found.items(), key=lambda item: item[1])


def table_regions(lines: list[str]) -> list[tuple[int, int]]:
    """Line ranges that may hold the tables: each table section up to the next heading.

    Without recognisable headings the whole text is one region."""
    sections = find_sections(lines)
    regions = []
    for n, (code, start) in enumerate(sections):
        if code in _TABLE_SECTIONS:
            end = sections[n + 1][1] if n + 1 < len(sections) else len(lines)
            regions.append((start + 1, end))
    return regions or [(0, len(lines))]
