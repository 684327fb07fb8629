"""Title, agency, year and date parsing on title forms seen on real portals (research notes §1.3)."""

from __future__ import annotations

import pytest

from scraper.titles import (
    agency_key,
    date_from_timestamp,
    describe_report,
    heading_agency,
    is_annual_report_title,
    labelled_date,
    labelled_value,
    normalise_agency,
    parse_date,
    parse_title,
    reconcile_year,
    statistical_period_year,
)

TITLES = [
    # <district><agency>YYYY年… (普陀, 闵行 departments)
    ("上海市普陀区绿化和市容管理局2025年政府信息公开工作年度报告", "上海市普陀区绿化和市容管理局", 2025),
    ("上海市闵行区绿化和市容管理局2025年政府信息公开工作年度报告", "上海市闵行区绿化和市容管理局", 2025),
    # YYYY年<district><agency>… (徐汇, 黄浦 街道, 静安 统计局, 闵行)
    ("2023年上海市黄浦区人民政府打浦桥街道办事处政府信息公开工作年度报告", "上海市黄浦区人民政府打浦桥街道办事处", 2023),
    ("2021年上海市静安区统计局政府信息公开工作年度报告", "上海市静安区统计局", 2021),
    ("2025年闵行区政府信息公开工作年度报告", "闵行区人民政府", 2025),
    ("2024年上海市青浦区徐泾镇政府信息公开工作年度报告", "上海市青浦区徐泾镇人民政府", 2024),
    # <district>YYYY年… (长宁): the district names its government
    ("上海市长宁区2024年政府信息公开工作年度报告", "上海市长宁区人民政府", 2024),
    ("上海市黄浦区2021年政府信息公开工作年度报告", "上海市黄浦区人民政府", 2021),
    # YYYY年…(<agency>) (嘉定, 浦东 towns), ASCII, full-width and spaced brackets
    ("2024年政府信息公开工作年度报告(上海市嘉定区国防动员办公室)", "上海市嘉定区国防动员办公室", 2024),
    ("2024年政府信息公开工作年度报告 （上海市浦东新区曹路镇人民政府）", "上海市浦东新区曹路镇人民政府", 2024),
    # 年度 (静安), 政务公开 + decoration (徐汇 2020), typo (崇明 2021)
    ("上海市静安区地区工作办公室2023年度政府信息公开工作年度报告", "上海市静安区地区工作办公室", 2023),
    ("2020年上海市徐汇区政府政务公开工作年度报告(附政策解读)", "上海市徐汇区人民政府", 2020),
    ("上海市崇明区人民政府办公室2021年政府信息公开年度工作年度报告", "上海市崇明区人民政府办公室", 2021),
    # 杨浦: the date rides on the title line; 区政府 → 区人民政府
    ("上海市杨浦区政府2022年政府信息公开工作年度报告 2023-01-20", "上海市杨浦区人民政府", 2022),
    ("杨浦区江浦路街道2024年政府信息公开工作年度报告", "杨浦区江浦路街道", 2024),
    # 宝山 body line: agency, then 关于YYYY年…
    ("上海市宝山区大场镇人民政府 关于2025年政府信息公开工作年度报告", "上海市宝山区大场镇人民政府", 2025),
    # 徐汇 2013: wrapped in a 印发 notice
    ("上海市徐汇区人民政府关于印发《上海市徐汇区2013年政府信息公开工作年度报告》的通知", "上海市徐汇区人民政府", 2013),
    # older 年报 / 工作报告 wording, full-width digits, Chinese-numeral year
    ("上海市金山区2008年政府信息公开年报", "上海市金山区人民政府", 2008),
    ("上海市青浦区２００７年政府信息公开工作报告", "上海市青浦区人民政府", 2007),
    ("二〇一六年上海市奉贤区政府信息公开工作年度报告", "上海市奉贤区人民政府", 2016),
    # 超链版 / 图片版 variants of 黄浦's PDF reports
    ("上海市黄浦区人民政府2023年政府信息公开工作年度报告（超链版）", "上海市黄浦区人民政府", 2023),
    # an industrial zone is not a government
    ("上海市闵行区莘庄工业区2025年政府信息公开工作年度报告", "上海市闵行区莘庄工业区", 2025),
    # no agency, no year: the caller falls back to page metadata
    ("关于2025年政府信息公开工作年度报告", None, 2025),
]


