"""The PDF version of a sample report (reportlab, STSong-Light CID font), byte-for-byte reproducible."""

from __future__ import annotations

import io

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from scraper.sample_portal.reports import SampleReport
from scraper.sample_portal.tables import SECTIONS, Rows

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
# No creation date, no random document id: the committed PDF must equal a rebuilt one.
rl_config.invariant = 1

TITLE = ParagraphStyle("title", fontName=FONT, fontSize=15, leading=22, alignment=1, wordWrap="CJK")
HEADING = ParagraphStyle("heading", fontName=FONT, fontSize=12, leading=18, spaceBefore=6, wordWrap="CJK")
TEXT = ParagraphStyle("text", fontName=FONT, fontSize=10.5, leading=16, firstLineIndent=21, wordWrap="CJK")
CELL = ParagraphStyle("cell", fontName=FONT, fontSize=7, leading=9, wordWrap="CJK")


def placed(rows: Rows) -> tuple[list[list[object]], list[tuple[str, tuple[int, int], tuple[int, int]]]]:
    """The rows laid on a full grid (what reportlab wants) plus a SPAN command per spanning cell."""
    width = sum(cell.colspan for cell in rows[0])
    grid: list[list[object]] = [["" for _ in range(width)] for _ in rows]
    taken: set[tuple[int, int]] = set()
    spans = []
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            grid[r][c] = Paragraph(cell.text.replace("\u00a0", " "), CELL)
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            if cell.rowspan > 1 or cell.colspan > 1:
                spans.append(("SPAN", (c, r), (c + cell.colspan - 1, r + cell.rowspan - 1)))
            c += cell.colspan
    return grid, spans


def pdf_table(rows: Rows) -> Table:
    grid, spans = placed(rows)
    width = len(grid[0])
    table = Table(grid, colWidths=[170 * mm / width] * width, repeatRows=0)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), *spans]))
    return table


def report_pdf(report: SampleReport) -> bytes:
    from scraper.sample_portal.build import closing_sections

    story: list[Flowable] = [Paragraph(report.title, TITLE), Spacer(1, 4 * mm),
                             Paragraph("一、总体情况", HEADING)]
    story += [Paragraph(p, TEXT) for p in report.overview]
    for heading, _, rows in SECTIONS:
        story += [Paragraph(heading, HEADING), pdf_table(rows(report))]
    for heading, text in closing_sections(report):
        story += [Paragraph(heading, HEADING), Paragraph(text, TEXT)]
    story += [Spacer(1, 6 * mm), Paragraph(f"{report.publisher}　{report.published_on}", TEXT)]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm,
                            bottomMargin=20 * mm, title=report.title, author=report.publisher,
                            creator="nianbao sample portal (not a real government document)", invariant=1)
    doc.build(story)
    return buffer.getvalue()
