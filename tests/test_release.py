"""`nianbao release`: a BagIt bag holding the database, CSVs Excel opens, the WARCs as WACZ and a README."""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
import zipfile
from pathlib import Path

import bagit
import pytest
from click.testing import CliRunner
from lxml import html
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.release import ReleaseExists, make_release
from archive.release_readme import html_to_markdown
from pipeline.cli import main
from tests.test_datasette_sample import Sample, _sample_template, sample  # noqa: F401  (fixtures)

def _with_a_warc(sample: Sample) -> Path:
    """The sample has no crawl: give it one real WARC, written by warcio as the crawler does."""
    sample.layout.warc_dir.mkdir(parents=True, exist_ok=True)
    path = sample.layout.warc_dir / "sample-00001.warc.gz"
    with path.open("wb") as f:
        writer = WARCWriter(f, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        body = "<html><body>宝山 2021</body></html>".encode()
        writer.write_record(writer.create_warc_record("https://www.example.gov.cn/r.html", "response",
                                                      payload=io.BytesIO(body), http_headers=headers))  # fmt: skip
    return path


def test_release_is_a_valid_bag_with_everything_in_it(sample: Sample, tmp_path: Path) -> None:
    _with_a_warc(sample)
    bag_dir = make_release(sample.layout, tmp_path / "out")
    assert bag_dir.name == "nianbao-2026-02-01.7"
    bag = bagit.Bag(str(bag_dir))
    assert bag.is_valid() and "sha256" in bag.algorithms
    data = bag_dir / "data"
    assert {p.name for p in data.iterdir()} == {"nianbao.db", "report_figures.csv", "cells.csv", "archive.wacz", "README.md"}
    assert (data / "nianbao.db").read_bytes() == sample.layout.db_path.read_bytes()
    figures = (data / "report_figures.csv").read_bytes()
    assert figures.startswith(b"\xef\xbb\xbfsha256,title,")
    rows = list(csv.DictReader(io.StringIO(figures.decode("utf-8-sig"))))
    pdf = next(r for r in rows if r["sha256"] == sample.pdf.sha256)
    assert pdf["new_received"] == "5" and pdf["lawsuits"] == "", "NULL stays empty, never 0"
    cells = list(csv.DictReader(io.StringIO((data / "cells.csv").read_text(encoding="utf-8-sig"))))
    assert len(cells) == sum(len(r.cells) for r in (sample.seed, sample.blanks, sample.pdf))
    with zipfile.ZipFile(data / "archive.wacz") as wacz:
        names = wacz.namelist()
    assert "datapackage.json" in names and "archive/sample-00001.warc.gz" in names


def test_readme_carries_the_manifest_and_the_methodology(sample: Sample, tmp_path: Path) -> None:
    data = make_release(sample.layout, tmp_path) / "data"
    readme = (data / "README.md").read_text(encoding="utf-8")
    for name in ("nianbao.db", "report_figures.csv", "cells.csv"):
        digest = hashlib.sha256((data / name).read_bytes()).hexdigest()
        assert f"| {name} | {(data / name).stat().st_size} | {digest} |" in readme
    assert "archive.wacz" not in readme, "no WARC, no WACZ"
    for heading in ("## Methodology", "### What a blank means", "### What each check means", "### Known gaps"):
        assert heading in readme
    assert "- **balance (error)**:" in readme and "| 2022 | 2021 | 1 |" in readme


def test_a_release_is_never_overwritten(sample: Sample, tmp_path: Path) -> None:
    make_release(sample.layout, tmp_path)
    with pytest.raises(ReleaseExists):
        make_release(sample.layout, tmp_path)


def test_release_command(sample: Sample, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["release", "--data", str(sample.layout.root), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "nianbao-2026-02-01.7" in result.output
    again = runner.invoke(main, ["release", "--data", str(sample.layout.root), "--out", str(tmp_path)])
    assert again.exit_code == 2 and "never overwritten" in again.output
    shutil.rmtree(tmp_path / "nianbao-2026-02-01.7")
    empty = runner.invoke(main, ["release", "--data", str(tmp_path / "none"), "--out", str(tmp_path)])
    assert empty.exit_code == 2 and "no database" in empty.output


def test_html_to_markdown_keeps_tables_and_lists() -> None:
    fragment = html.fromstring("<div><h2>A</h2><p>x  y</p><ul><li>one</li></ul><table><tr><th>h</th></tr><tr><td>1</td></tr></table></div>")
    assert html_to_markdown(fragment) == "### A\n\nx y\n\n- one\n\n| h |\n|---|\n| 1 |\n"
