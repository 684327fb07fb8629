"""Write the markdown and text copies of reports, and their goldens, from known figures.

    python -m tests.make_markdown_fixtures

Markdown as PDF-to-markdown exports write it: `#` headings, `**` bold, pipe tables whose merged
cells come out as empty cells, sections renumbered when the export drops the 总体情况 heading.
The goldens come from the figures and the names written into the documents, never from parser output.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.make_html_fixtures import _truth
from tests.report_builder import APPLICANTS, OUTCOMES, PROCEEDINGS, Report, consistent_figures, text_report

OUT = Path(__file__).parent / "fixtures" / "documents"
NUMERALS = "一二三四五六"


def _row(cells: list[str], bold: bool = False) -> str:
    return "| " + " | ".join(f"**{c}**" if bold and c else c for c in cells) + " |"


def _table(rows: list[list[str]], width: int) -> list[str]:
    """The first row is the markdown header; every row padded to `width` cells."""
    padded = [row + [""] * (width - len(row)) for row in rows]
    return [_row(padded[0]), _row(["---"] * width), *(_row(r) for r in padded[1:]), ""]


def _active(report: Report) -> list[str]:
    rows: list[list[str]] = []
    for title, headers, codes, items in report.active:
        rows += [[title], ["信息内容", *headers]]
        rows += [[label, *(report.raw("active_disclosure", code, c) for c in codes)] for code, label in items]
    return _table(rows, 4)


def _applications(report: Report) -> list[str]:
    rows = [["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "", "", "申请人情况"],
            ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"],
            ["", "", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""]]  # fmt: skip
    seen: set[str] = set()
    for code, label, group in report.rows:
        values = [report.raw("applications", code, c) for c in APPLICANTS]
        if group is None:
            rows.append([label, "", "", *values])
        elif group == "":
            rows.append(["三、本年度办理结果" if code == "granted" else "", f"**{label}**" if code == "total_handled" else label, "", *values])
        else:
            rows.append(["", group if group not in seen else "", label, *values])
            seen.add(group)
    return _table(rows, 10)


def _reviews(report: Report) -> list[str]:
    outcomes = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    return _table([["行政复议", "", "", "", "", "行政诉讼"], ["", "", "", "", "", "未经复议直接起诉", "", "", "", "", "复议后起诉"],
                   outcomes * 3, [report.raw("reviews_litigation", p, o) for p in PROCEEDINGS for o in OUTCOMES]], 15)  # fmt: skip


def markdown_report(report: Report, title_lines: list[str], preamble: list[str], closing: list[str]) -> str:
    """Sections numbered 一/二/三 from table 二 on: the copy lost its 一、总体情况 heading."""
    sections = [("主动公开政府信息情况", _active(report)), ("收到和处理政府信息公开申请情况", _applications(report)),
                ("政府信息公开行政复议、行政诉讼情况", _reviews(report)), ("存在的主要问题及改进情况", ["略。", ""]),
                ("其他需要报告的事项", ["无。", ""])]  # fmt: skip
    lines = [f"# {line}" for line in title_lines] + ["", *preamble, ""]
    for numeral, (heading, body) in zip(NUMERALS, sections):
        lines += [f"## **{numeral}、{heading}**", "", *body]
    return "\n".join([*lines, *closing]) + "\n"


ACTIVE_FIGURES = {
    "2021": {("regulations", "issued"): "2", ("regulations", "in_force"): "15", ("normative_documents", "issued"): "7",
             ("normative_documents", "repealed"): "3", ("normative_documents", "in_force"): "40",
             ("licensing", "decisions"): "120", ("penalty", "decisions"): "33", ("coercion", "decisions"): "4",
             ("fees", "amount_10k_yuan"): "12.5"},
    "2019": {("normative_documents", "newly_made"): "6", ("normative_documents", "total_published"): "58",
             ("licensing", "items_last_year"): "210", ("licensing", "items_change"): "-4", ("licensing", "decisions"): "1350",
             ("penalty", "decisions"): "87", ("fees", "items_last_year"): "9", ("procurement", "projects"): "14",
             ("procurement", "amount"): "3250000元"},
}  # fmt: skip


def _known(template: str, seed: int) -> Report:
    figures = consistent_figures(template, seed=seed)
    figures.update({("active_disclosure", row, col): raw for (row, col), raw in ACTIVE_FIGURES[template].items()})
    return Report("", template, figures)


def renumbered_wrapped_title() -> tuple[Report, str, str, int, bytes]:
    report = _known("2021", 23)
    report.figures[("applications", "granted", "commercial")] = ""
    text = markdown_report(report, ["沐阳县人民政府", "2022年政府信息公开工作年度报告"],
                           ["本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。"], [])  # fmt: skip
    # Exports keep the HTML of the source: a <br> inside a header, &nbsp; in a blank cell.
    text = text.replace("| 本年制发件数 |", "| 本年制发<br>件数 |").replace("| 社会公益组织 |", "| 社会<br/>公益组织 |")
    granted = "| 三、本年度办理结果 | （一）予以公开 |  | 1 |  |"
    assert granted in text
    text = text.replace(granted, granted[:-3] + " &nbsp; |")
    return report, "沐阳县人民政府2022年政府信息公开工作年度报告", "沐阳县人民政府", 2022, text.encode()


def short_agency_in_title() -> tuple[Report, str, str, int, bytes]:
    report = _known("2019", 29)
    text = markdown_report(report, ["洪泽区人民政府2020年政府信息公开工作年度报告"],
                           ["发布机关：淮安市洪泽区人民政府", "", "本报告中所列数据的统计期限自2020年1月1日起至2020年12月31日止。"],
                           ["淮安市洪泽区人民政府", "", "2021年1月29日"])  # fmt: skip
    return report, "洪泽区人民政府2020年政府信息公开工作年度报告", "淮安市洪泽区人民政府", 2020, text.encode()


def title_without_agency() -> tuple[Report, str, str, int, bytes]:
    report = _known("2021", 31)
    title = "2021年度政府信息公开工作年度报告"
    report.title = title
    text = text_report(report, "\t").replace(
        "说明。", "现将平潭综合实验区交通与建设局（以下简称本单位）2021年度政府信息公开工作情况报告如下。"
    )
    text += "平潭综合实验区交通与建设局\n2022年1月20日\n"
    return report, title, "平潭综合实验区交通与建设局", 2021, text.encode()


# A pre-2019 report's own statistics table: (indicator, unit, 2017年度, 2016年度, 历年累计) as printed.
LEGACY_COLUMNS = ("2017年度", "2016年度", "历年累计")
LEGACY_FIGURES = [
    ("主动公开政府信息数", "条", "1024", "987", "8800"),
    ("依申请公开政府信息数", "条", "9", "6", "61"),
    ("受理申请总数", "件", "12", "10", "75"),
    ("其中：1.当面申请数", "件", "3", "4", "30"),
    ("2.网上申请数", "件", "9", "6", "45"),
    ("对申请的答复总数", "件", "12", "10", "75"),
    ("其中：1.同意公开答复数", "件", "7", "6", "40"),
    ("2.同意部分公开答复数", "件", "2", "1", "11"),
    ("3.不予公开答复数", "件", "1", "2", "9"),
    ("4.其他类型答复数", "件", "", "—", "15"),
    ("受理行政复议申请总数", "件", "1", "0", "3"),
    ("行政复议数", "件", "1", "0", "3"),
    ("行政诉讼数", "件", "0", "0", "1"),
]
LEGACY_AGENCY, LEGACY_TITLE = "福建省样例县人民政府", "福建省样例县人民政府2017年政府信息公开工作年度报告"


def legacy_statistics_table() -> bytes:
    """Sections as the pre-2019 form numbered them, the statistics table last."""
    table = _table([["指标名称", "计量单位", *LEGACY_COLUMNS], *(list(row) for row in LEGACY_FIGURES)], 5)
    lines = [f"# {LEGACY_TITLE}", "", "本报告所列数据的统计期限自2017年1月1日起至2017年12月31日止。", "",
             "## 一、概述", "略。", "## 二、主动公开政府信息情况", "2017年全县主动公开政府信息1024条。",
             "## 三、政府信息依申请公开工作情况", "2017年共受理政府信息公开申请12件，依申请公开政府信息9条。",
             "## 四、因政府信息公开申请行政复议、提起行政诉讼的情况", "行政复议1件。",
             "## 五、主要问题和改进措施", "略。", "## 六、政府信息公开情况统计表", "", *table]  # fmt: skip
    return ("\n".join(lines) + "\n").encode()


FIXTURES: dict[str, Callable[[], tuple[Report, str, str, int, bytes]]] = {
    "markdown-renumbered-sections-wrapped-title.md": renumbered_wrapped_title,
    "markdown-short-agency-in-title.md": short_agency_in_title,
    "title-without-agency-signed-by-body.txt": title_without_agency,
}


def main() -> None:
    data = legacy_statistics_table()
    (OUT / "legacy-statistics-table.md").write_bytes(data)
    truth = {"sha256": hashlib.sha256(data).hexdigest(), "title": LEGACY_TITLE, "agency": LEGACY_AGENCY, "year": 2017,
             "template": "legacy", "cells": []}  # fmt: skip
    (OUT / "legacy-statistics-table.md.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    for name, make in FIXTURES.items():
        report, title, agency, year, data = make()
        (OUT / name).write_bytes(data)
        cells = [{"table": t, "row": r, "column": c, "raw": raw, "value": _truth(raw)[0], "kind": _truth(raw)[1]}
                 for (t, r, c), raw in report.expected_cells().items()]  # fmt: skip
        truth: dict[str, Any] = {"sha256": hashlib.sha256(data).hexdigest(), "title": title, "agency": agency, "year": year,
                                 "template": report.template, "cells": cells}  # fmt: skip
        (OUT / f"{name}.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {OUT / name}")


if __name__ == "__main__":
    main()
