"""Generate the PDF fixture documents and their golden JSON from known figures.

    python -m tests.make_pdf_fixtures      # rewrites tests/fixtures/documents/*.pdf + .json

The figures (tests.report_builder) are the truth: each golden cell is written from them and
from the page the writer put the figure on, never from what the parser reads back.
"""

from __future__ import annotations

import io
import json
import random
import re
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from tests import table_layouts as layouts
from tests.pdf_drawing import Style, Writer
from tests.report_builder import ACTIVE_2021, APPLICANTS, ROWS_2019, Key, Report, consistent_figures

OUT = Path(__file__).parent / "fixtures" / "documents"
# Word/WPS embed a subset of the TrueType font in use; any CJK TrueType font will do here.
TTF_CANDIDATES = ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf")


class MixedReport(Report):
    """A 2023 report printing a 2021-style table 二 beside the 2019 23-row table 三."""

    @property
    def rows(self) -> list[tuple[str, str, str | None]]:
        return ROWS_2019

    @property
    def active(self) -> list[tuple[str, list[str], list[str], list[tuple[str, str]]]]:
        return ACTIVE_2021


class TypoReport(Report):
    """Labels as real reports misprint them: 内容 for 内部 (长春 2022), 情况 for 情形, "，" for "、"."""

    TYPOS = (("三类内部事务", "三类内容事务"), ("只计这一情形", "只计这一情况"), ("逾期不补正、", "逾期不补正，"))

    @property
    def rows(self) -> list[tuple[str, str, str | None]]:
        rows = []
        for code, label, group in super().rows:
            for right, wrong in self.TYPOS:
                label = label.replace(right, wrong)
            rows.append((code, label, group))
        return rows


class DroppedCharactersReport(Report):
    """A sub-label printed with two characters dropped, a typo no label rule knows (内部 lost)."""

    @property
    def rows(self) -> list[tuple[str, str, str | None]]:
        return [(code, label.replace("三类内部事务", "三类事务"), group) for code, label, group in super().rows]


@dataclass
class Fixture:
    name: str
    report: Report
    agency: str | None
    year: int | None
    font: str = "STSong-Light"
    styles: dict[str, Style] = field(default_factory=dict)
    numbering: str = "."
    fresh_page_for: tuple[str, ...] = ()
    after: Callable[[Writer], None] | None = None


def sample(agency: str, year: int, template: str, report_class: type[Report] = Report) -> Report:
    figures = consistent_figures("2019" if report_class is MixedReport else template, seed=year % 11)
    report = report_class(f"{agency}{year}年政府信息公开工作年度报告", template, figures)
    if report.active is ACTIVE_2021:
        report.figures[("active_disclosure", "fees", "amount_10k_yuan")] = "20.3"
    else:
        report.figures[("active_disclosure", "licensing", "items_change")] = "-3"
        report.figures[("active_disclosure", "procurement", "amount")] = "251000元"
    return report


