"""Generate the Word fixture documents and their golden JSON from known figures.

    python -m tests.make_docx_fixtures     # rewrites tests/fixtures/documents/*.docx + .json
"""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

import docx

from tests import table_layouts as layouts
from tests.make_pdf_fixtures import OUT, golden, sample, write
from tests.report_builder import Report
from tests.table_layouts import Layout

IDEOGRAPHIC_SPACE = "\u3000"


def add_table(document: docx.document.Document, layout: Layout, blank: str) -> None:
    """Set each cell's text in its top-left position, then merge its range, as Word does."""
    ncols = len(layout.widths)
    table = document.add_table(rows=layout.nrows, cols=ncols)
    table.style = "Table Grid"
    for cell in layout.cells:
        target = table.cell(cell.row, cell.col)
        target.text = cell.text if cell.text else blank
        if cell.rowspan > 1 or cell.colspan > 1:
            target.merge(table.cell(cell.row + cell.rowspan - 1, cell.col + cell.colspan - 1))


def render(report: Report, year_text: str, blank: str, padding: int = 0) -> bytes:
    """`padding` paragraphs of prose before table 二 move where the page breaks fall."""
    document = docx.Document()
    document.add_paragraph(report.title, style="Title")
    document.add_paragraph("一、总体情况")
    document.add_paragraph(f"本报告中所列数据的统计期限自{year_text}年1月1日起至{year_text}年12月31日止。")
    for _ in range(padding):
        document.add_paragraph("本机关认真贯彻落实《中华人民共和国政府信息公开条例》，持续深化主动公开。")
    document.add_paragraph("二、主动公开政府信息情况")
    add_table(document, layouts.active(report), blank)
    document.add_paragraph("三、收到和处理政府信息公开申请情况")
    add_table(document, layouts.applications(report), blank)
    document.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    add_table(document, layouts.reviews(report), blank)
    document.add_paragraph("五、存在的主要问题及改进情况")
    document.add_paragraph("六、其他需要报告的事项")
    buffer = io.BytesIO()
    document.save(buffer)
    return _stable_zip(buffer.getvalue())


