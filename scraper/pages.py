"""Selector helpers shared by the platform families: metadata, titles, rows and attachment links."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import parse_qsl, unquote, urljoin, urlsplit

from parsel import Selector

from scraper.titles import clean_text, parse_date

ATTACHMENT_EXTENSIONS = (".pdf", ".doc", ".docx", ".wps", ".xls", ".xlsx", ".et", ".rtf")
DATE_LABELS = ("发布日期", "发布时间", "公开日期", "发文日期", "生成日期", "日期", "时间")
AGENCY_LABELS = ("发布机构", "公开主体", "发文机构", "发布单位", "信息来源", "来源")
NEXT_PAGE_TEXTS = ("下一页", "下页", "后页", "下一页>", "下页>", ">")


@dataclass(frozen=True)
class ListRow:
    url: str
    title: str
    published_on: str | None = None


def meta_content(sel: Selector, name: str) -> str | None:
    """`<meta name=…>` matched case-insensitively and ignoring padding: TRS pages at 长沙 write
    `name=" ArticleTitle "` and Hanweb JCMS writes `pubdate`."""
    wanted = name.lower()
    for meta in sel.xpath("//meta[@name]"):
        if (meta.attrib.get("name") or "").strip().lower() == wanted:
            return (meta.attrib.get("content") or "").strip() or None
    return None


def text_of(sel: Selector | None) -> str:
    """Text with a space between nodes, so labelled fields in separate elements stay apart."""
    if sel is None:
        return ""
    texts = sel.xpath(".//text()[not(ancestor::script)][not(ancestor::style)]").getall()
    return re.sub(r"\s+", " ", " ".join(texts)).strip()


def first(sel: Selector, css: tuple[str, ...]) -> Selector | None:
    for query in css:
        found = sel.css(query)
        if found:
            return found[0]
    return None


def own_text(sel: Selector | None) -> str:
    """An element's own text nodes only: shanghai.gov.cn nests the date inside the title h2."""
    if sel is None:
        return ""
    return clean_text(" ".join(sel.xpath("./text()").getall()))


def page_title(sel: Selector) -> str:
    title = meta_content(sel, "ArticleTitle") or clean_text(" ".join(sel.css("title ::text").getall()))
    return re.split(r"_|\s-\s|\|", title)[0].strip()


def is_attachment_url(url: str) -> bool:
    parts = urlsplit(url)
    names = [parts.path] + [v for k, v in parse_qsl(parts.query) if k.lower() in ("filename", "showname", "file")]
    return any(unquote(n).lower().endswith(ATTACHMENT_EXTENSIONS) for n in names)


def attachment_links(sel: Selector, base_url: str, scope: tuple[str, ...] = ("body",)) -> list[tuple[str, str]]:
    """(absolute URL, link text) of document links in every matching scope, in page order."""
    found: dict[str, str] = {}
    for anchor in (a for query in scope for a in sel.css(query).css("a[href]")):
        url = urljoin(base_url, anchor.attrib["href"].strip())
        if is_attachment_url(url) and url not in found:
            found[url] = clean_text(text_of(anchor)) or PurePosixPath(urlsplit(url).path).name
    return list(found.items())


# Page furniture pictured inside an article body: icons, logos, buttons, share and QR codes.
ICON_NAME = re.compile(r"icon|logo|btn|button|arrow|share|print|qrcode|ewm|weixin|weibo|close|spacer|blank|dot\.|line\.", re.I)
ICON_PIXELS = 48  # a width or height attribute below this is an icon, not a pasted table


def picture_links(sel: Selector, base_url: str, scope: tuple[str, ...]) -> list[str]:
    """Absolute URLs of the pictures in the first matching scope (a report's body), in page
    order: the tables some editors paste as images. Inline data: pictures hold no URL to fetch."""
    body = first(sel, scope)
    found: dict[str, None] = {}
    for img in body.css("img[src]") if body is not None else ():
        src = img.attrib["src"].strip()
        url = urljoin(base_url, src)
        if src and not src.lower().startswith("data:") and not _is_icon(img, url):
            found[url] = None
    return list(found)


def _is_icon(img: Selector, url: str) -> bool:
    name = PurePosixPath(urlsplit(url).path).name
    sizes = [int(m.group(1)) for a in ("width", "height") if (m := re.match(r"\s*(\d+)\s*(px)?\s*$", img.attrib.get(a, "")))]
    return bool(ICON_NAME.search(name)) or any(size < ICON_PIXELS for size in sizes)


def anchor_title(anchor: Selector) -> str:
    """Anchor texts are often cut with "..."; the title attribute keeps the full title."""
    text = clean_text(text_of(anchor))
    title = clean_text(anchor.attrib.get("title", ""))
    return title if len(title) >= len(text.rstrip(".…")) else text


def row_date(anchor: Selector) -> str | None:
    row = anchor.xpath("ancestor::*[self::li or self::tr or self::dd or self::p][1]")
    return parse_date(text_of(row[0])) if row else None


def link_rows(sel: Selector, base_url: str, pattern: re.Pattern[str]) -> Iterator[ListRow]:
    seen: set[str] = set()
    for anchor in sel.css("a[href]"):
        url = urljoin(base_url, anchor.attrib["href"].strip())
        if pattern.search(url) and url not in seen:
            seen.add(url)
            yield ListRow(url, anchor_title(anchor), row_date(anchor))


def same_directory(url: str, other: str) -> bool:
    a, b = urlsplit(url), urlsplit(other)
    return a.netloc == b.netloc and a.path.rsplit("/", 1)[0] == b.path.rsplit("/", 1)[0]


def pager_links(sel: Selector, base_url: str) -> Iterator[str]:
    """Next/numbered page links that stay in the list's own directory (not other columns)."""
    for anchor in sel.css("a[href]"):
        text = clean_text(text_of(anchor))
        url = urljoin(base_url, anchor.attrib["href"].strip())
        if (text in NEXT_PAGE_TEXTS or text.isdigit()) and same_directory(url, base_url) and url != base_url:
            yield url
