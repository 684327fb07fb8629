"""Render a report's three tables as HTML or text from known figures, for tests.

The figures are the truth; the parser is tested against them, never against itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field

APPLICANTS = ("natural_person", "commercial", "research", "public_interest", "legal_services", "other_org", "total")
PROCEEDINGS = ("review", "suit_direct", "suit_after_review")
OUTCOMES = ("upheld", "corrected", "other", "pending", "total")

# (code, label, group) in printed order; group None = a top-level row.
ROWS_2021: list[tuple[str, str, str | None]] = [
    ("new_received", "一、本年新收政府信息公开申请数量", None),
    ("carried_over", "二、上年结转政府信息公开申请数量", None),
    ("granted", "（一）予以公开", ""),
    ("partly_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ""),
    ("withheld_state_secret", "1.属于国家秘密", "（三）不予公开"),
    ("withheld_prohibited", "2.其他法律行政法规禁止公开", "（三）不予公开"),
    ("withheld_security", "3.危及“三安全一稳定”", "（三）不予公开"),
    ("withheld_third_party", "4.保护第三方合法权益", "（三）不予公开"),
    ("withheld_internal", "5.属于三类内部事务信息", "（三）不予公开"),
    ("withheld_process", "6.属于四类过程性信息", "（三）不予公开"),
    ("withheld_enforcement", "7.属于行政执法案卷", "（三）不予公开"),
    ("withheld_query", "8.属于行政查询事项", "（三）不予公开"),
    ("unavailable_not_held", "1.本机关不掌握相关政府信息", "（四）无法提供"),
    ("unavailable_needs_creation", "2.没有现成信息需要另行制作", "（四）无法提供"),
    ("unavailable_unclear", "3.补正后申请内容仍不明确", "（四）无法提供"),
    ("rejected_petition", "1.信访举报投诉类申请", "（五）不予处理"),
    ("rejected_duplicate", "2.重复申请", "（五）不予处理"),
    ("rejected_publication", "3.要求提供公开出版物", "（五）不予处理"),
    ("rejected_excessive", "4.无正当理由大量反复申请", "（五）不予处理"),
    ("rejected_confirmation", "5.要求行政机关确认或重新出具已获取信息", "（五）不予处理"),
    ("other_no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "（六）其他处理"),
    ("other_unpaid_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "（六）其他处理"),
    ("other_other", "3.其他", "（六）其他处理"),
    ("total_handled", "（七）总计", ""),
    ("carried_forward", "四、结转下年度继续办理", None),
]
ROWS_2019 = [r for r in ROWS_2021 if not r[0].startswith("other_")]
ROWS_2019.insert(20, ("other", "（六）其他处理", ""))

ACTIVE_2021 = [
    ("第二十条第（一）项", ["本年制发件数", "本年废止件数", "现行有效件数"], ["issued", "repealed", "in_force"],
     [("regulations", "规章"), ("normative_documents", "行政规范性文件")]),
    ("第二十条第（五）项", ["本年处理决定数量"], ["decisions"], [("licensing", "行政许可")]),
    ("第二十条第（六）项", ["本年处理决定数量"], ["decisions"], [("penalty", "行政处罚"), ("coercion", "行政强制")]),
    ("第二十条第（八）项", ["本年收费金额（单位：万元）"], ["amount_10k_yuan"], [("fees", "行政事业性收费")]),
]  # fmt: skip
ACTIVE_2019 = [
    ("第二十条第（一）项", ["本年新制作数量", "本年新公开数量", "对外公开总数量"], ["newly_made", "newly_published", "total_published"],
     [("regulations", "规章"), ("normative_documents", "规范性文件")]),
    ("第二十条第（五）项", ["上一年项目数量", "本年增/减", "处理决定数量"], ["items_last_year", "items_change", "decisions"],
     [("licensing", "行政许可"), ("other_services", "其他对外管理服务事项")]),
    ("第二十条第（六）项", ["上一年项目数量", "本年增/减", "处理决定数量"], ["items_last_year", "items_change", "decisions"],
     [("penalty", "行政处罚"), ("coercion", "行政强制")]),
    ("第二十条第（八）项", ["上一年项目数量", "本年增/减"], ["items_last_year", "items_change"], [("fees", "行政事业性收费")]),
    ("第二十条第（九）项", ["采购项目数量", "采购总金额"], ["projects", "amount"], [("procurement", "政府集中采购")]),
]  # fmt: skip

Key = tuple[str, str, str]


@dataclass
class Report:
    """Figures as printed: (table, row, column) → raw text ("" is a blank cell)."""

    title: str
    template: str
    figures: dict[Key, str] = field(default_factory=dict)

    @property
    def rows(self) -> list[tuple[str, str, str | None]]:
        return ROWS_2021 if self.template == "2021" else ROWS_2019

    @property
    def active(self) -> list[tuple[str, list[str], list[str], list[tuple[str, str]]]]:
        return ACTIVE_2021 if self.template == "2021" else ACTIVE_2019

    def raw(self, table: str, row: str, column: str) -> str:
        return self.figures.get((table, row, column), "0")

    def expected_cells(self) -> dict[Key, str]:
        keys = [("active_disclosure", r, c) for _, _, cols, rows in self.active for r, _ in rows for c in cols]
        keys += [("applications", r, c) for r, _, _ in self.rows for c in APPLICANTS]
        keys += [("reviews_litigation", p, o) for p in PROCEEDINGS for o in OUTCOMES]
        return {k: self.raw(*k) for k in keys}


def consistent_figures(template: str, seed: int = 7) -> dict[Key, str]:
    """Figures that satisfy every check, varied per row and column."""
    rows = ROWS_2021 if template == "2021" else ROWS_2019
    leaves = [r for r, _, g in rows if g is not None and r != "total_handled"]
    figures: dict[Key, str] = {}
    for j, col in enumerate(APPLICANTS[:-1]):
        values = {leaf: (seed * (i + 3) + j * 5) % 4 for i, leaf in enumerate(leaves)}
        handled = sum(values.values())
        forward = (seed + j) % 3
        carried = (seed * j) % 2
        values.update(total_handled=handled, carried_forward=forward, carried_over=carried,
                      new_received=handled + forward - carried)  # fmt: skip
        for row, value in values.items():
            figures[("applications", row, col)] = str(value)
    for row, _, _ in rows:
        figures[("applications", row, "total")] = str(sum(int(figures[("applications", row, c)]) for c in APPLICANTS[:-1]))
    for k, proc in enumerate(PROCEEDINGS):
        parts = [(seed + k + n) % 3 for n in range(4)]
        for outcome, value in zip(OUTCOMES, [*parts, sum(parts)]):
            figures[("reviews_litigation", proc, outcome)] = str(value)
    return figures


def _td(text: str, rowspan: int = 1, colspan: int = 1, soup: bool = False) -> str:
    attrs = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (f' colspan="{colspan}"' if colspan > 1 else "")
    if soup and len(text) > 3:
        # Labels split over spans and a <br>, as WYSIWYG editors leave them.
        mid = len(text) // 2
        text = f'<span style="font-family:宋体">{text[:mid]}</span><br/><span>{text[mid:]}</span>'
    elif text == "":
        text = "&nbsp;"
    return f"<td{attrs}>{text}</td>"


def html_applications(report: Report, note_colspan: int = 3, soup: bool = False) -> str:
    rows = report.rows
    group_rows = sum(1 for _, _, g in rows if g is not None)
    out = [
        "<table border='1'>",
        f"<tr>{_td('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', 3, note_colspan)}{_td('申请人情况', 1, 7)}</tr>",
        f"<tr>{_td('自然人', 2)}{_td('法人或其他组织', 1, 5)}{_td('总计', 2)}</tr>",
        "<tr>" + "".join(_td(t, soup=soup) for t in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")) + "</tr>",
    ]
    seen_groups: set[str] = set()
    first_group = True
    for code, label, group in rows:
        cells = ""
        if group is None:
            cells += _td(label, colspan=3, soup=soup)
        else:
            if first_group:
                cells += _td("三、本年度办理结果", rowspan=group_rows, soup=soup)
                first_group = False
            if group == "":
                cells += _td(label, colspan=2, soup=soup)
            else:
                if group not in seen_groups:
                    seen_groups.add(group)
                    cells += _td(group, rowspan=sum(1 for _, _, g in rows if g == group), soup=soup)
                cells += _td(label, soup=soup)
        cells += "".join(_td(report.raw("applications", code, c)) for c in APPLICANTS)
        out.append(f"<tr>{cells}</tr>")
    out.append("</table>")
    return "\n".join(out)


def html_reviews(report: Report) -> str:
    outcomes = ("结果<br>维持", "结果<br>纠正", "其他<br>结果", "尚未<br>审结", "总计")
    return "\n".join([
        "<table border='1'>",
        f"<tr>{_td('行政复议', 1, 5)}{_td('行政诉讼', 1, 10)}</tr>",
        "<tr>" + "".join(_td(o, 2) for o in outcomes) + _td("未经复议直接起诉", 1, 5) + _td("复议后起诉", 1, 5) + "</tr>",
        "<tr>" + "".join(_td(o) for o in outcomes * 2) + "</tr>",
        "<tr>" + "".join(_td(report.raw("reviews_litigation", p, o)) for p in PROCEEDINGS for o in OUTCOMES) + "</tr>",
        "</table>",
    ])  # fmt: skip


def html_active(report: Report) -> str:
    out = ["<table border='1'>"]
    for title, headers, codes, rows in report.active:
        out.append(f"<tr>{_td(title, colspan=4)}</tr>")
        span = 3 // len(headers) if len(headers) in (1, 3) else 1
        extra = 3 - span * len(headers)
        out.append("<tr>" + _td("信息内容") + "".join(_td(h, colspan=span) for h in headers) + (_td("", colspan=extra) if extra else "") + "</tr>")
        for code, label in rows:
            values = "".join(_td(report.raw("active_disclosure", code, c), colspan=span) for c in codes)
            out.append(f"<tr>{_td(label)}{values}{_td('', colspan=extra) if extra else ''}</tr>")
    out.append("</table>")
    return "\n".join(out)


def html_report(report: Report, charset: str = "utf-8", metadata_table: bool = True, **options: object) -> str:
    meta = ("<table class='meta'><tr><td>索引号：</td><td>SH0113-2022-0001</td><td>发布机构：</td><td>样例机关</td></tr>"
            "<tr><td>发布日期：</td><td>2022-01-20</td><td>主题分类：</td><td>政府信息公开年报</td></tr></table>")  # fmt: skip
    return f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{report.title}_样例门户</title></head>
<body><div class="nav"><a href="/">首页</a> &gt; 政府信息公开 &gt; 年度报告</div>
{meta if metadata_table else ""}
<div class="article"><h2>{report.title}</h2>
<p>一、总体情况</p><p>本报告中所列数据的统计期限自{report.title[report.title.find("20"):report.title.find("20") + 4]}年1月1日起至12月31日止。</p>
<p>二、主动公开政府信息情况</p>
{html_active(report)}
<p>三、收到和处理政府信息公开申请情况</p>
{html_applications(report, **options)}
<p>四、政府信息公开行政复议、行政诉讼情况</p>
{html_reviews(report)}
<p>五、存在的主要问题及改进情况</p><p>略。</p>
<p>六、其他需要报告的事项</p><p>无。</p>
</div></body></html>"""  # type: ignore[arg-type]