def _stable_zip(data: bytes) -> bytes:
    """Fixed entry timestamps, so that regenerating gives the same bytes and sha256."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info))
    return out.getvalue()


def main() -> None:
    merged = sample("上海市宝山区生态环境局", 2021, "2021")
    for code in ("withheld_query", "rejected_excessive"):
        for column in ("commercial", "research"):
            merged.figures[("applications", code, column)] = ""
    empty = Report("政府信息公开工作年度报告", "2019")
    empty.figures = {key: "" for key in empty.expected_cells()}
    cases = [
        ("docx-merged-cells.docx", merged, "上海市宝山区生态环境局", 2021, "2021", IDEOGRAPHIC_SPACE),
        ("docx-empty-template.docx", empty, None, None, "    ", IDEOGRAPHIC_SPACE * 2),
    ]
    for name, report, agency, year, year_text, blank in cases:
        data = render(report, year_text, blank)
        (OUT / name).write_bytes(data)
        expected = golden(name, data, report, agency, year, {})
        expected["title"] = report.title
        write(OUT / (name + ".json"), expected)
        print(f"{name}: {len(data) // 1024} KB, sha256 {hashlib.sha256(data).hexdigest()[:12]}")
    word_export(merged, OUT / "docx-merged-cells.docx", "word-export-rows-broken-across-pages.pdf", "上海市宝山区生态环境局", 2021)
    legacy_binary(merged, OUT / "docx-merged-cells.docx", "legacy-word-97.doc", "上海市宝山区生态环境局", 2021)
    # WPS Writer saves .wps in the Word 97 binary format; LibreOffice cannot write WPS's own
    # label, so the fixture is that binary under the name portals give it.
    wps = sample("上海市崇明区教育局", 2019, "2019")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "wps-source.docx"
        source.write_bytes(render(wps, "2019", IDEOGRAPHIC_SPACE))
        legacy_binary(wps, source, "wps-writer-binary.wps", "上海市崇明区教育局", 2019)
    word_export(empty, OUT / "docx-empty-template.docx", "word-export-empty-template.pdf", None, None)
    page_breaks()


# Real exports whose page breaks (LibreOffice 7.4) fall where offices' reports break, chosen by
# the padding of prose before table 二.
BREAKS = {
    # Row （一）予以公开 ("（一）予以公" | "开") and the label 三、本年度办理结果 cut; no row of group
    # （三） above the break, so that part draws one label column fewer than the next.
    "word-export-group-label-across-pages.pdf": 6,
    # Table 四's header cut above 结果维持 (no rules yet between the lawsuits' outcomes).
    "word-export-table-four-header-across-pages.pdf": 10,
    # Table 三's header cut inside 商业|企业, 科研|机构, …: each column named by its two parts.
    "word-export-table-three-header-across-pages.pdf": 36,
}


def page_breaks() -> None:
    report = sample("上海市宝山区生态环境局", 2022, "2021")
    for name, padding in BREAKS.items():
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / (Path(name).stem + ".docx")
            source.write_bytes(render(report, "2022", IDEOGRAPHIC_SPACE, padding))
            word_export(report, source, name, "上海市宝山区生态环境局", 2022)


def _fixed_stamps(pdf: bytes) -> bytes:
    """LibreOffice stamps the time, a checksum and a random /ID; same-length constants keep the xref
    offsets valid and the bytes reproducible."""
    pdf = re.sub(rb"/CreationDate\(D:\d{14}", b"/CreationDate(D:20240101000000", pdf)
    pdf = re.sub(rb"/DocChecksum /[0-9A-F]{32}", b"/DocChecksum /" + b"0" * 32, pdf)
    return re.sub(rb"<[0-9A-F]{32}>", b"<" + b"0" * 32 + b">", pdf)


def word_export(report: Report, source: Path, name: str, agency: str | None, year: int | None) -> None:
    """The Word fixture printed to PDF by LibreOffice, as offices export their reports: embedded
    TrueType subsets, and rows that break across pages mid-label ("2.其" | "他法律…")."""
    data = _libreoffice(source, "pdf", "pdf", name)
    if data is not None:
        _write_laid_out(name, _fixed_stamps(data), report, agency, year)


def legacy_binary(report: Report, source: Path, name: str, agency: str | None, year: int | None) -> None:
    """The Word fixture saved by LibreOffice as a Word 97 binary, as older offices publish .doc
    and .wps attachments. Not byte-reproducible (LibreOffice stamps it), hence committed."""
    data = _libreoffice(source, "doc:MS Word 97", "doc", name)
    if data is not None:
        _write_laid_out(name, data, report, agency, year)


def _libreoffice(source: Path, target: str, suffix: str, name: str) -> bytes | None:
    soffice = shutil.which("soffice")
    if soffice is None:
        print(f"no LibreOffice (soffice): {name} not regenerated")
        return None
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([soffice, "--headless", "--convert-to", target, "--outdir", tmp, str(source)],
                       check=True, capture_output=True, timeout=300)  # fmt: skip
        return (Path(tmp) / f"{source.stem}.{suffix}").read_bytes()


def _write_laid_out(name: str, data: bytes, report: Report, agency: str | None, year: int | None) -> None:
    """LibreOffice lays out the pages, so the golden leaves out each cell's page."""
    (OUT / name).write_bytes(data)
    expected = golden(name, data, report, agency, year, {})
    expected["title"] = report.title
    for cell in expected["cells"]:  # type: ignore[union-attr]
        del cell["page"]  # type: ignore[index]
    write(OUT / (name + ".json"), expected)
    print(f"{name}: {len(data) // 1024} KB")


if __name__ == "__main__":
    main()
