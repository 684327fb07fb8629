"""Render the sample portal's pages from reports.py: `python -m scraper.sample_portal.build`."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from html import escape
from pathlib import Path

from scraper.sample_portal.reports import (
    OTHER_2021,
    PAGE_SIZE,
    REJECTED,
    REPORTS,
    UNAVAILABLE,
    WITHHELD,
    SampleReport,
    by_publication,
)

SITE_DIR = Path(__file__).parent / "site"
LIST_URL = "/infoDirectory.html?type=nb&rn=政府信息公开年报"

NOTE = (
    '<div class="sample-note" style="background:#fff3cd;padding:.5em;border:1px solid #e0c36b">'
    "样例门户：本站是 nianbao 演示用的样例网站，不是真实的政府网站，页面内容为演示数据。"
    " — Sample portal for the nianbao demo, not a real government site.</div>"
)

COLUMNS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")


def page(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{escape(title)}</title>\n</head>\n<body>\n{NOTE}\n"
        '<div class="header"><a href="/index.html">上海市宝山区政府信息公开（样例）</a></div>\n'
        f"{body}\n"
        '<div class="footer">nianbao 样例门户 · 仅供演示与测试</div>\n</body>\n</html>\n'
    )


def td(text: str, rowspan: int = 1, colspan: int = 1) -> str:
    attrs = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (f' colspan="{colspan}"' if colspan > 1 else "")
    # A lone U+00A0 is written as the entity, the way CMS editors leave "empty" cells.
    content = "&nbsp;" if text == "\u00a0" else escape(text)
    return f"<td{attrs}>{content}</td>"


def tr(cells: Iterable[str]) -> str:
    return "<tr>" + "".join(cells) + "</tr>"


def active_table(report: SampleReport) -> str:
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
    rows = []
    for title, headers, items in blocks:
        rows.append(tr([td(title, colspan=4)]))
        rows.append(tr([td("信息内容"), *spread(headers)]))
        for label, code in items:
            rows.append(tr([td(label), *spread(list(a[code]))]))
    return '<table border="1" cellspacing="0" class="table-active">\n' + "\n".join(rows) + "\n</table>"


def spread(cells: list[str]) -> list[str]:
    """Three value columns: one cell spans all three, two cells give the last one colspan 2."""
    if len(cells) == 1:
        return [td(cells[0], colspan=3)]
    if len(cells) == 2:
        return [td(cells[0]), td(cells[1], colspan=2)]
    return [td(c) for c in cells]


def applications_table(report: SampleReport) -> str:
    cells = report.application_cells()

    def values(code: str) -> list[str]:
        return [td(v) for v in cells[code]]

    rows = [
        tr([td("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", rowspan=3, colspan=3),
            td("申请人情况", colspan=7)]),
        tr([td("自然人", rowspan=2), td("法人或其他组织", colspan=5), td("总计", rowspan=2)]),
        tr([td(c) for c in COLUMNS[1:]]),
        tr([td("一、本年新收政府信息公开申请数量", colspan=3), *values("new_received")]),
        tr([td("二、上年结转政府信息公开申请数量", colspan=3), *values("carried_over")]),
        tr([td("三、本年度办理结果", rowspan=22 if report.template == "2021" else 20),
            td("（一）予以公开", colspan=2), *values("granted")]),
        tr([td("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", colspan=2), *values("partly_granted")]),
    ]
    groups = [("（三）不予公开", WITHHELD), ("（四）无法提供", UNAVAILABLE), ("（五）不予处理", REJECTED)]
    if report.template == "2021":
        groups.append(("（六）其他处理", OTHER_2021))
    for group, leaves in groups:
        for i, (code, label) in enumerate(leaves):
            head = [td(group, rowspan=len(leaves))] if i == 0 else []
            rows.append(tr([*head, td(label), *values(code)]))
    if report.template == "2019":
        rows.append(tr([td("（六）其他处理", colspan=2), *values("other")]))
    rows.append(tr([td("（七）总计", colspan=2), *values("total_handled")]))
    rows.append(tr([td("四、结转下年度继续办理", colspan=3), *values("carried_forward")]))
    return '<table border="1" cellspacing="0" class="table-applications">\n' + "\n".join(rows) + "\n</table>"


def reviews_table(report: SampleReport) -> str:
    outcomes = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    rows = [
        tr([td("行政复议", colspan=5), td("行政诉讼", colspan=10)]),
        tr([*(td(o, rowspan=2) for o in outcomes), td("未经复议直接起诉", colspan=5), td("复议后起诉", colspan=5)]),
        tr([td(o) for o in outcomes * 2]),
        tr([td(v) for v in report.review_cells()]),
    ]
    return '<table border="1" cellspacing="0" class="table-reviews">\n' + "\n".join(rows) + "\n</table>"


def report_body(report: SampleReport) -> str:
    heading_four = "四、政府信息公开行政复议、行政诉讼情况"
    parts = []
    if report.agency_line:
        # 宝山 bodies often open with the agency alone, then "关于YYYY年…报告".
        parts += [f'<p style="text-align:center">{escape(report.agency)}</p>',
                  f'<p style="text-align:center">关于{report.year}年政府信息公开工作年度报告</p>']
    parts.append("<h2>一、总体情况</h2>")
    parts += [f"<p>{escape(p)}</p>" for p in report.overview]
    parts += ["<h2>二、主动公开政府信息情况</h2>", active_table(report)]
    parts += ["<h2>三、收到和处理政府信息公开申请情况</h2>", applications_table(report)]
    parts += [f"<h2>{heading_four}</h2>", reviews_table(report)]
    parts += [
        "<h2>五、存在的主要问题及改进情况</h2>",
        "<p>政务公开的形式还不够丰富，政策解读的针对性有待提高。下一步将加强解读，及时更新主动公开内容。</p>",
        "<h2>六、其他需要报告的事项</h2>",
        f"<p>{report.year}年本机关未收取政府信息公开信息处理费。</p>",
        f'<p style="text-align:right">{escape(report.publisher)}</p>',
        f'<p style="text-align:right">{report.published_on.replace("-", ".")}</p>',
    ]
    return "\n".join(parts)


def article_page(report: SampleReport) -> str:
    meta = (
        '<table class="xxgk-meta">\n'
        f"<tr><th>索引号</th><td>{escape(report.index_no)}</td><th>发布机构</th><td>{escape(report.publisher)}</td></tr>\n"
        f"<tr><th>发布日期</th><td>{report.published_on}</td><th>主题分类</th><td>政府信息公开年报</td></tr>\n"
        "</table>"
    )
    body = (
        f'<div class="article">\n{meta}\n<h1 class="article-title">{escape(report.title)}</h1>\n'
        f'<div class="article-content" id="ivs_content">\n{report_body(report)}\n</div>\n</div>'
    )
    return page(report.title, body)


def list_url(number: int) -> str:
    return LIST_URL if number == 1 else f"{LIST_URL}&page={number}"


def list_pages(reports: list[SampleReport]) -> list[str]:
    chunks = [reports[i : i + PAGE_SIZE] for i in range(0, len(reports), PAGE_SIZE)]
    pages = []
    for number, chunk in enumerate(chunks, start=1):
        rows = "\n".join(
            f'<tr><td><a href="/article.html?infoid={r.infoid}" title="{escape(r.title)}">{escape(r.title)}</a></td>'
            f"<td>{r.published_on}</td></tr>"
            for r in chunk
        )
        pager = [f"<span>第{number}/{len(chunks)}页</span>"]
        if number > 1:
            pager.append(f'<a class="prev" href="{escape(list_url(number - 1))}">上一页</a>')
        if number < len(chunks):
            pager.append(f'<a class="next" href="{escape(list_url(number + 1))}">下一页</a>')
        body = (
            '<div class="breadcrumb">政府信息公开 › 政府信息公开年报</div>\n'
            f'<table class="info-list">\n{rows}\n</table>\n<div class="pager">{" ".join(pager)}</div>'
        )
        pages.append(page("政府信息公开年报", body))
    return pages


def home_page() -> str:
    body = (
        "<ul>\n"
        f'<li><a href="{escape(LIST_URL)}">政府信息公开年报</a></li>\n'
        '<li><a href="/zfxxgk/pubguide.html">政府信息公开指南</a></li>\n</ul>'
    )
    return page("上海市宝山区政府信息公开（样例）", body)


ROBOTS = "# nianbao sample portal: crawling allowed\nUser-agent: *\nDisallow: /private/\n"


def build(site: Path = SITE_DIR) -> list[Path]:
    files: dict[str, str] = {"index.html": home_page(), "robots.txt": ROBOTS}
    for number, html in enumerate(list_pages(by_publication(REPORTS)), start=1):
        files[f"infoDirectory/page-{number}.html"] = html
    for report in REPORTS:
        files[f"article/{report.infoid}.html"] = article_page(report)
    files["zfxxgk/pubguide.html"] = page("政府信息公开指南", "<p>样例门户的公开指南。</p>")
    written = []
    for name, text in sorted(files.items()):
        path = site / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in build():
        print(path.relative_to(SITE_DIR))
    sys.exit(0)
