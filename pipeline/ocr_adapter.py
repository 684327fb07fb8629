"""Pages without a text layer, and pictures of tables → glyph boxes and ruling lines read off the
image; the only module that imports the OCR engine (rapidocr-onnxruntime, whose models ship inside its wheel), the page
renderer (pypdfium2) and OpenCV.

The page is rendered, turned straight, its ruling lines found by morphology and its text read by
OCR; each text line becomes per-character boxes in PDF coordinates, so the same geometry that reads
a born-digital page reads the scan. A picture (ocr_image) is read the same way, its pixels scaled
to points by the height of its text lines. Every OCR'd word keeps its confidence.
"""

from __future__ import annotations

import importlib.util
import io
import json
import os
import subprocess
import sys
from dataclasses import asdict, astuple, dataclass, replace
from functools import cache
from typing import Any

from pipeline import confine
from pipeline.errors import NeedsOCR
from pipeline.geometry import Box, Page, Segment
from pipeline.model import RawCell, RawTable

DPI = 150
# The engine and its models take a few hundred MB; under a tighter memory cap a load can abort
# the process, so OCR is not tried there (the pages stay NeedsOCR).
OCR_MEMORY_MB = 1024
WITHIN = 0.85  # share of a word's width that must lie inside the cell it is given to
MAX_SKEW = 3.0  # degrees; a page fed further askew than this is read as it is
THICK = 6  # pixels at DPI: a printed rule is 1–3 px thick, turned and blurred at most this
# A text line of 10.5 pt type, as the engine boxes it on a page rendered at DPI (measured on the
# scan fixtures); pictures are scaled to it.
LINE_HEIGHT = 12.0
MAX_PIXELS = 40_000_000  # a table picture is ~1–5 MP; past this a decoded image alone fills the memory cap


@dataclass(frozen=True)
class OcrWord:
    """One text line the engine read, in PDF points, with its confidence (0–1)."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    confidence: float


@dataclass(frozen=True)
class OcrPage:
    page: Page
    words: tuple[OcrWord, ...]
    skew: float
    scale: float = DPI / 72  # pixels per point of the image read


class UnreadableImage(ValueError):
    """Bytes given as a picture that no decoder reads, or one too large to decode."""


def ocr_available() -> bool:
    """Asked without importing: the engine and OpenCV take ~300 MB, paid only when a page is OCR'd."""
    return all(importlib.util.find_spec(name) is not None for name in ("cv2", "pypdfium2", "rapidocr_onnxruntime"))


@cache
def _engine() -> Any:
    """One engine per OCR process (loading the models takes ~2 s). One thread: the build already
    runs one worker per core."""
    from rapidocr_onnxruntime import RapidOCR

    threads = int(os.environ.get("NIANBAO_OCR_THREADS", "1"))
    return RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=threads)


def ocr_pages(data: bytes, numbers: list[int]) -> list[OcrPage]:
    """OCR the listed pages (1-based) of a PDF."""
    return _in_child(data, "pdf", numbers)


def ocr_image(data: bytes, number: int) -> OcrPage:
    """OCR one picture (PNG, JPEG, GIF…) as if it were page `number`. A web picture has no
    known resolution: its coordinates are scaled so its median text line is LINE_HEIGHT points
    tall, the size the table geometry is tuned for; `OcrPage.scale` (pixels per point) turns
    them back into the picture's pixels. Raises UnreadableImage for bytes that are no picture."""
    return _in_child(data, "image", [number])[0]


_UNREADABLE_IMAGE = 4


