"""The three report tables as rows of spanning cells, in the national layouts (HTML and PDF share them)."""

from __future__ import annotations

from dataclasses import dataclass

from scraper.sample_portal.reports import OTHER_2021, REJECTED, UNAVAILABLE, WITHHELD, SampleReport

COLUMNS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
OUTCOMES = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


@dataclass(frozen=True)
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1


Rows = list[list[Cell]]


def spread(values: list[str]) -> list[Cell]:
    """Three value columns: one value spans all three; of two values the second spans two."""
    if len(values) == 1:
        return [Cell(values[0], colspan=3)]
    if len(values) == 2:
        return [Cell(values[0]), Cell(values[1], colspan=2)]
    return [Cell(v) for v in values]


def active_rows(report: SampleReport) -> Rows:
    a = report.active
    if report.template == "2021":
        blocks = [
            ("第二十条第（一）项", ["本年制发件数", "本年废止件数", "现行有效件数"],
             [("规章", "regulations"), ("行政规范性文件", "normative_documents")]),
            ("第二十条第（五）项", ["本年处理决定数量"], [("行政许可", "licensing")]),
            ("第二十条第（六）项", ["本年处理决定数量"], [("行政处罚", "penalty"), ("行政强制", "coercion")]),
            ("第二十条第（八）项", ["本年收费金额（单位：万元）"], [("行政事业性收费", "fees")]),
        ]
    else:
        licence = ["上一年项目数量", "本年增/减", "处理决定数量"]
        blocks = [
            ("第二十条第（一）项", ["本年新制作数量", "本年新公开数量", "对外公开总数量"],
             [("规章", "regulations"), ("规范性文件", "normative_documents")]),
            ("第二十条第（五）项", licence, [("行政许可", "licensing"), ("其他对外管理服务事项", "other_services")]),
            ("第二十条第（六）项", licence, [("行政处罚", "penalty"), ("行政强制", "coercion")]),
            ("第二十条第（八）项", ["上一年项目数量", "本年增/减"], [("行政事业性收费", "fees")]),
            ("第二十条第（九）项", ["采购项目数量", "采购总金额"], [("政府集中采购", "procurement")]),
        ]
    rows: Rows = []
    for title, headers, items in blocks:
        rows.append([Cell(title, colspan=4)])
        rows.append([Cell("信息内容"), *spread(headers)])
        rows += [[Cell(label), *spread(list(a[code]))] for label, code in items]
    return rows


def application_rows(report: SampleReport) -> Rows:
    cells = report.application_cells()

    def values(code: str) -> list[Cell]:
        return [Cell(v) for v in cells[code]]

    rows: Rows = [
        [Cell("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", rowspan=3, colspan=3),
         Cell("申请人情况", colspan=7)],
        [Cell("自然人", rowspan=2), Cell("法人或其他组织", colspan=5), Cell("总计", rowspan=2)],
        [Cell(c) for c in COLUMNS[1:]],
        [Cell("一、本年新收政府信息公开申请数量", colspan=3), *values("new_received")],
        [Cell("二、上年结转政府信息公开申请数量", colspan=3), *values("carried_over")],
        [Cell("三、本年度办理结果", rowspan=22 if report.template == "2021" else 20),
         Cell("（一）予以公开", colspan=2), *values("granted")],
        [Cell("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", colspan=2), *values("partly_granted")],
    ]
    groups = [("（三）不予公开", WITHHELD), ("（四）无法提供", UNAVAILABLE), ("（五）不予处理", REJECTED)]
    if report.template == "2021":
        groups.append(("（六）其他处理", OTHER_2021))
    for group, leaves in groups:
        for i, (code, label) in enumerate(leaves):
            head = [Cell(group, rowspan=len(leaves))] if i == 0 else []
            rows.append([*head, Cell(label), *values(code)])
    if report.template == "2019":
        rows.append([Cell("（六）其他处理", colspan=2), *values("other")])
    rows.append([Cell("（七）总计", colspan=2), *values("total_handled")])
    rows.append([Cell("四、结转下年度继续办理", colspan=3), *values("carried_forward")])
    return rows


def review_rows(report: SampleReport) -> Rows:
    return [
        [Cell("行政复议", colspan=5), Cell("行政诉讼", colspan=10)],
        [*(Cell(o, rowspan=2) for o in OUTCOMES), Cell("未经复议直接起诉", colspan=5), Cell("复议后起诉", colspan=5)],
        [Cell(o) for o in OUTCOMES * 2],
        [Cell(v) for v in report.review_cells()],
    ]


SECTIONS = (
    ("二、主动公开政府信息情况", "table-active", active_rows),
    ("三、收到和处理政府信息公开申请情况", "table-applications", application_rows),
    ("四、政府信息公开行政复议、行政诉讼情况", "table-reviews", review_rows),
)
