"""Printed agency names → one canonical agency each: full name, level, parent and area code."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from archive.divisions import Division

LEVELS = ("government", "government_office", "department", "town_street", "other")
_GOVERNMENT = re.compile(r"^(?:人民)?政府$")
_OFFICE = re.compile(r"^(?:(?:人民)?政府办(?:公室)?|府办|(?:人民)?政府办公厅)$")
_TOWN = re.compile(r"^(.+?)(街道办事处|街道|镇人民政府|镇政府|镇|乡人民政府|乡政府|乡)$")
_TOWN_FORM = {"街": "街道办事处", "镇": "镇人民政府", "乡": "乡人民政府"}
# Bodies outside the administration proper (state firms, hospitals, schools) that also publish reports.
_OTHER = re.compile(r"(公司|集团|医院|学校|学院|大学|银行)$")
_AREA_LEVELS = ("province", "city")
COMPLETED = "district completed with its city"
ALIAS = "another name of a known area"
# After a province or city, a county or district the table does not know (福建省样例县人民政府) must
# not make the name a provincial department. 区 words that name no area stay department names.
_LOWER_AREA = re.compile(r"^.{1,6}?(?:自治县|县|区|旗)")
_NOT_AN_AREA = re.compile(r"(开发|新|园|社|景|保护|示范|试验|实验|自贸|地|城|市|片|辖|港|矿)区")
# A prefecture city after a province (江苏省宿迁市…); 上海市 and the other municipalities have none.
_LOWER_CITY = re.compile(r"^.{2,4}?(?:市|州|盟)")
_MUNICIPALITIES = ("11", "12", "31", "50")


@dataclass(frozen=True)
class Agency:
    """An agency as matched: `rule` says, in words, how the printed name led to it (the same
    words for every name matched the same way, so names can be counted by rule)."""

    name: str
    level: str
    division_code: str | None
    parent: str | None
    rule: str


def squash(name: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


def _by_code(divisions: tuple[Division, ...]) -> dict[str, Division]:
    return {d.code: d for d in divisions}


def area_name(division: Division, divisions: tuple[Division, ...]) -> str:
    """How the area is written in a full agency name: a district under its city (上海市长宁区,
    淮安市洪泽区); a city or province alone (淮安市, 上海市), as 淮安市人民政府 is written."""
    parent = _by_code(divisions).get(division.parent or "")
    if division.level in _AREA_LEVELS or parent is None:
        return division.name
    return parent.name + division.name


@cache
def area_forms(divisions: tuple[Division, ...]) -> dict[str, tuple[Division, str]]:
    """Every printed form of an area → (area, how that form names it). A bare district name that
    two areas share (西湖区 is in 杭州 and 南昌) completes to neither."""
    forms: dict[str, tuple[Division, str]] = {}
    bare: dict[str, list[Division]] = {}
    by_code = _by_code(divisions)
    for d in divisions:
        full = area_name(d, divisions)
        forms[full] = (d, "full name")
        chain, up = d.name, by_code.get(d.parent or "")
        while up is not None:
            chain = up.name + chain
            forms.setdefault(chain, (d, "full name with the province"))
            up = by_code.get(up.parent or "")
        if full != d.name:
            bare.setdefault(d.name, []).append(d)
        for alias in d.aliases:
            forms[alias] = (d, ALIAS)
    for name, found in bare.items():
        if len(found) == 1 and name not in forms:
            forms[name] = (found[0], COMPLETED)
    return forms


def _find_area(name: str, divisions: tuple[Division, ...], portal_code: str | None) -> tuple[Division, str, str] | None:
    forms = area_forms(divisions)
    for size in range(len(name), 1, -1):
        if name[:size] in forms:
            division, how = forms[name[:size]]
            # 普陀区 is in 上海 and in 舟山: a bare name found on another province's portal is not completed.
            if how == COMPLETED and portal_code and portal_code[:2] != division.code[:2]:
                return None
            return division, how, name[size:]
    return None


def government(division: Division, divisions: tuple[Division, ...]) -> Agency:
    """The 人民政府 of an area, its parent the government of the area above."""
    parent = _by_code(divisions).get(division.parent or "")
    return Agency(
        area_name(division, divisions) + "人民政府",
        "government",
        division.code,
        area_name(parent, divisions) + "人民政府" if parent else None,
        "the government of an area above a matched agency",
    )


def _within(division: Division, divisions: tuple[Division, ...], rest: str, prefix: str) -> Agency:
    gov = government(division, divisions)
    if rest == "":
        return Agency(gov.name, "government", division.code, gov.parent, "an area alone names its government")
    if _GOVERNMENT.match(rest):
        return Agency(gov.name, "government", division.code, gov.parent, "区政府 and 区人民政府 both name the government")
    if _OFFICE.match(rest):
        office = prefix + ("人民政府办公厅" if rest.endswith("厅") else "人民政府办公室")
        return Agency(office, "government_office", division.code, gov.name, "the government's office, an agency of its own")
    body = re.sub(r"^(?:人民)?政府(?=.)", "", rest)
    if town := _TOWN.match(body):
        place, kind = town.group(1), town.group(2)[0]
        name = prefix + place + _TOWN_FORM[kind]
        return Agency(name, "town_street", division.code, gov.name, "a town or street office under the area's government")
    if _OTHER.search(body):
        return Agency(prefix + body, "other", division.code, None, "a body outside the administration")
    return Agency(prefix + body, "department", division.code, gov.name, "a department of the area's government")


def _names_unknown_area(division: Division, rest: str) -> bool:
    if division.level not in _AREA_LEVELS:
        return False
    if (lower := _LOWER_AREA.match(rest)) and not _NOT_AN_AREA.search(lower.group(0)):
        return True
    return division.level == "province" and division.code[:2] not in _MUNICIPALITIES and bool(_LOWER_CITY.match(rest))


def _special(division: Division, rest: str, divisions: tuple[Division, ...], alias: str) -> Agency | None:
    """An area known by another name (平潭综合实验区) is governed by a 管委会 under that name."""
    if rest in ("", "管委会", "管理委员会") or _GOVERNMENT.match(rest):
        return Agency(alias, "government", division.code, None, "an area known by another name (平潭综合实验区) is governed under that name")
    return None


def _unmatched_level(name: str) -> str:
    if name.endswith("人民政府"):
        return "government"
    if re.search(r"人民政府办公(室|厅)$", name):
        return "government_office"
    if re.search(r"(街道办事处|镇人民政府|乡人民政府)$", name):
        return "town_street"
    if re.search(r"(局|委员会|委|办公室|办|中心|厅|署|院|所|队|站|处)$", name) and not _OTHER.search(name):
        return "department"
    return "other"


def match_agency(printed: str, divisions: tuple[Division, ...], portal_code: str | None = None) -> Agency:
    """The agency a printed name stands for; `portal_code` is the area code of the portal the
    report came from, when known. A name whose area the division table does not know becomes an
    agency of its own, as printed, rather than a guess."""
    name = squash(printed)
    found = _find_area(name, divisions, portal_code)
    if found is None:
        return Agency(name, _unmatched_level(name), None, None, "no known area in the name: kept as printed")
    division, how, rest = found
    if how == ALIAS:
        alias = name[: len(name) - len(rest)]
        special = _special(division, rest, divisions, alias)
        if special is not None:
            return special
        return Agency(name, _unmatched_level(name), division.code, alias, f"{how}; a body of that area, kept as printed")
    if _names_unknown_area(division, rest):
        level = _unmatched_level(name)
        return Agency(name, level, None, None, f"{how}, then an area the division table does not know: kept as printed")
    agency = _within(division, divisions, rest, area_name(division, divisions))
    return Agency(agency.name, agency.level, agency.division_code, agency.parent, f"{how}; {agency.rule}")