def _in_child(data: bytes, kind: str, numbers: list[int], timeout: float = 600.0) -> list[OcrPage]:
    """OCR runs in a process of its own (`python -m pipeline.ocr_adapter`), which dies with its
    caller and inherits its limits: the engine's threads and few hundred MB of models never enter
    a long-lived process (one that forks workers must not hold them), and an engine that cannot
    load under the memory cap leaves the pages unread (NeedsOCR), not a parser bug."""
    command = [sys.executable, "-m", "pipeline.ocr_adapter", str(os.getpid()), kind, *map(str, numbers)]
    what = "pictures" if kind == "image" else "pages"
    try:
        done = subprocess.run(command, input=data, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise NeedsOCR(f"the {what} need OCR, which took longer than {timeout:g} s") from None
    reason = (done.stderr.decode("utf-8", "replace").strip().splitlines() or [f"exit status {done.returncode}"])[-1][:200]
    if done.returncode == _UNREADABLE_IMAGE:
        raise UnreadableImage(reason)
    if done.returncode != 0:
        raise NeedsOCR(f"the {what} need OCR, which could not run: {reason}")
    return [_page(raw) for raw in json.loads(done.stdout)]


def _page(raw: dict[str, Any]) -> OcrPage:
    words = tuple(OcrWord(**w) for w in raw["words"])
    segments = tuple(Segment(*s) for s in raw["segments"])
    glyphs = tuple(box for word in words for box in _glyphs(word))
    page = Page(raw["number"], raw["width"], raw["height"], glyphs, segments)
    return OcrPage(page, words, raw["skew"], raw["scale"])


def _main(argv: list[str]) -> int:
    """The OCR process: the bytes on stdin; `<caller pid> pdf <page>…` or `<caller pid> image
    <number>` as arguments; JSON pages on stdout."""
    confine.die_with_parent(int(argv[0]))
    kind, numbers = argv[1], [int(n) for n in argv[2:]]
    data = sys.stdin.buffer.read()
    try:
        if kind == "image":
            gray = _picture(data)
        _engine()
        if kind == "image":
            pages = [_read_gray(gray, numbers[0], None, 0.0, 0.0)]
        else:
            pages = _read_pdf(data, numbers)
    except UnreadableImage as exc:
        print(exc, file=sys.stderr)
        return _UNREADABLE_IMAGE
    except (ImportError, MemoryError, RuntimeError) as exc:
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return 3
    json.dump([_as_json(p) for p in pages], sys.stdout)
    return 0


def _as_json(o: OcrPage) -> dict[str, Any]:
    return {"number": o.page.number, "width": o.page.width, "height": o.page.height, "skew": o.skew, "scale": o.scale,
            "words": [asdict(w) for w in o.words], "segments": [astuple(s) for s in o.page.segments]}  # fmt: skip


def _read_pdf(data: bytes, numbers: list[int]) -> list[OcrPage]:
    import numpy as np
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise RuntimeError(f"the pages cannot be rendered: {exc}") from exc
    pages = []
    for number in numbers:
        pdfpage = document[number - 1]
        width, height = pdfpage.get_size()
        scale = DPI / 72
        gray = np.asarray(pdfpage.render(scale=scale, grayscale=True).to_pil().convert("L"))
        pages.append(_read_gray(gray, number, scale, height, width))
    return pages


def _picture(data: bytes) -> Any:
    import numpy as np
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise UnreadableImage(f"{image.width}x{image.height} pixels, over the {MAX_PIXELS // 1_000_000} MP limit")
            return np.asarray(image.convert("L"))
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise UnreadableImage(f"not a readable picture: {exc}") from exc


def _read_gray(gray: Any, number: int, scale: float | None, height: float, width: float) -> OcrPage:
    """`scale` is pixels per point; None for a picture of unknown resolution, whose scale is
    then taken from its text lines (see ocr_image)."""
    # A cropped picture of a table is a few hundred pixels tall: at a quarter of its size its
    # rules blur into the text and a turn of 0.3° goes unseen (seen on the fixtures).
    skew = _skew(gray, 0.25 if scale else 0.5)
    if skew:
        gray = _rotate(gray, skew)
    result, _ = _engine()(gray, use_cls=False)
    found = result or ()
    if scale is None:
        heights = sorted(max(p[1] for p in quad) - min(p[1] for p in quad) for quad, _, _ in found)
        scale = max(heights[len(heights) // 2] / LINE_HEIGHT, 0.25) if heights else 1.0
        height, width = gray.shape[0] / scale, gray.shape[1] / scale
    segments = _rulings(gray, scale, height)
    words = tuple(_word(quad, text, float(score), scale, height) for quad, text, score in found)
    # Glyph boxes are cut from the words by the caller (_page): only words cross the process line.
    return OcrPage(Page(number, width, height, (), tuple(segments)), words, skew, scale)


def _skew(gray: Any, factor: float = 0.25) -> float:
    """The angle that makes the rows of ink sharpest (projection profile), on a small copy."""
    import cv2
    import numpy as np

    small = cv2.resize(255 - gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    best, best_score = 0.0, -1.0
    for step in range(int(-MAX_SKEW * 10), int(MAX_SKEW * 10) + 1):
        angle = step / 10
        profile = _rotate(small, angle, fill=0).sum(axis=1, dtype=np.float64)
        score = float(np.square(np.diff(profile)).sum())
        if score > best_score:
            best, best_score = angle, score
    return best


def _rotate(gray: Any, angle: float, fill: int = 255) -> Any:
    import cv2

    h, w = gray.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=fill)


def _rulings(gray: Any, scale: float, height: float) -> list[Segment]:
    """Long thin runs of ink, horizontal and vertical: the table's rules."""
    import cv2

    ink = cv2.adaptiveThreshold(255 - gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, 15, -2)
    h, w = ink.shape
    out: list[Segment] = []
    for size, horizontal in (((max(w // 30, 20), 1), True), ((1, max(h // 50, 20)), False)):
        mask = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, size))
        contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        for contour in contours:
            x, y, cw, ch = cv2.boundingRect(contour)
            if (ch if horizontal else cw) > THICK:
                continue  # a blot, a seal or a photo, not a rule
            if horizontal:
                mid = height - (y + ch / 2) / scale
                out.append(Segment(x / scale, mid, (x + cw) / scale, mid))
            else:
                mid = (x + cw / 2) / scale
                out.append(Segment(mid, height - (y + ch) / scale, mid, height - y / scale))
    return out


def _word(quad: list[list[float]], text: str, score: float, scale: float, height: float) -> OcrWord:
    xs, ys = [p[0] for p in quad], [p[1] for p in quad]
    return OcrWord(text, min(xs) / scale, height - max(ys) / scale, max(xs) / scale, height - min(ys) / scale, score)


def _glyphs(word: OcrWord) -> list[Box]:
    """A line's characters share its box in proportion to their width (a CJK character is about
    twice a digit's), as the geometry groups characters, not lines."""
    text = word.text.strip()
    weights = [1.0 if ord(c) > 0x2E80 else 0.55 for c in text]
    if not text:
        return []
    step = (word.x1 - word.x0) / sum(weights)
    size = word.y1 - word.y0
    boxes, x = [], word.x0
    for char, weight in zip(text, weights):
        if not char.isspace():
            boxes.append(Box(char, x, word.y0, x + weight * step, word.y1, size))
        x += weight * step
    return boxes


def mark_ocr_cells(table: RawTable, words: dict[int, tuple[OcrWord, ...]]) -> RawTable:
    """Cells on OCR'd pages say so, with the lowest confidence of the words inside them. A cell
    spanning several grid positions is one object repeated, and stays one."""
    marked: dict[int, RawCell] = {}

    def mark(cell: RawCell) -> RawCell:
        if cell.page not in words or cell.bbox is None:
            return cell
        if id(cell) not in marked:
            x0, y0, x1, y1 = cell.bbox
            inside = [w for w in words[cell.page] if x0 <= (w.x0 + w.x1) / 2 <= x1 and y0 <= (w.y0 + w.y1) / 2 <= y1]
            scores = [w.confidence if _within(w, x0, x1) else 0.0 for w in inside]
            marked[id(cell)] = replace(cell, source="ocr", confidence=round(min(scores), 4) if scores else None)
        return marked[id(cell)]

    return replace(table, rows=tuple(tuple(mark(c) for c in row) for row in table.rows))


def _within(word: OcrWord, x0: float, x1: float) -> bool:
    """A line the engine read across a column rule (a figure it missed beside one it read) has
    no sure cell: its confidence for the cell is 0, so the figure stays text for review."""
    width = word.x1 - word.x0
    return width <= 0 or (min(word.x1, x1) - max(word.x0, x0)) / width >= WITHIN


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
