"""Benchmark (not a test): OCR of scanned reports — cell accuracy against the figures, and time.

    python -m tests.bench_ocr

Reads every scan fixture (`tests/fixtures/scans`, PDF fixture pages rasterised at 150 dpi, turned
and speckled) and the HTML report whose tables are pictures (`tests/fixtures/sites/image_tables`,
table pages cropped to the table; one picture counts as a page), and prints, per document and in
all: cells read right (raw figure, kind and value as printed), figures kept as text for review
(below the confidence threshold), figures read wrong (a number other than the printed one: the
figure that must stay 0), and seconds per page.
"""

from __future__ import annotations

import json
import resource
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from pipeline.extract import extract_document
from pipeline.model import Extraction
from pipeline.values import OCR_MIN_CONFIDENCE
from tests.make_image_fixtures import IMAGES, REPORT, SITE

SCANS = Path(__file__).parent / "fixtures" / "scans"
PICTURED = "http://www.example.gov.cn/" + REPORT


def documents() -> Iterator[tuple[str, Path, Callable[[], Extraction], int | None]]:
    """(name, golden, extraction, pages when the extraction does not count them)."""
    for path in sorted(SCANS.glob("*.pdf")):
        yield path.name, path.with_name(path.name + ".json"), partial(extract_document, path.read_bytes(), path.name), None
    page = SITE / "site" / REPORT
    images = {PICTURED.rsplit("/", 1)[0] + "/" + name: (page.parent / name).read_bytes() for _, _, name, *_ in IMAGES}
    yield page.name, SITE / "image-tables.html.json", partial(extract_document, page.read_bytes(), PICTURED, images=images), len(images)


def _cpu() -> float:
    """This process's CPU time and its children's: OCR runs in a process of its own."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    totals = {"cells": 0, "right": 0, "review": 0, "wrong": 0, "pages": 0, "seconds": 0.0}
    print(f"confidence threshold: {OCR_MIN_CONFIDENCE}")
    for name, golden, extract, pictures in documents():
        truth = {(c["table"], c["row"], c["column"]): c for c in json.loads(golden.read_text(encoding="utf-8"))["cells"]}
        start = _cpu()
        ex = extract()
        seconds = _cpu() - start
        got = {(c.table, c.row, c.column): c for c in ex.cells}
        right = sum(1 for k, t in truth.items() if k in got and (got[k].kind, got[k].value) == (t["kind"], t["value"]))
        review = sum(1 for k, t in truth.items() if k in got and got[k].kind == "text" and t["kind"] == "number")
        wrong = sum(1 for k, t in truth.items() if k in got and got[k].kind == "number" and got[k].value != t["value"])
        pages = pictures or ex.pages or 1
        print(f"{name}: {right}/{len(truth)} cells right ({right / len(truth):.1%}), {review} kept as text for review, "
              f"{wrong} read wrong, {len(truth) - len(got)} not found; {seconds / pages:.1f} CPU-s per page")  # fmt: skip
        for key, value in (("cells", len(truth)), ("right", right), ("review", review), ("wrong", wrong), ("pages", pages)):
            totals[key] += value
        totals["seconds"] += seconds
    print(f"all: {totals['right'] / totals['cells']:.1%} of {totals['cells']} cells right, {totals['review']} for review, "
          f"{totals['wrong']} wrong; {totals['seconds'] / totals['pages']:.1f} CPU-s per page")  # fmt: skip


if __name__ == "__main__":
    main()
