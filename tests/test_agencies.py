"""Agency matching on real printed names, each with the agency it must give (fixtures/agencies)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archive.divisions import Division, load_divisions
from pipeline.agencies import LEVELS, Agency, area_forms, match_agency

TABLE = Path(__file__).parent / "fixtures" / "agencies" / "printed-names.tsv"
ROWS = [line.split("\t") for line in TABLE.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]


@pytest.mark.parametrize(("printed", "portal", "name", "level", "code", "parent", "seen"), ROWS, ids=[r[0] + r[1] for r in ROWS])
def test_a_real_printed_name_gives_its_agency(printed: str, portal: str, name: str, level: str, code: str, parent: str, seen: str) -> None:
    agency = match_agency(printed, load_divisions(), portal or None)
    assert (agency.name, agency.level, agency.division_code or "", agency.parent or "") == (name, level, code, parent)
    assert agency.level in LEVELS and agency.rule


def test_every_shanghai_district_and_registry_area_has_a_code() -> None:
    registry = json.loads((Path(__file__).parents[1] / "scraper" / "portals.json").read_text(encoding="utf-8"))
    codes = {d.code for d in load_divisions()}
    assert {p["division_code"] for p in registry["portals"]} <= codes
    assert len([c for c in codes if c.startswith("31") and c != "310000"]) == 16


def test_printed_spacing_and_full_width_forms_match_the_same_agency() -> None:
    assert match_agency(" 长宁区 人民政府 ", load_divisions()).name == "上海市长宁区人民政府"


def test_a_bare_district_two_known_areas_share_is_not_completed() -> None:
    divisions = (*load_divisions(), Division("360102", "西湖区", "360100", "district"), Division("360100", "南昌市", None, "city"))
    assert "西湖区" not in area_forms(divisions)
    agency = match_agency("西湖区人民政府", divisions)
    assert agency == Agency("西湖区人民政府", "government", None, None, "no known area in the name: kept as printed")
    assert match_agency("西湖区人民政府", load_divisions()).name == "杭州市西湖区人民政府"


def test_a_department_and_the_government_office_are_not_the_government() -> None:
    divisions = load_divisions()
    names = {match_agency(n, divisions).name for n in ("长宁区", "长宁区政府", "上海市长宁区人民政府")}
    assert names == {"上海市长宁区人民政府"}
    assert match_agency("长宁区政府办公室", divisions).level == "government_office"
    assert match_agency("上海市长宁区教育局", divisions).parent == "上海市长宁区人民政府"


@pytest.mark.parametrize("printed", ["福建省样例县人民政府", "上海市样例区文化旅游局", "江苏省宿迁市沭阳县财政局", "淮安市清江浦区人民政府"])
def test_an_unknown_area_below_a_known_one_is_kept_as_printed(printed: str) -> None:
    agency = match_agency(printed, load_divisions())
    assert (agency.name, agency.division_code, agency.parent) == (printed, None, None)


@pytest.mark.parametrize("printed", ["上海市绿化和市容管理局", "上海市城市管理行政执法局", "江苏省市场监督管理局", "上海市张江高科技园区管理委员会"])
def test_area_words_inside_a_department_name_do_not_hide_the_department(printed: str) -> None:
    agency = match_agency(printed, load_divisions())
    assert (agency.name, agency.level) == (printed, "department") and agency.division_code is not None
