"""HTML to RawDocument: the only module that parses HTML and expands table spans."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from pipeline.errors import TooDeep, TooLarge, UnreadableDocument
from pipeline.html_images import section_images
from pipeline.limits import Limits
from pipeline.model import RawCell, RawDocument, RawTable

_BLOCK = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article", "ul", "ol", "dd", "dt", "title"}
_MAX_SPAN = 200  # hostile or broken spans ("rowspan=65534") must not blow up the grid
_ATTACHMENT = re.compile(r"\.(pdf|docx?|wps|xlsx?|et)(\?|$)", re.I)
_TITLE_WORDS = ("年度报告", "年报")
_HEADING = re.compile(r"^[一二三四五六]\s*[、.．]\s*(总体情况|概述|主动公开政府信息|收到和处理|.{0,12}行政复议|.{0,12}问题|其他需要报告)")


def extract_html(text: str, limits: Limits = Limits(), base_url: str | None = None) -> RawDocument:
    """`base_url`, the page's URL, resolves the pictures that stand in for tables."""
    root = _parse(text)
    for bad in list(root.iter("script", "style", "noscript", etree.Comment)):
        _drop(bad)
    innermost = [el for el in root.iter("table") if _check_depth(el, limits) and el.find(".//table") is None]
    tables = tuple(t for t in (_table(el, limits) for el in innermost) if t.rows)
    title = _title(root)
    attachments = tuple(dict.fromkeys(h for h in _strings(root, "//a/@href") if _ATTACHMENT.search(h)))
    pictures = section_images(root, base_url)
    # _text rewrites element tails, so it runs after the tables have been read.
    return RawDocument(format="html", text=_text(root), title=title, tables=tables, attachments=attachments,
                       section_images=pictures)


def _strings(root: etree._Element, xpath: str) -> list[str]:
    found = root.xpath(xpath)
    return [str(x) for x in found] if isinstance(found, list) else []


def _content(el: etree._Element) -> str:
    return "".join(str(t) for t in el.itertext())


def _parse(text: str) -> etree._Element:
    # lxml refuses str input that still carries an XML encoding declaration.
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise UnreadableDocument(f"not parseable as HTML: {exc}") from exc
    return root


def _drop(el: etree._Element) -> None:
    """Remove an element but keep its tail text, which belongs to the parent."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _cell_text(el: etree._Element) -> str:
    parts: list[str] = []
    for node in el.iter():
        if node.tag == "br":
            parts.append(" ")
        if node is not el and node.tag in ("p", "div"):
            parts.append(" ")
        if isinstance(node.tag, str) and node.text:
            parts.append(node.text)
        if node is not el and node.tail:
            parts.append(node.tail)
    return "".join(parts)


def _span(el: etree._Element, name: str) -> int:
    match = re.match(r"\s*(\d+)", el.get(name) or "")
    return min(max(int(match.group(1)), 1), _MAX_SPAN) if match else 1


def _check_depth(table: etree._Element, limits: Limits) -> bool:
    depth = sum(1 for _ in table.iterancestors("table"))
    if depth >= limits.table_depth:
        raise TooDeep(f"tables nested more than {limits.table_depth} deep")
    return True


def _table(table: etree._Element, limits: Limits) -> RawTable:
    """Expand rowspan/colspan into a grid; each grid row lists the cells covering it."""
    rows = [tr for tr in table.iter("tr") if _owner(tr) is table]
    taken: dict[tuple[int, int], RawCell] = {}
    area = 0
    for r, tr in enumerate(rows):
        c = 0
        for td in tr:
            if td.tag not in ("td", "th"):
                continue
            while (r, c) in taken:
                c += 1
            rowspan, colspan = _span(td, "rowspan"), _span(td, "colspan")
            cell = RawCell(text=_cell_text(td), row=r, col=c, rowspan=rowspan, colspan=colspan)
            area += min(rowspan, len(rows) - r) * colspan
            if area > limits.grid_cells:
                raise TooLarge(f"a table whose row and column spans cover more than {limits.grid_cells} cells")
            for dr in range(min(rowspan, len(rows) - r)):
                for dc in range(colspan):
                    taken.setdefault((r + dr, c + dc), cell)
            c += colspan
    grid: dict[int, dict[RawCell, None]] = {}
    for r, c in sorted(taken):
        grid.setdefault(r, {})[taken[(r, c)]] = None
    return RawTable(rows=tuple(tuple(grid[r]) for r in sorted(grid)), positional=True)


def _owner(tr: etree._Element) -> etree._Element | None:
    node = tr.getparent()
    while node is not None and node.tag != "table":
        node = node.getparent()
    return node


def _text(root: etree._Element) -> str:
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag in _BLOCK:
            el.tail = "\n" + (el.tail or "")
        elif el.tag in ("td", "th"):
            el.tail = "\t" + (el.tail or "")
    text = _content(_report_root(root))
    lines = (re.sub(r"[ \t\u3000\xa0]+", " ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _report_root(root: etree._Element) -> etree._Element:
    """The smallest element holding the report's section headings, so navigation, footers
    and portal boilerplate stay out of the stored text."""
    hits = [
        el for el in root.iter("p", "h1", "h2", "h3", "h4", "h5", "div", "strong", "b", "span")
        if len(text := _content(el).strip()) < 40 and _HEADING.match(text)
    ]  # fmt: skip
    body = root.find("body")
    if len(hits) < 2:
        return body if body is not None else root
    chains = [list(reversed([hit, *hit.iterancestors()])) for hit in hits]
    common = root
    for level in zip(*chains):
        if any(node is not level[0] for node in level):
            break
        common = level[0]
    return common


def _title(root: etree._Element) -> str | None:
    candidates = _strings(root, "//meta[@name='ArticleTitle' or @name='title']/@content")
    for tag in ("h1", "h2", "h3", "h4"):
        candidates += [_content(el) for el in root.iter(tag)]
    candidates += [re.split(r"[_|｜]| - ", t)[0] for t in _strings(root, "//title/text()")]
    for cand in candidates:
        cand = re.sub(r"\s+", " ", cand).strip()
        if any(w in cand for w in _TITLE_WORDS) and len(cand) < 120:
            return cand
    return None
