"""Agency and year from the whole document, titles wrapped over lines, sections by their words."""

from __future__ import annotations

import pytest

from pipeline.agency import choose_agency, extends, signature_agency
from pipeline.metadata import extract_metadata, title_from_text
from pipeline.sections import find_sections
from pipeline.text_adapter import extract_text


@pytest.mark.parametrize(("text", "title"), [
    ("# 沐阳县人民政府\n# 2022年政府信息公开工作年度报告\n\n一、总体情况", "沐阳县人民政府2022年政府信息公开工作年度报告"),
    ("**淮安市洪泽区人民政府2021年政府信息公开工作年度**\n**报告**\n正文。", "淮安市洪泽区人民政府2021年政府信息公开工作年度报告"),
    ("## 沐阳县人民政府2022年\n## 政府信息公开工作年度报告\n正文。", "沐阳县人民政府2022年政府信息公开工作年度报告"),
    ("2021年政府信息公开工作年度报告\n（平潭综合实验区交通与建设局）\n正文。", "2021年政府信息公开工作年度报告(平潭综合实验区交通与建设局)"),
    # A line above a title that names its own agency is not part of it.
    ("索引号：000-2022-01\n上海市人民政府办公厅\n上海市人民政府办公厅2021年政府信息公开工作年度报告", "上海市人民政府办公厅2021年政府信息公开工作年度报告"),
    ("2022-01-20\n2021年政府信息公开工作年度报告", "2021年政府信息公开工作年度报告"),
])  # fmt: skip
def test_a_wrapped_title_is_joined(text: str, title: str) -> None:
    assert title_from_text(text) == title


def test_a_markdown_heading_mark_is_never_part_of_the_agency() -> None:
    meta = extract_metadata(None, "# 沐阳县人民政府2022年政府信息公开工作年度报告\n## 一、总体情况\n")
    assert (meta.title, meta.agency, meta.year) == ("沐阳县人民政府2022年政府信息公开工作年度报告", "沐阳县人民政府", 2022)
    assert extract_metadata("# 沐阳县人民政府2022年政府信息公开工作年度报告", "").agency == "沐阳县人民政府"


def test_a_short_title_name_takes_the_full_name_of_the_signature() -> None:
    text = "洪泽区人民政府2021年政府信息公开工作年度报告\n一、总体情况\n……\n淮安市洪泽区人民政府\n2022年1月20日\n"
    meta = extract_metadata(None, text)
    assert (meta.agency, meta.warnings) == ("淮安市洪泽区人民政府", ())


def test_a_title_without_agency_takes_the_bodys() -> None:
    text = "2021年度政府信息公开工作年度报告\n现将平潭综合实验区交通与建设局（以下简称本单位）2021年度工作情况报告如下。\n"
    assert extract_metadata(None, text).agency == "平潭综合实验区交通与建设局"
    assert extract_metadata(None, "2021年政府信息公开工作年度报告\n发布机关：淮安市洪泽区人民政府\n").agency == "淮安市洪泽区人民政府"
    assert extract_metadata(None, "2021年政府信息公开工作年度报告\n本机关（淮安市洪泽区人民政府）全年……\n").agency == "淮安市洪泽区人民政府"


def test_a_place_in_the_title_takes_the_body_it_names() -> None:
    assert choose_agency([("title", "平潭综合实验区"), ("发布机关 line", "平潭综合实验区管委会")]) == ("平潭综合实验区管委会", ())
    assert choose_agency([("title", "洪泽区政府"), ("signature", "淮安市洪泽区人民政府")]) == ("淮安市洪泽区人民政府", ())
    assert choose_agency([("title", "洪泽区人民政府"), ("signature", "洪泽区政府")]) == ("洪泽区人民政府", ())
    # An agency in the title is not "extended" by a different body that starts with it.
    assert extends("平潭综合实验区管委会办公室", "平潭综合实验区管委会") is False


def test_disagreeing_sources_keep_the_title_and_say_so() -> None:
    text = "洪泽区人民政府2021年政府信息公开工作年度报告\n发布机关：淮安市洪泽区发展和改革委员会\n正文\n淮安市洪泽区人民政府办公室\n"
    meta = extract_metadata(None, text)
    assert meta.agency == "洪泽区人民政府"
    [warning] = meta.warnings
    for part in ("title: 洪泽区人民政府", "signature: 淮安市洪泽区人民政府办公室", "发布机关 line: 淮安市洪泽区发展和改革委员会"):
        assert part in warning


def test_the_signature_is_a_closing_name_not_a_sentence_or_a_table_row() -> None:
    assert signature_agency("正文。\n淮安市洪泽区人民政府\n二〇二二年一月二十日") == "淮安市洪泽区人民政府"
    assert signature_agency("正文。\n六、其他需要报告的事项\n无其他需要报告的事项") is None
    assert signature_agency("行政复议数\t件\t0\t0") is None
    assert signature_agency("本局将继续加强政务公开工作。") is None


def test_sections_are_found_by_their_words_whatever_their_numbers() -> None:
    lines = ["# 样例2022年政府信息公开工作年度报告", "## **一、主动公开政府信息情况**", "| 一、本年新收政府信息公开申请数量 | 1 |",
             "二、收到和处理政府信息公开申请情况", "二、上年结转政府信息公开申请数量\t0", "四、结转下年度继续办理\t0",
             "三、政府信息公开行政复议、行政诉讼情况", "四、存在的主要问题及改进情况", "五、其他需要报告的事项"]  # fmt: skip
    assert find_sections(lines) == [("active_disclosure", 1), ("applications", 3), ("reviews_litigation", 6),
                                    ("problems", 7), ("other_matters", 8)]  # fmt: skip
    legacy = ["一、概述", "二、主动公开政府信息情况", "三、政府信息依申请公开工作情况", "四、因政府信息公开申请行政复议、提起行政诉讼的情况",
              "五、主要问题和改进措施", "六、政府信息公开情况统计表"]  # fmt: skip
    assert [code for code, _ in find_sections(legacy)] == ["overview", "active_disclosure", "applications", "reviews_litigation",
                                                            "problems", "statistics"]  # fmt: skip


def test_markdown_pipe_tables_drop_their_outer_bars_and_separators() -> None:
    raw = extract_text("二、收到和处理政府信息公开申请情况\n| 项目 | 数量 |\n|:---|---:|\n| **一、本年新收政府信息公开申请数量** |  | 3 |\n")
    [table] = raw.tables
    assert [[c.text.strip() for c in row] for row in table.rows] == [["项目", "数量"], ["一、本年新收政府信息公开申请数量", "", "3"]]
    assert "**" not in raw.text and "---" not in raw.text
