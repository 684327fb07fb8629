"""Render the sample portal's pages from reports.py: `python -m scraper.sample_portal.build`."""

from __future__ import annotations

import sys
from collections.abc import Callable
from html import escape
from pathlib import Path

from scraper.sample_portal.reports import (
    CMS_COLUMN,
    CMS_PAGE_SIZE,
    DISTRICT_CMS_REPORTS,
    PAGE_SIZE,
    REPORTS,
    SampleReport,
    by_publication,
)
from scraper.sample_portal.tables import SECTIONS, Cell, Rows

SITE_DIR = Path(__file__).parent / "site"
LIST_URL = "/infoDirectory.html?type=nb&rn=政府信息公开年报"
CMS_LIST_URL = f"/xxgk/{CMS_COLUMN}/index.html"

NOTE = (
    '<div class="sample-note" style="background:#fff3cd;padding:.5em;border:1px solid #e0c36b">'
    "样例门户：本站是 nianbao 演示用的样例网站，不是真实的政府网站，页面内容为演示数据。"
    " — Sample portal for the nianbao demo, not a real government site.</div>"
)
# Volatile bits real CMS pages carry (a render clock, a CSRF token): a re-crawl that only sees
# these change must not make a new version.
RENDERED_AT = "2024-02-01 09:30:00"
CSRF_TOKEN = "4f1c2a9e7b"
SITES = {"baoshan": "上海市宝山区政府信息公开（样例）", "district_cms": "上海市长宁区政务公开（样例）"}


def page(title: str, body: str, site: str = "baoshan") -> str:
    return (
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{escape(title)}</title>\n</head>\n<body>\n{NOTE}\n"
        f'<div class="header"><a href="/index.html">{SITES[site]}</a></div>\n'
        f"{body}\n"
        f'<div class="footer">nianbao 样例门户 · 仅供演示与测试 · 页面生成时间：{RENDERED_AT}'
        f'<input type="hidden" name="csrf_token" value="{CSRF_TOKEN}"></div>\n</body>\n</html>\n'
    )


def html_cell(cell: Cell) -> str:
    attrs = (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "") + (
        f' colspan="{cell.colspan}"' if cell.colspan > 1 else ""
    )
    # A lone U+00A0 is written as the entity, the way CMS editors leave "empty" cells.
    content = "&nbsp;" if cell.text == "\u00a0" else escape(cell.text)
    return f"<td{attrs}>{content}</td>"


def html_table(rows: Rows, css_class: str) -> str:
    body = "\n".join("<tr>" + "".join(html_cell(c) for c in row) + "</tr>" for row in rows)
    return f'<table border="1" cellspacing="0" class="{css_class}">\n{body}\n</table>'


def report_body(report: SampleReport) -> str:
    parts = []
    if report.agency_line:
        # 宝山 bodies often open with the agency alone, then "关于YYYY年…报告".
        parts += [f'<p style="text-align:center">{escape(report.agency)}</p>',
                  f'<p style="text-align:center">关于{report.year}年政府信息公开工作年度报告</p>']
    parts.append("<h2>一、总体情况</h2>")
    parts += [f"<p>{escape(p)}</p>" for p in report.overview]
    for heading, css_class, rows in SECTIONS:
        parts += [f"<h2>{heading}</h2>", html_table(rows(report), css_class)]
    parts += [f"<h2>{heading}</h2><p>{escape(text)}</p>" for heading, text in closing_sections(report)]
    parts += [f'<p style="text-align:right">{escape(report.publisher)}</p>',
              f'<p style="text-align:right">{report.published_on.replace("-", ".")}</p>']
    return "\n".join(parts)


def closing_sections(report: SampleReport) -> list[tuple[str, str]]:
    return [
        ("五、存在的主要问题及改进情况",
         "政务公开的形式还不够丰富，政策解读的针对性有待提高。下一步将加强解读，及时更新主动公开内容。"),
        ("六、其他需要报告的事项", f"{report.year}年本机关未收取政府信息公开信息处理费。"),
    ]


def article_page(report: SampleReport) -> str:
    """宝山 style: a metadata table above the title."""
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