@pytest.mark.parametrize(("title", "agency", "year"), TITLES)
def test_parse_title(title: str, agency: str | None, year: int) -> None:
    assert is_annual_report_title(title)
    parts = parse_title(title)
    assert (parts.agency, parts.report_year) == (agency, year)


@pytest.mark.parametrize("title", [
    "关于做好2023年政府信息公开工作年度报告编制工作的通知",
    "《2020年上海市徐汇区政府政务公开工作年度报告》政策解读",
    "图解：2024年政府信息公开工作年度报告",
    "政府信息公开指南",
    "2024年政府工作报告",
    "静安区2024年政务公开工作要点",
    "",
])
def test_not_annual_reports(title: str) -> None:
    assert not is_annual_report_title(title)


def test_title_keeps_decorations_but_drops_a_trailing_date() -> None:
    assert parse_title("上海市杨浦区2022年政府信息公开工作年度报告 2023-02-24").title == "上海市杨浦区2022年政府信息公开工作年度报告"
    assert parse_title("2020年上海市徐汇区政府政务公开工作年度报告（附政策解读）").title.endswith("（附政策解读）")


def test_agency_forms() -> None:
    assert normalise_agency("长宁区府办") == "长宁区人民政府办公室"
    assert normalise_agency("上海市闵行区人民政府办公室(区府办)") == "上海市闵行区人民政府办公室"
    assert normalise_agency("上海普陀") is None
    assert normalise_agency("本网") is None
    assert agency_key("上海市杨浦区政府") == agency_key("杨浦区") == "杨浦区人民政府"


def test_statistical_period_survives_split_digits_and_full_width() -> None:
    assert statistical_period_year("统计期限自2024年1月1日起至2024年12月31日止") == 2024
    assert statistical_period_year("统计期限自 2022 年 1 月 1 日起") == 2022
    assert statistical_period_year("统计期限自２０２３年１月１日") == 2023
    assert statistical_period_year("本年度共收到申请12件") is None


def test_reconcile_year() -> None:
    assert reconcile_year(2025, 2025) == (2025, False)
    # 松江 小昆山镇: title 2025, body "统计期限自2024年", published 2026 → the title is right.
    assert reconcile_year(2025, 2024, expected=2025) == (2025, True)
    # The body wins only when it is the expected year and the title is not.
    assert reconcile_year(2019, 2020, expected=2020) == (2020, True)
    assert reconcile_year(None, 2021) == (2021, False)
    assert reconcile_year(None, None, fallback=2015) == (2015, False)


def test_describe_report_never_uses_the_publication_year() -> None:
    info = describe_report("关于政府信息公开工作年度报告", "没有统计期限的正文", "2026-01-20", ("上海市宝山区大场镇人民政府",))
    assert info.report_year is None
    assert info.agency == "上海市宝山区大场镇人民政府"
    info = describe_report("上海市松江区小昆山镇2025年政府信息公开工作年度报告", "统计期限自2024年1月1日起", "2026-01-23")
    assert (info.report_year, info.year_conflict) == (2025, True)


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-05-15 14∶05", "2026-05-15"),
    ("发布时间:2026年2月4日", "2026-02-04"),
    ("2022.01.13", "2022-01-13"),
    ("发布日期:2023/01/18 11:34:01", "2023-01-18"),
    ("2026年01月21日 来源: 上海普陀", "2026-01-21"),
    ("2025-13-45 then 2025-02-03", "2025-02-03"),
    ("no date", None),
])
def test_parse_date(text: str, expected: str | None) -> None:
    assert parse_date(text) == expected


def test_labelled_fields() -> None:
    text = "索 引 号 ：00001434-9/2025-00000051 发布机构：上海市嘉定区人民政府办公室 发文日期 2025-01-20"
    assert labelled_value(text, ("发布机构",)) == "上海市嘉定区人民政府办公室"
    assert labelled_value(text, ("索引号",)) == "00001434-9/2025-00000051"
    assert labelled_date(text, ("发布日期", "发文日期")) == "2025-01-20"
    assert labelled_value("名　称　：环境简报", ("名称",)) == "环境简报"


def test_heading_agency_and_timestamps() -> None:
    assert heading_agency("上海市宝山区大场镇人民政府\n关于2025年政府信息公开工作年度报告\n一、总体情况") == "上海市宝山区大场镇人民政府"
    assert heading_agency("一、总体情况") is None
    assert date_from_timestamp(1737907200) == "2025-01-27"  # 2025-01-26T16:00Z is already the 27th in China
