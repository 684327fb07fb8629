"""Generate the image-table fixture site: a district report page whose tables 二/三/四 are pictures.

    python -m tests.make_image_fixtures   # rewrites tests/fixtures/sites/image_tables/

The report is drawn from known figures (tests.report_builder) as a PDF with each table on its own
page, each table page rasterised at 150 dpi, cropped to the table's rules, turned slightly,
speckled and saved as PNG or JPEG. The page imitates a TRS detail page whose editor pasted the
tables as pictures (`<p style="text-align: center"><img src="./W0….png" width="600" …>`, as 宝鸡's
does). The golden is written from the figures, like every other fixture's.
"""

from __future__ import annotations

import hashlib
import io
import random
from pathlib import Path

import pypdfium2
from PIL import Image, ImageFilter

from tests.make_pdf_fixtures import Fixture, golden, render, sample, write
from tests.make_scan_fixtures import DPI

SITE = Path(__file__).parent / "fixtures" / "sites" / "image_tables"
REPORT_DIR = "xxgk/zfxxgknb/202201"
REPORT = f"{REPORT_DIR}/t20220128_1001.html"
AGENCY = "上海市宝山区罗泾镇人民政府"
YEAR = 2021
# (section, table key in the layout, image name, format, angle in degrees, noise share, seed)
IMAGES = (
    ("二", "active_disclosure", "W020220128391001.png", "PNG", 0.3, 0.002, 1),
    ("三", "applications", "W020220128391002.jpg", "JPEG", -0.4, 0.003, 2),
    ("四", "reviews_litigation", "W020220128391003.png", "PNG", 0.2, 0.002, 3),
)
PHOTO = "W020220128391004.jpg"
HEADINGS = {"二": "二、主动公开政府信息情况", "三": "三、收到和处理政府信息公开申请情况", "四": "四、政府信息公开行政复议、行政诉讼情况"}


def fixture() -> Fixture:
    report = sample(AGENCY, YEAR, "2021")
    return Fixture("image-tables.html", report, AGENCY, YEAR, fresh_page_for=("active", "applications", "reviews"))


