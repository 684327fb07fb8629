"""The report's six numbered sections, found by their headings."""

from __future__ import annotations

import re

from pipeline.labels import norm

# Table-三 rows also start with 二、三、四、 ("二、上年结转…", "四、结转下年度…"); these
# patterns name the section, so those rows never match.
SECTION_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("overview", re.compile(r"^一[、.]?(总体情况|概述)")),
    ("active_disclosure", re.compile(r"^二[、.]?主动公开政府信息")),
    ("applications", re.compile(r"^三[、.]?收到和处理政府信息公开申请")),
    ("reviews_litigation", re.compile(r"^四[、.]?.*(行政复议|行政诉讼)")),
    ("problems", re.compile(r"^五[、.]?.*(问题|改进)")),
    ("other_matters", re.compile(r"^六[、.]?其他需要报告")),
)
_TABLE_SECTIONS = ("active_disclosure", "applications", "reviews_litigation")


def find_sections(lines: list[str]) -> list[tuple[str, int]]:
    """(section code, line index) in document order, the first heading of each kind only."""
    found: dict[str, int] = {}
    for i, line in enumerate(lines):
        squashed = norm(line)
        if not squashed or len(squashed) > 40:
            continue
        for code, pattern in SECTION_PATTERNS:
            if code not in found and pattern.match(squashed):
                found[code] = i
                break
    return sorted(found.items(), key=lambda item: item[1])


def table_regions(lines: list[str]) -> list[tuple[int, int]]:
    """Line ranges that may hold the three tables: each table section up to the next heading.

    Without recognisable headings the whole text is one region."""
    sections = find_sections(lines)
    regions = []
    for n, (code, start) in enumerate(sections):
        if code in _TABLE_SECTIONS:
            end = sections[n + 1][1] if n + 1 < len(sections) else len(lines)
            regions.append((start + 1, end))
    return regions or [(0, len(lines))]
