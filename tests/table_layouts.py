"""The three report tables as printed grids (cells with spans), from a Report's figures.

Shared by the PDF and DOCX fixture generators; value cells carry the (table, row, column)
key they print, so each generator knows where (and on which page) every figure went.
"""

from __future__ import annotations

from dataclasses import dataclass

from tests.report_builder import APPLICANTS, OUTCOMES, PROCEEDINGS, Key, Report

NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


@dataclass(frozen=True)
class LCell:
    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1
    key: Key | None = None


@dataclass(frozen=True)
class Layout:
    cells: tuple[LCell, ...]
    widths: tuple[float, ...]
    header_rows: int

    @property
    def nrows(self) -> int:
        return max(c.row + c.rowspan for c in self.cells)


def applications(report: Report, numbering: str = ".") -> Layout:
    """Table 三 with the template's spans; `numbering` "、" prints sub-items as "1、"."""
    cells = [
        LCell(0, 0, NOTE, 3, 3), LCell(0, 3, "申请人情况", 1, 7),
        LCell(1, 3, "自然人", 2), LCell(1, 4, "法人或其他组织", 1, 5), LCell(1, 9, "总计", 2),
        *(LCell(2, 4 + i, t) for i, t in enumerate(("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"))),
    ]  # fmt: skip
    rows = report.rows
    first_group = next(i for i, (_, _, g) in enumerate(rows) if g is not None)
    group_rows = sum(1 for _, _, g in rows if g is not None)
    for i, (code, label, group) in enumerate(rows):
        r = 3 + i
        label = label.replace(".", numbering, 1) if label[:1].isdigit() else label
        if group is None:
            cells.append(LCell(r, 0, label, 1, 3))
        elif group == "":
            cells.append(LCell(r, 1, label, 1, 2))
        else:
            if rows[i - 1][2] != group:
                cells.append(LCell(r, 1, group, sum(1 for _, _, g in rows if g == group)))
            cells.append(LCell(r, 2, label))
        if i == first_group:
            cells.append(LCell(r, 0, "三、本年度办理结果", group_rows))
        cells += [LCell(r, 3 + j, report.raw("applications", code, c), key=("applications", code, c)) for j, c in enumerate(APPLICANTS)]
    return Layout(tuple(cells), (22, 62, 148, *(36.0,) * 7), 3)


def reviews(report: Report) -> Layout:
    outcomes = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    cells = [
        LCell(0, 0, "行政复议", 1, 5), LCell(0, 5, "行政诉讼", 1, 10),
        *(LCell(1, i, o, 2) for i, o in enumerate(outcomes)),
        LCell(1, 5, "未经复议直接起诉", 1, 5), LCell(1, 10, "复议后起诉", 1, 5),
        *(LCell(2, 5 + i, o) for i, o in enumerate(outcomes * 2)),
    ]  # fmt: skip
    keys = [("reviews_litigation", p, o) for p in PROCEEDINGS for o in OUTCOMES]
    cells += [LCell(3, i, report.raw(*k), key=k) for i, k in enumerate(keys)]
    return Layout(tuple(cells), (32.0,) * 15, 3)


def active(report: Report) -> Layout:
    """Table 二: a block per article item, each with its own header row."""
    cells: list[LCell] = []
    r = 0
    for title, headers, codes, rows in report.active:
        span = 3 // len(headers) if len(headers) in (1, 3) else 1
        cells.append(LCell(r, 0, title, 1, 4))
        cells.append(LCell(r + 1, 0, "信息内容"))
        cells += [LCell(r + 1, 1 + i * span, h, 1, span) for i, h in enumerate(headers)]
        if span * len(headers) < 3:
            cells.append(LCell(r + 1, 3, ""))
        r += 2
        for code, label in rows:
            cells.append(LCell(r, 0, label))
            cells += [
                LCell(r, 1 + i * span, report.raw("active_disclosure", code, c), 1, span, ("active_disclosure", code, c))
                for i, c in enumerate(codes)
            ]
            if span * len(codes) < 3:
                cells.append(LCell(r, 3, ""))
            r += 1
    return Layout(tuple(cells), (150.0, 111.0, 111.0, 111.0), 0)