def text_report(report: Report, sep: str = "\t") -> str:
    """Flattened text: `sep`-separated rows, or one cell per line when sep is "\\n"."""
    lines = [report.title, "一、总体情况", "说明。", "二、主动公开政府信息情况"]
    for title, headers, codes, rows in report.active:
        lines += [title, sep.join(["信息内容", *headers])]
        lines += [sep.join([label, *(report.raw("active_disclosure", code, c) for c in codes)]) for code, label in rows]
    lines += ["三、收到和处理政府信息公开申请情况", sep.join(["申请人情况", "自然人", "法人或其他组织", "总计"]),
              sep.join(["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"])]  # fmt: skip
    for code, label, group in report.rows:
        prefix = [group] if group and label.startswith("1.") else []
        lines.append(sep.join([*prefix, label, *(report.raw("applications", code, c) for c in APPLICANTS)]))
    lines += ["四、政府信息公开行政复议、行政诉讼情况", sep.join(["行政复议", "行政诉讼"]),
              sep.join(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉"]),
              sep.join(report.raw("reviews_litigation", p, o) for p in PROCEEDINGS for o in OUTCOMES),
              "五、存在的主要问题及改进情况", "略。", "六、其他需要报告的事项", "无。"]  # fmt: skip
    return "\n".join(lines) + "\n"