def cms_page(report: SampleReport) -> str:
    """长宁 style: title, then a line of 发文机构 / 发布日期 / 索引号, then the body and attachments."""
    info = (
        f'<div class="xxgk-info"><span>发文机构：{escape(report.publisher)}</span> '
        f"<span>发布日期：{report.published_on}</span> <span>索引号：{escape(report.index_no)}</span></div>"
    )
    attachments = ""
    if report.attachment_path:
        name = f"{report.title}（PDF版）.pdf"
        attachments = f'<div class="attachments">附件：<a href="{report.attachment_path}">{escape(name)}</a></div>'
    body = (
        f'<div class="article">\n<h2 class="Article-title" id="ivs_title">{escape(report.title)}</h2>\n{info}\n'
        f'<div class="Article_content" id="ivs_content">\n{report_body(report)}\n</div>\n{attachments}\n</div>'
    )
    return page(report.title, body, "district_cms")


def pager(number: int, count: int, url: Callable[[int], str]) -> str:
    links = [f"<span>第{number}/{count}页</span>"]
    if number > 1:
        links.append(f'<a class="prev" href="{escape(url(number - 1))}">上一页</a>')
    if number < count:
        links.append(f'<a class="next" href="{escape(url(number + 1))}">下一页</a>')
    return f'<div class="pager">{" ".join(links)}</div>'


def chunks(reports: list[SampleReport], size: int) -> list[list[SampleReport]]:
    return [reports[i : i + size] for i in range(0, len(reports), size)]


def list_url(number: int) -> str:
    return LIST_URL if number == 1 else f"{LIST_URL}&page={number}"


def cms_list_url(number: int) -> str:
    return CMS_LIST_URL if number == 1 else CMS_LIST_URL.replace("index.html", f"index_{number}.html")


def directory_pages(reports: list[SampleReport]) -> list[str]:
    pages = chunks(reports, PAGE_SIZE)
    html = []
    for number, chunk in enumerate(pages, start=1):
        rows = "\n".join(
            f'<tr><td><a href="{escape(r.path)}" title="{escape(r.title)}">{escape(r.title)}</a></td>'
            f"<td>{r.published_on}</td></tr>"
            for r in chunk
        )
        body = (
            '<div class="breadcrumb">政府信息公开 › 政府信息公开年报</div>\n'
            f'<table class="info-list">\n{rows}\n</table>\n{pager(number, len(pages), list_url)}'
        )
        html.append(page("政府信息公开年报", body))
    return html


def cms_list_pages(reports: list[SampleReport]) -> list[str]:
    pages = chunks(reports, CMS_PAGE_SIZE)
    html = []
    for number, chunk in enumerate(pages, start=1):
        items = "\n".join(
            f'<li><a href="{escape(r.path)}" title="{escape(r.title)}" target="_blank">{escape(r.title)}</a>'
            f'<span class="time">{r.published_on}</span></li>'
            for r in chunk
        )
        body = (
            '<ol class="breadcrumb"><li>政务公开</li><li>政府信息公开年报</li></ol>\n'
            f'<ul class="list">\n{items}\n</ul>\n{pager(number, len(pages), cms_list_url)}'
        )
        html.append(page("政府信息公开年报", body, "district_cms"))
    return html


def home_page() -> str:
    body = (
        "<ul>\n"
        f'<li><a href="{escape(LIST_URL)}">政府信息公开年报（宝山式目录）</a></li>\n'
        f'<li><a href="{CMS_LIST_URL}">政府信息公开年报（区级 CMS 栏目）</a></li>\n'
        '<li><a href="/zfxxgk/pubguide.html">政府信息公开指南</a></li>\n</ul>'
    )
    return page("nianbao 样例门户", body)


ROBOTS = "# nianbao sample portal: crawling allowed\nUser-agent: *\nDisallow: /private/\n"


def build(site: Path = SITE_DIR) -> list[Path]:
    from scraper.sample_portal.pdf import report_pdf  # reportlab is only needed to rebuild the PDFs

    files: dict[str, str | bytes] = {"index.html": home_page(), "robots.txt": ROBOTS}
    for number, html in enumerate(directory_pages(by_publication(REPORTS)), start=1):
        files[f"infoDirectory/page-{number}.html"] = html
    for report in REPORTS:
        files[f"article/{report.infoid}.html"] = article_page(report)
    for number, html in enumerate(cms_list_pages(by_publication(DISTRICT_CMS_REPORTS)), start=1):
        files[cms_list_url(number).lstrip("/")] = html
    for report in DISTRICT_CMS_REPORTS:
        files[report.path.lstrip("/")] = cms_page(report)
        if report.attachment_path:
            files[report.attachment_path.lstrip("/")] = report_pdf(report)
    files["zfxxgk/pubguide.html"] = page("政府信息公开指南", "<p>样例门户的公开指南。</p>")
    written = []
    for name, content in sorted(files.items()):
        path = site / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in build():
        print(path.relative_to(SITE_DIR))
    sys.exit(0)
