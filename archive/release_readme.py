"""The release bundle's README: what is in it, its sha256 manifest, and the site's methodology page as text."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import html

from archive.layout import Layout


@dataclass(frozen=True)
class Entry:
    name: str
    size: int
    sha256: str
    about: str


def _text(element: html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def _table(element: html.HtmlElement) -> list[str]:
    rows = [[_text(c) for c in tr.xpath("./th|./td")] for tr in element.xpath(".//tr")]
    if not rows:
        return []
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
    return lines + ["| " + " | ".join(r) + " |" for r in rows[1:]]


def html_to_markdown(fragment: html.HtmlElement) -> str:
    """Headings, paragraphs, definition lists, lists and tables: all the methodology page uses."""
    lines: list[str] = []
    for el in fragment:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in ("h1", "h2", "h3"):
            lines += ["#" * (int(tag[1]) + 1) + " " + _text(el), ""]
        elif tag == "p":
            lines += [_text(el), ""]
        elif tag == "dl":
            lines += [f"- **{_text(dt)}**: {_text(dd)}" for dt, dd in zip(el.xpath("./dt"), el.xpath("./dd"), strict=False)]
            lines.append("")
        elif tag == "ul":
            lines += [f"- {_text(li)}" for li in el.xpath("./li")] + [""]
        elif tag == "table":
            lines += _table(el) + [""]
    return "\n".join(lines).strip() + "\n"


async def _methodology_html(layout: Layout) -> str:
    from archive.publish import make_datasette  # publish imports the Datasette plugins; only needed here

    response = await make_datasette(layout).client.get("/-/methodology")
    response.raise_for_status()
    return str(response.text)


def methodology_markdown(layout: Layout) -> str:
    page: html.HtmlElement = html.fromstring(asyncio.run(_methodology_html(layout)))
    return html_to_markdown(page.find_class("nianbao-method")[0])


def readme(version: str, built_at: str | None, entries: Sequence[Entry], methodology: str) -> str:
    manifest = ["| file | bytes | sha256 | what |", "|---|---|---|---|"]
    manifest += [f"| {e.name} | {e.size} | {e.sha256} | {e.about} |" for e in entries]
    return "\n".join([
        f"# nianbao release {version}",
        "",
        "政府信息公开工作年度报告 (government information disclosure annual reports): the archived originals "
        f"and the tables read from them. Database built {built_at or 'at an unknown time'}.",
        "",
        "Derived data: CC BY 4.0. The reports are public government information, reproduced unaltered; "
        "the originals prevail. This folder is a BagIt bag: `bagit.py --validate` checks every file "
        "against manifest-sha256.txt. The CSV files are UTF-8 with a byte order mark, so Excel opens them.",
        "",
        "## Files",
        "",
        *manifest,
        "",
        methodology,
    ])  # fmt: skip