def render(fx: Fixture, writer: type[Writer] = Writer) -> tuple[bytes, dict[Key, int]]:
    report, w = fx.report, writer(fx.font)
    year = fx.year or ""
    w.title(report.title)
    w.paragraph("一、总体情况")
    w.paragraph(f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。本报告电子版可在本机关门户网站“政府信息公开”专栏查阅或下载。")
    w.paragraph("本机关认真贯彻落实《中华人民共和国政府信息公开条例》，持续深化主动公开，规范依申请公开办理流程，加强政府信息管理和平台建设。")
    sections = [
        ("二、主动公开政府信息情况", "active", layouts.active(report)),
        ("三、收到和处理政府信息公开申请情况", "applications", layouts.applications(report, fx.numbering)),
        ("四、政府信息公开行政复议、行政诉讼情况", "reviews", layouts.reviews(report)),
    ]
    for heading, kind, layout in sections:
        if kind in fx.fresh_page_for:
            w.new_page()
        w.paragraph(heading)
        w.table(layout, fx.styles.get(kind, Style()))
    w.paragraph("五、存在的主要问题及改进情况")
    w.paragraph("一是公开内容的规范性有待提高；二是依申请公开答复质量需进一步提升。下一步将加强培训，完善制度。")
    w.paragraph("六、其他需要报告的事项")
    w.paragraph("本年度未收取信息处理费。")
    if fx.after:
        fx.after(w)
    return w.finish(), w.pages_of


def truth_value(raw: str) -> tuple[int | float | None, str]:
    """The meaning of a printed figure, written out independently of pipeline.values."""
    if raw == "":
        return None, "blank"
    if raw in ("—", "-", "/", "无"):
        return None, "dash"
    if match := re.fullmatch(r"(-?\d+)(元)?", raw):
        return int(match.group(1)), "number"
    if re.fullmatch(r"-?\d+\.\d+", raw):
        return float(raw), "number"
    return None, "text"


def golden(name: str, data: bytes, report: Report, agency: str | None, year: int | None, pages: dict[Key, int]) -> dict[str, object]:
    templates = {"active_disclosure": "2021" if report.active is ACTIVE_2021 else "2019",
                 "applications": "2019" if report.rows is ROWS_2019 else "2021"}  # fmt: skip
    cells = []
    for (table, row, column), raw in sorted(report.expected_cells().items()):
        value, kind = truth_value(raw)
        cell = {"table": table, "row": row, "column": column, "raw": raw, "value": value, "kind": kind}
        cell |= {"page": pages.get((table, row, column)), "table_template": templates.get(table)}
        cells.append(cell)
    import hashlib

    return {
        "source": name, "sha256": hashlib.sha256(data).hexdigest(), "title": report.title if agency else None,
        "agency": agency, "year": year, "template": templates["applications"], "cells": cells,
    }  # fmt: skip


def ttf_font() -> str | None:
    for path in TTF_CANDIDATES:
        if Path(path).exists():
            pdfmetrics.registerFont(TTFont("CJK-TrueType", path, subfontIndex=0) if path.endswith(".ttc") else TTFont("CJK-TrueType", path))
            return "CJK-TrueType"
    return None


def seal_page(w: Writer, boxes: int = 10000) -> None:
    """A page drawn as thousands of tiny boxes (a vector seal or a traced scan)."""
    w.new_page()

    def op(c: object) -> None:
        for i in range(boxes):
            x, y = 100 + (i % 120) * 3.2, 200 + (i // 120) * 4.0
            c.rect(x, y, 2.0 + (i % 7) * 0.05, 2.0, stroke=0, fill=1)  # type: ignore[attr-defined]

    w.draw(op)


def scan_pdf(pages: int = 2) -> bytes:
    """An image-only PDF, as a scanner writes it: no text layer at all, and nothing OCR could
    read either (a pale page with a few blots, like a scanned seal or photo)."""
    rng = random.Random(5)
    width, height = 200, 280
    blots = [(rng.randrange(width), rng.randrange(height), rng.randrange(4, 12)) for _ in range(6)]
    pixels = bytes(60 if any((x - bx) ** 2 + (y - by) ** 2 < r * r for bx, by, r in blots) else 235
                   for y in range(height) for x in range(width))  # fmt: skip
    image = zlib.compress(pixels)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    kids = []
    for p in range(pages):
        page_id, content_id, image_id = 3 + 3 * p, 4 + 3 * p, 5 + 3 * p
        kids.append(f"{page_id} 0 R".encode())
        content = b"q 595 0 0 842 0 0 cm /Im0 Do Q"
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 %d 0 R >> >> /Contents %d 0 R >>" % (image_id, content_id))
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
        objects.append(b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream" % (width, height, len(image), image))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), pages)
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (i, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % o for o in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _row(report: Report, code: str) -> int:
    """Layout row of a table-三 row (three header rows come first)."""
    return 3 + [r for r, _, _ in report.rows].index(code)


def _blank_totals(report: Report) -> Report:
    """The 总计 column left blank on detail rows, filled on 一, 二, （七）, 四 only (S8)."""
    for code, _, group in report.rows:
        if group is not None and code != "total_handled":
            report.figures[("applications", code, "total")] = ""
    return report


def fixtures() -> list[Fixture]:
    spaced = Style(spaced=frozenset({"总计", "其他", "自然人"}), vertical=frozenset({"三、本年度办理结果"}))
    r2019 = _blank_totals(sample("上海市宝山区城市管理行政执法局", 2019, "2019"))
    r2021 = sample("上海市宝山区大场镇人民政府", 2021, "2021")
    borderless = Style(ruled=False, label_offset=3.0)
    out = [
        Fixture("ruled-vertical-font-letter-spaced-headers.pdf", sample("上海市宝山区人力资源和社会保障局", 2022, "2021"),
                "上海市宝山区人力资源和社会保障局", 2022,
                styles={"applications": spaced, "reviews": spaced, "active": Style(spaced=frozenset({"规章", "行政许可", "信息内容"}))},
                fresh_page_for=("applications",)),
        Fixture("table-split-inside-group.pdf", r2019, "上海市宝山区城市管理行政执法局", 2019,
                styles={"applications": Style(break_before=(_row(r2019, "unavailable_needs_creation"),))},
                fresh_page_for=("applications",)),
        Fixture("table-split-repeated-header.pdf", r2021, "上海市宝山区大场镇人民政府", 2021,
                styles={"applications": Style(repeat_header=True, break_before=(_row(r2021, "rejected_publication"),))},
                fresh_page_for=("applications",)),
        Fixture("borderless-offset-baselines.pdf", sample("上海市宝山区友谊路街道办事处", 2022, "2021"),
                "上海市宝山区友谊路街道办事处", 2022,
                styles={"active": borderless, "applications": borderless, "reviews": borderless},
                fresh_page_for=("applications", "reviews")),
        Fixture("mixed-2021-active-2019-applications.pdf", sample("上海市宝山区吴淞街道办事处", 2023, "2019", MixedReport),
                "上海市宝山区吴淞街道办事处", 2023, fresh_page_for=("applications",)),
        Fixture("typos-in-labels.pdf", sample("上海市宝山区罗店镇人民政府", 2022, "2021", TypoReport),
                "上海市宝山区罗店镇人民政府", 2022, fresh_page_for=("applications",)),
        Fixture("pathological-page.pdf", sample("上海市宝山区国有资产监督管理委员会", 2021, "2021"),
                "上海市宝山区国有资产监督管理委员会", 2021, fresh_page_for=("applications",), after=seal_page),
    ]
    r_split = sample("上海市宝山区庙行镇人民政府", 2022, "2021")
    split = {"break_before": (_row(r_split, "withheld_internal"),), "split_labels": True}
    r_wrapped = sample("上海市宝山区张庙街道办事处", 2021, "2021")
    r_tail = sample("上海市宝山区高境镇人民政府", 2023, "2021")
    r_2019 = sample("上海市宝山区杨行镇人民政府", 2020, "2019")
    out += [
        # Inside group （三）, whose label and 三、本年度办理结果 continue their lines on the next page.
        Fixture("table-split-inside-group-label-split.pdf", r_split, "上海市宝山区庙行镇人民政府", 2022,
                styles={"applications": Style(**split)}, fresh_page_for=("applications",)),  # type: ignore[arg-type]
        Fixture("borderless-split-inside-group-label-split.pdf", r_split, "上海市宝山区庙行镇人民政府", 2022,
                styles={"applications": Style(ruled=False, **split)}, fresh_page_for=("applications",)),  # type: ignore[arg-type]
        Fixture("borderless-continued-with-wrapped-label.pdf", r_wrapped, "上海市宝山区张庙街道办事处", 2021,
                styles={"applications": Style(ruled=False, break_before=(_row(r_wrapped, "partly_granted"),))},
                fresh_page_for=("applications",)),
        Fixture("borderless-continued-last-rows.pdf", r_tail, "上海市宝山区高境镇人民政府", 2023,
                styles={"applications": Style(ruled=False, split_labels=True, break_before=(_row(r_tail, "other_other"),))},
                fresh_page_for=("applications",)),
        # 5.要求…已获 | 取信息 wrapped around its numbers opens the page; its first line is wider
        # than the labels below and must not cover the 自然人 figure beside it.
        Fixture("borderless-wrapped-label-beside-first-value.pdf", r_2019, "上海市宝山区杨行镇人民政府", 2020,
                styles={"applications": Style(ruled=False, label_offset=3.0, break_before=(_row(r_2019, "rejected_confirmation"),))},
                fresh_page_for=("applications",)),
        Fixture("sub-label-dropped-characters.pdf", sample("上海市宝山区淞南镇人民政府", 2022, "2021", DroppedCharactersReport),
                "上海市宝山区淞南镇人民政府", 2022, fresh_page_for=("applications",)),
    ]  # fmt: skip
    font = ttf_font()
    if font:
        out.append(Fixture("embedded-truetype-subset.pdf", sample("上海市宝山区行政服务中心", 2021, "2021"),
                           "上海市宝山区行政服务中心", 2021, font=font, numbering="、", fresh_page_for=("applications",),
                           styles={kind: Style(filled_rules=True) for kind in ("active", "applications", "reviews")}))
    else:
        print("no CJK TrueType font found: embedded-truetype-subset.pdf not generated", file=sys.stderr)
    return out


def write(path: Path, payload: dict[str, object]) -> None:
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for fx in fixtures():
        data, pages = render(fx)
        (OUT / fx.name).write_bytes(data)
        write(OUT / (fx.name + ".json"), golden(fx.name, data, fx.report, fx.agency, fx.year, pages))
        print(f"{fx.name}: {len(data) // 1024} KB")
    scan = scan_pdf()
    (OUT / "scan-no-text-layer.pdf").write_bytes(scan)
    import hashlib

    write(OUT / "scan-no-text-layer.pdf.json",
          {"source": "scan-no-text-layer.pdf", "sha256": hashlib.sha256(scan).hexdigest(), "error": "NeedsOCR"})  # fmt: skip


if __name__ == "__main__":
    main()