def crop_to_table(page: Image.Image, margin: int = 8) -> Image.Image:
    """The rectangle spanned by the page's long horizontal rules: the table, without its
    heading or the prose after it."""
    gray = page.convert("L")
    width, height = gray.size
    pixels = gray.load()
    assert pixels is not None
    rules = {y: _longest_run([pixels[x, y] < 128 for x in range(width)]) for y in range(height)}  # type: ignore[operator]
    rows = [y for y, (length, _, _) in rules.items() if length > width // 3]
    top, bottom = min(rows), max(rows)
    left = min(rules[y][1] for y in rows)
    right = max(rules[y][2] for y in rows)
    return gray.crop((max(left - margin, 0), max(top - margin, 0), min(right + margin, width), min(bottom + margin, height)))


def _longest_run(dark: list[bool]) -> tuple[int, int, int]:
    best, start = (0, 0, 0), None
    for x, ink in enumerate([*dark, False]):
        if ink and start is None:
            start = x
        elif not ink and start is not None:
            best = max(best, (x - start, start, x - 1))
            start = None
    return best


def degrade(image: Image.Image, angle: float, noise: float, seed: int) -> Image.Image:
    rng = random.Random(seed)
    image = image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    pixels = image.load()
    assert pixels is not None
    width, height = image.size
    for _ in range(int(width * height * noise)):
        pixels[rng.randrange(width), rng.randrange(height)] = rng.choice((0, 90, 200))
    return image.filter(ImageFilter.GaussianBlur(0.4))


def page_html(images: list[tuple[int, str]]) -> str:
    """A TRS detail page: navigation, meta table, the editor's body with its pictures, footer."""
    title = f"{AGENCY}{YEAR}年政府信息公开工作年度报告"
    body = [f'<p style="text-indent:2em">本报告是根据《中华人民共和国政府信息公开条例》的要求，由{AGENCY}编制。'
            f"本报告中所列数据的统计期限自{YEAR}年1月1日起至{YEAR}年12月31日止。</p>",
            "<p><strong>一、总体情况</strong></p>",
            '<p style="text-indent:2em">本机关认真贯彻落实《中华人民共和国政府信息公开条例》，持续深化主动公开，规范依申请公开办理流程。</p>']  # fmt: skip
    for (section, _, name, _, _, _, _), (width, alt) in zip(IMAGES, images):
        body.append(f"<p><strong>{HEADINGS[section]}</strong></p>")
        body.append(f'<p style="text-align: center"><img src="./{name}" width="{width}" title="{alt}" alt="" '
                    f'style="width: {width}px; height: auto;" OLDSRC="{name}" /></p>')
    # The crawl tests answer the photo of section 五 with a redirect to another address (refused by
    # the network guard); robots.txt closes /private/. Neither stands for a table.
    body += ["<p><strong>五、存在的主要问题及改进情况</strong></p>",
             '<p style="text-indent:2em">一是公开内容的规范性有待提高；二是依申请公开答复质量需进一步提升。</p>',
             f'<p style="text-align: center"><img src="./{PHOTO}" width="600" title="培训现场.jpg" /></p>',
             "<p><strong>六、其他需要报告的事项</strong></p>", '<p style="text-indent:2em">本年度未收取信息处理费。</p>',
             '<p style="text-align: center"><img src="/private/W020220128391005.png" width="600" /></p>',
             f'<p style="text-align: right">{AGENCY}</p>', f'<p style="text-align: right">{YEAR + 1}年1月28日</p>']  # fmt: skip
    content = "\n".join(body)
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{title}_{AGENCY}</title>
<meta name="ArticleTitle" content="{title}"><meta name="PubDate" content="{YEAR + 1}-01-28 10:00">
<meta name="ContentSource" content="{AGENCY}"></head>
<body>
<div class="header"><img src="../../images/logo.png" alt="" /><a href="../../index.html">首页</a></div>
<div class="main">
<h2 class="title">{title}</h2>
<table class="xxgk-meta"><tr><td>发布机构：{AGENCY}</td><td>发布日期：{YEAR + 1}-01-28</td></tr></table>
<div class="fontsizeSet"><img src="../../images/icon-print.png" width="16" height="16" alt="打印" /></div>
<div class="view TRS_UEDITOR trs_paper_default trs_web" id="zoom">
{content}
<p><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="" /></p>
<p><img src="http://cdn.example.net/{REPORT_DIR}/W020220128391009.png" alt="" /></p>
</div>
</div>
<div class="footer">主办：{AGENCY}</div>
</body></html>
"""


def list_html() -> str:
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>政府信息公开年报_{AGENCY}</title></head>
<body><div class="list"><ul>
<li><a href="/{REPORT}" title="{AGENCY}{YEAR}年政府信息公开工作年度报告">{AGENCY}{YEAR}年政府信息公开工作年度报告</a><span>{YEAR + 1}-01-28</span></li>
</ul></div></body></html>
"""


def main() -> None:
    fx = fixture()
    drawn, pages = render(fx)
    document = pypdfium2.PdfDocument(drawn)
    site = SITE / "site"
    (site / REPORT_DIR).mkdir(parents=True, exist_ok=True)
    (site / "images").mkdir(parents=True, exist_ok=True)
    shown: list[tuple[int, str]] = []
    for _, table, name, kind, angle, noise, seed in IMAGES:
        number = min(page for key, page in pages.items() if key[0] == table)
        raster = document[number - 1].render(scale=DPI / 72, grayscale=True).to_pil()
        image = degrade(crop_to_table(raster), angle, noise, seed)
        out = io.BytesIO()
        image.save(out, kind, quality=85) if kind == "JPEG" else image.save(out, kind)
        (site / REPORT_DIR / name).write_bytes(out.getvalue())
        shown.append((600, f"表{len(shown) + 1}.{kind.lower()}"))
        print(f"{name}: {image.size[0]}x{image.size[1]}, {len(out.getvalue()) // 1024} KB")
    icon = io.BytesIO()
    Image.new("L", (16, 16), 128).save(icon, "PNG")
    (site / "images" / "icon-print.png").write_bytes(icon.getvalue())
    (site / "images" / "logo.png").write_bytes(icon.getvalue())
    html = page_html(shown).encode("utf-8")
    (site / REPORT).write_bytes(html)
    (site / "xxgk" / "zfxxgknb" / "index.html").write_bytes(list_html().encode("utf-8"))
    (site / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n", encoding="utf-8")
    truth = golden(fx.name, html, fx.report, fx.agency, fx.year, {})
    write(SITE / "image-tables.html.json", truth)
    print(f"{REPORT}: sha256 {hashlib.sha256(html).hexdigest()[:12]}")


if __name__ == "__main__":
    main()
