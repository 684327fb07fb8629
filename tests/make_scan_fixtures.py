"""Generate scanned-report fixtures: PDF fixture pages rasterised as a scanner would, image only.

    python -m tests.make_scan_fixtures     # rewrites tests/fixtures/scans/*.pdf + .json

Each report is drawn from known figures (tests.report_builder), rendered at 150 dpi in grey,
turned slightly, speckled with noise and saved as JPEG pages in a PDF with no text layer. The
golden is written from the figures, like every other fixture's.
"""

from __future__ import annotations

import hashlib
import io
import random
from dataclasses import dataclass
from pathlib import Path

import pypdfium2
from PIL import Image, ImageFilter

from tests.make_pdf_fixtures import Fixture, golden, render, sample, write

OUT = Path(__file__).parent / "fixtures" / "scans"
DPI = 150


@dataclass(frozen=True)
class Scan:
    fixture: Fixture
    angle: float  # degrees; a page fed slightly askew
    noise: float  # share of speckled pixels
    seed: int


def scans() -> list[Scan]:
    r2021 = sample("上海市宝山区庙行镇人民政府", 2021, "2021")
    r2019 = sample("上海市宝山区淞南镇人民政府", 2020, "2019")
    return [
        Scan(Fixture("scan-ruled-2021.pdf", r2021, "上海市宝山区庙行镇人民政府", 2021,
                     fresh_page_for=("applications", "reviews")), angle=0.4, noise=0.002, seed=1),
        Scan(Fixture("scan-ruled-2019-askew.pdf", r2019, "上海市宝山区淞南镇人民政府", 2020,
                     fresh_page_for=("applications", "reviews")), angle=-0.8, noise=0.004, seed=2),
    ]  # fmt: skip


def rasterise(pdf: bytes, scan: Scan) -> bytes:
    rng = random.Random(scan.seed)
    pages = []
    document = pypdfium2.PdfDocument(pdf)
    for page in document:
        image = page.render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
        image = image.rotate(scan.angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
        pixels = image.load()
        width, height = image.size
        for _ in range(int(width * height * scan.noise)):
            pixels[rng.randrange(width), rng.randrange(height)] = rng.choice((0, 90, 200))  # type: ignore[index]
        pages.append(image.filter(ImageFilter.GaussianBlur(0.4)))
    out = io.BytesIO()
    pages[0].save(out, "PDF", resolution=DPI, save_all=True, append_images=pages[1:], quality=80)
    return out.getvalue()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for scan in scans():
        fx = scan.fixture
        drawn, pages = render(fx)
        data = rasterise(drawn, scan)
        (OUT / fx.name).write_bytes(data)
        write(OUT / (fx.name + ".json"), golden(fx.name, data, fx.report, fx.agency, fx.year, pages))
        print(f"{fx.name}: {len(data) // 1024} KB, sha256 {hashlib.sha256(data).hexdigest()[:12]}")


if __name__ == "__main__":
    main()
