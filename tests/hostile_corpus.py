"""Hostile documents, generated at test time: each names the outcome extraction must reach.

Sizes are chosen against the small limits in LIMITS (the tests' NIANBAO_LIMITS), so each file is
small and quick to make while still crossing its limit many times over. The time limit is loose
on purpose: no case should need it, and a loaded test machine must not turn a guard into a
Timeout (the time limit itself is tested in test_build).
"""

from __future__ import annotations

import io
import random
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import REPO
from tests.report_builder import Report, consistent_figures, html_report

LIMITS = "seconds=15,seconds_per_page=0.5,max_seconds=20,memory_mb=400,stream_mb=8,unzipped_mb=8,html_mb=1,grid_cells=50000"
FIXTURES = REPO / "tests" / "fixtures" / "documents"
MB = 1024 * 1024


@dataclass(frozen=True)
class Case:
    name: str  # the file name: quirk first, then the extension a portal served it under
    make: Callable[[], bytes]
    outcome: str  # "ok" or the Failure's error


def good_html(charset: str = "utf-8") -> str:
    return html_report(Report("上海市样例区2021年政府信息公开工作年度报告", "2021", consistent_figures("2021")), charset=charset)


def pdf(*objects: bytes, root: int = 1, trailer: bytes = b"") -> bytes:
    """A PDF from numbered object bodies, with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, trailer, xref)
    return bytes(out)


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n%s\nendstream" % (len(data), extra, data)


def one_page(contents: bytes, resources: bytes = b"<< >>") -> list[bytes]:
    """Catalog, page tree and one page whose /Contents is object 4."""
    return [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources %s /Contents 4 0 R >>" % resources,
            contents]  # fmt: skip


def pdf_reference_loop() -> bytes:
    objects = one_page(stream(b"BT ET"))
    objects[2] = objects[2].replace(b"/Resources << >>", b"/Resources 5 0 R")
    return pdf(*objects, b"6 0 R", b"5 0 R")


def pdf_page_tree_loop() -> bytes:
    return pdf(b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
               b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 3 0 R] /Count 2 >>")  # fmt: skip


def pdf_form_draws_itself() -> bytes:
    form = stream(b"/X0 Do", b"/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X0 5 0 R >> >>")
    return pdf(*one_page(stream(b"/X0 Do"), b"<< /XObject << /X0 5 0 R >> >>"), form)


def pdf_stream_length_is_itself() -> bytes:
    return pdf(*one_page(b"<< /Length 4 0 R >>\nstream\nBT ET\nendstream"))


def pdf_objstm_contains_itself() -> bytes:
    """Object 4 (the page contents) is said to live in object stream 4."""
    head = b"4 0 "
    objstm = b"<< /Type /ObjStm /N 1 /First %d /Length %d >>\nstream\n%s<< >>\nendstream" % (len(head), len(head) + 5, head)
    body = one_page(objstm)
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, obj in enumerate(body, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, obj)
    rows = [b"\x00\x00\x00\x00", *(b"\x01" + o.to_bytes(2, "big") + b"\x00" for o in offsets[:3]), b"\x02\x00\x04\x00"]
    xref_offset = len(out)
    data = b"".join(rows)
    out += b"5 0 obj\n<< /Type /XRef /Size 6 /W [1 2 1] /Root 1 0 R /Length %d >>\nstream\n%s\nendstream\nendobj\n" % (len(data), data)
    out += b"startxref\n%d\n%%%%EOF\n" % xref_offset
    return bytes(out)


def pdf_corrupt_flate() -> bytes:
    """A bad checksum sends pdfminer to its byte-at-a-time fallback (quadratic before the guard)."""
    packed = zlib.compress(b"\n" * (6 * MB), 9)
    return pdf(*one_page(stream(packed[:-4] + b"\xde\xad\xbe\xef", b"/Filter /FlateDecode")))


def pdf_forms(levels: int, draws: bytes) -> bytes:
    """A page drawing a form that draws the next form (`draws` times), `levels` deep."""
    forms = [stream(draws, b"/Type /XObject /Subtype /Form /BBox [0 0 9 9] /Resources << /XObject << /N %d 0 R >> >>" % (6 + i))
             for i in range(levels)]  # fmt: skip
    return pdf(*one_page(stream(b"/N Do"), b"<< /XObject << /N 5 0 R >> >>"), *forms, stream(b"", b"/Type /XObject /Subtype /Form /BBox [0 0 9 9]"))


def pdf_flate_bomb() -> bytes:
    return pdf(*one_page(stream(zlib.compress(b" " * (32 * MB), 9), b"/Filter /FlateDecode")))


def pdf_lzw_bomb() -> bytes:
    """LZW codes for runs of zeros, each one longer than the last, then the longest repeated:
    11 MB from 7 KB."""
    codes, length, nbits = [(256, 9), (0, 9)], 258, 9
    for code in [*range(258, 4096), *[4095] * 1000]:
        codes.append((code, nbits))
        length += 1
        nbits = {511: 10, 1023: 11, 2047: 12}.get(length, nbits)
    bits = "".join(format(code, f"0{width}b") for code, width in [*codes, (257, nbits)])
    bits += "0" * (-len(bits) % 8)
    packed = int(bits, 2).to_bytes(len(bits) // 8, "big")
    return pdf(*one_page(stream(packed, b"/Filter /LZWDecode")))


def pdf_deep_arrays() -> bytes:
    return pdf(*one_page(stream(b"BT " + b"[" * 50_000 + b"]" * 50_000 + b" TJ ET")))


def pdf_many_pages() -> bytes:
    n = 450
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(n))
    pages = [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R >>" % (3 + n) for _ in range(n)]
    return pdf(b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n), *pages, stream(b"BT ET"))


def truncated(name: str) -> Callable[[], bytes]:
    def make() -> bytes:
        data = (FIXTURES / name).read_bytes()
        return data[: len(data) * 3 // 5]

    return make


def html_span_bomb() -> bytes:
    row = "<tr>" + '<td rowspan="65534" colspan="200">1</td>' * 50 + "</tr>"
    return ("<html><body><table>" + row * 200 + "</table></body></html>").encode()


def html_huge() -> bytes:
    filler = "<p>" + "无关的文字。" * 200 + "</p>\n"
    return good_html().replace("<p>略。</p>", filler * 400).encode()


def html_nested_tables() -> bytes:
    return ("<html><body>" + "<table><tr><td>" * 300 + "1" + "</td></tr></table>" * 300 + "</body></html>").encode()


def html_deep_divs() -> bytes:
    return good_html().replace("<p>略。</p>", "<div>" * 50_000 + "略" + "</div>" * 50_000).encode()


def html_entity_expansion() -> bytes:
    laughs = "".join(f'<!ENTITY {chr(c)} "{f"&{chr(c - 1)};" * 10}">' for c in range(ord("b"), ord("k")))
    page = good_html().replace("<!DOCTYPE html>", f'<!DOCTYPE html [<!ENTITY a "ha">{laughs}]>')
    return page.replace("<p>略。</p>", "<p>&j;</p>").encode()


def docx_zip(document_xml: bytes, **members: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile((FIXTURES / "docx-merged-cells.docx"), "r") as good, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in good.infolist():
            out.writestr(info.filename, document_xml if info.filename == "word/document.xml" else good.read(info))
        for name, data in members.items():
            out.writestr(name, data)
    return buf.getvalue()


def docx_zip_bomb() -> bytes:
    return docx_zip(_document_xml(), **{"word/media/pad.bin": b"\0" * (24 * MB)})


def docx_lying_sizes() -> bytes:
    """A part whose headers declare 1 KB but which inflates to 24 MB."""
    data = docx_zip(_document_xml(), **{"word/media/pad.bin": b"\0" * (24 * MB)})
    real = (24 * MB).to_bytes(4, "little")
    return data.replace(real, (1024).to_bytes(4, "little"))


def docx_encrypted() -> bytes:
    """Every part flagged as encrypted (bit 0 of the general-purpose flags)."""
    data = bytearray((FIXTURES / "docx-merged-cells.docx").read_bytes())
    for signature, at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := data.find(signature, start) + 1) > 0:
            data[start - 1 + at] |= 1
    return bytes(data)


def docx_entity_expansion() -> bytes:
    laughs = b'<!DOCTYPE w:document [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">' + b"".join(
        b'<!ENTITY %s "%s">' % (bytes([c]), b"&%s;" % bytes([c - 1]) * 10) for c in range(ord("c"), ord("k"))
    ) + b"]>"
    xml = _document_xml()
    head, rest = xml.split(b"?>", 1)
    return docx_zip(head + b"?>" + laughs + rest.replace(b"</w:t>", b"&j;</w:t>", 1))


def _document_xml() -> bytes:
    with zipfile.ZipFile(FIXTURES / "docx-merged-cells.docx") as good:
        return good.read("word/document.xml")


def image(magic: bytes) -> Callable[[], bytes]:
    return lambda: magic + random.Random(3).randbytes(20_000)


CASES = [
    Case("pdf-reference-loop.pdf", pdf_reference_loop, "TooDeep"),
    Case("pdf-page-tree-loop.pdf", pdf_page_tree_loop, "UnreadableDocument"),
    Case("pdf-form-draws-itself.pdf", pdf_form_draws_itself, "NeedsOCR"),
    Case("pdf-form-fanout.pdf", lambda: pdf_forms(14, b"/N Do /N Do"), "TooComplex"),  # 2^14 drawings
    Case("pdf-forms-40-deep.pdf", lambda: pdf_forms(40, b"/N Do"), "TooDeep"),
    Case("pdf-stream-length-is-itself.pdf", pdf_stream_length_is_itself, "TooDeep"),
    Case("pdf-objstm-contains-itself.pdf", pdf_objstm_contains_itself, "TooDeep"),
    Case("pdf-corrupt-flate.pdf", pdf_corrupt_flate, "NeedsOCR"),
    Case("pdf-flate-bomb.pdf", pdf_flate_bomb, "TooLarge"),
    Case("pdf-lzw-bomb.pdf", pdf_lzw_bomb, "TooLarge"),
    Case("pdf-deep-arrays.pdf", pdf_deep_arrays, "NeedsOCR"),
    Case("pdf-many-pages.pdf", pdf_many_pages, "TooComplex"),
    Case("pdf-truncated.pdf", truncated("table-split-inside-group.pdf"), "UnreadableDocument"),
    Case("html-span-bomb.html", html_span_bomb, "TooLarge"),
    Case("html-huge.html", html_huge, "TooLarge"),
    Case("html-nested-tables.html", html_nested_tables, "TooDeep"),
    Case("html-deep-divs.html", html_deep_divs, "ok"),
    Case("html-entity-expansion.html", html_entity_expansion, "ok"),
    Case("html-truncated.html", lambda: good_html().encode()[: len(good_html().encode()) // 2], "ok"),
    Case("html-gb18030-labelled-utf8.html", lambda: good_html("utf-8").encode("gb18030"), "ok"),
    Case("html-utf8-labelled-gbk.html", lambda: good_html("gbk").encode("utf-8"), "ok"),
    Case("html-gbk-labelled-latin1.html", lambda: good_html("iso-8859-1").encode("gbk"), "ok"),
    Case("html-gbk-labelled-big5.html", lambda: good_html("big5").encode("gbk"), "ok"),
    Case("docx-zip-bomb.docx", docx_zip_bomb, "TooLarge"),
    Case("docx-lying-sizes.docx", docx_lying_sizes, "UnreadableDocument"),
    Case("docx-entity-expansion.docx", docx_entity_expansion, "UnreadableDocument"),
    Case("docx-encrypted.docx", docx_encrypted, "UnreadableDocument"),
    Case("docx-truncated.docx", truncated("docx-merged-cells.docx"), "UnreadableDocument"),
    Case("binary-junk.html", lambda: random.Random(5).randbytes(200_000), "UnreadableDocument"),
    Case("png-image.pdf", image(b"\x89PNG\r\n\x1a\n"), "UnreadableDocument"),
    Case("jpeg-image.docx", image(b"\xff\xd8\xff\xe0"), "UnreadableDocument"),
    Case("nul-bytes.html", lambda: b"\0" * 100_000, "UnreadableDocument"),
    Case("empty.html", lambda: b"", "UnreadableDocument"),
]
GOOD = ["blank-total-column.html", "docx-merged-cells.docx", "table-split-inside-group.pdf"]


def write_corpus(folder: Path) -> list[Path]:
    """Every hostile case, each between good reports, as files in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, case in enumerate(CASES):
        # Mostly the quick HTML report; the PDF and DOCX ones now and then.
        good = FIXTURES / GOOD[{0: 1, 5: 2}.get(i % 10, 0)]
        paths += [good, folder / case.name]
        (folder / case.name).write_bytes(case.make())
    return [*paths, FIXTURES / GOOD[0]]
