"""Pictures that stand in for a report table on an HTML page: section 二, 三 or 四 printing an
`<img>` and neither a table nor a figure of its own (district editors paste the tables as images)."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from lxml import etree

from pipeline.model import SectionImage

_SECTION = re.compile(r"^\s*([一二三四五六])\s*[、.．]\s*(?:总体情况|概述|主动公开|收到和处理|.{0,12}行政复议|.{0,12}问题|其他需要报告)")
_SECTIONS = ("二", "三", "四")
_HEADING_MAX = 40
# A figure in prose; the report's own year (统计期限自2021年1月1日) and dates are not figures.
_FIGURE = re.compile(r"\d+")
_DATE = re.compile(r"(?:19|20)\d{2}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?|\d{1,2}\s*月\s*\d{1,2}\s*日")


def section_images(root: etree._Element, base_url: str | None) -> tuple[SectionImage, ...]:
    """The pictures of sections 二/三/四 that hold no table and no figure, in page order; the
    walk follows document order (an element's text at its start, its tail at its end) so a
    figure or a picture is given to the section whose heading precedes it."""
    base = _base(root, base_url)
    current: str | None = None
    found: dict[str, list[str]] = {}
    printed: set[str] = set()  # sections with a table or a figure of their own
    for event, el in etree.iterwalk(root, events=("start", "end")):
        if not isinstance(el.tag, str):
            continue
        if event == "start":
            current = _heading(el) or current
            if current is None:
                continue
            if el.tag == "table" and any(_is_data_row(tr) for tr in el.iter("tr")):
                printed.add(current)
            elif el.tag == "img" and (src := (el.get("src") or "").strip()) and not src.lower().startswith("data:"):
                found.setdefault(current, []).append(urljoin(base, src) if base else src)
            if el.text and _has_figure(el.text):
                printed.add(current)
        elif current is not None and el.tail and _has_figure(el.tail):
            printed.add(current)
    return tuple(SectionImage(s, url) for s in _SECTIONS if s not in printed for url in dict.fromkeys(found.get(s, ())))


def _heading(el: etree._Element) -> str | None:
    if el.tag not in ("p", "h1", "h2", "h3", "h4", "h5", "h6", "div", "strong", "b", "span", "td"):
        return None
    cell = el if el.tag == "td" else next(el.iterancestors("td", "th"), None)
    if cell is not None and _is_data_row(cell.getparent()):
        return None  # 三、本年度办理结果 is a row of table 三, not a heading
    text = "".join(str(t) for t in el.itertext())
    match = _SECTION.match(text) if len(text.strip()) <= _HEADING_MAX else None
    return match.group(1) if match else None


def _is_data_row(tr: etree._Element | None) -> bool:
    """Page layouts wrap whole articles in one-cell tables; a table's row has several cells."""
    return tr is not None and sum(1 for c in tr if c.tag in ("td", "th")) > 1


def _has_figure(text: str) -> bool:
    return bool(_FIGURE.search(_DATE.sub("", text)))


def _base(root: etree._Element, base_url: str | None) -> str | None:
    """`<base href>` when the page sets one (TRS templates do), else the page's own URL."""
    found = root.xpath("//base/@href")
    href = str(found[0]).strip() if isinstance(found, list) and found else ""
    return urljoin(base_url or "", href) if href else base_url
