"""Table 三 broken across pages inside a group, its group label split by the break: no row is
dropped (the goldens of the *-label-split and borderless-continued-* fixtures hold every cell)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.extract import extract_document
from pipeline.geometry import group_lines, words
from pipeline.model import RawCell, RawTable
from pipeline.pdf_adapter import read_pages
from pipeline.tables import classify

DOCUMENTS = Path(__file__).parent / "fixtures" / "documents"


def _page_words(name: str) -> list[set[str]]:
    pages, _ = read_pages((DOCUMENTS / name).read_bytes())
    return [{w.text for line in group_lines(page.glyphs) for w in words(line)} for page in pages]


@pytest.mark.parametrize("name", ["table-split-inside-group-label-split.pdf", "borderless-split-inside-group-label-split.pdf"])
def test_the_group_label_is_split_by_the_break_and_no_row_is_lost(name: str) -> None:
    printed = _page_words(name)
    # The fixture really splits （三）不予公开 between pages 2 and 3.
    assert "（三）不予公" in printed[1] and "开" in printed[2] and "（三）不予公开" not in printed[1] | printed[2]
    ex = extract_document((DOCUMENTS / name).read_bytes(), name)
    rows = {c.row for c in ex.cells if c.table == "applications"}
    assert len(rows) == 25 and not ex.extras
    pages = {c.row: c.page for c in ex.cells if c.table == "applications"}
    assert pages["withheld_third_party"] == 2 and pages["withheld_internal"] == 3
    assert next(c for c in ex.checks if c.rule == "completeness" and c.table == "applications").status == "pass"


def _row(label: str) -> RawTable:
    cells = (label, "1", "2", "3", "4", "5", "6", "21")
    return RawTable(rows=(tuple(RawCell(t, 0, i) for i, t in enumerate(cells)),), positional=False)


def test_the_last_row_of_table_three_alone_on_a_page_is_recognised() -> None:
    assert classify(_row("四、结转下年度继续办理")) == "applications"
    # A bare 合计 row of seven numbers is no evidence of table 三.
    assert classify(_row("合计")) is None


def test_a_cell_hidden_under_a_span_is_reported_not_lost() -> None:
    from pipeline.pdf_grid import Grid, GridCell, hidden, to_raw_table

    label = GridCell("5.要求行政机关确认或重新出具已获取信息", 0, 0, 1, 2, page=3)
    covered = GridCell("0", 0, 1, page=3)
    grid = Grid((label, covered, GridCell("1", 0, 2, page=3)), 1, 3, (0.0, 1.0, 2.0, 3.0), 3, 3, 10.0, 0.0)
    assert [c.text for row in to_raw_table(grid).rows for c in row] == [label.text, "1"]
    assert hidden(grid) == [covered]
    assert hidden(Grid((covered,), 1, 2, (0.0, 1.0, 2.0), 3, 3, 10.0, 0.0)) == []


def test_a_part_with_one_label_column_fewer_joins_the_next_page() -> None:
    """word-export-group-label-across-pages.pdf: above the break no row of group （三）, so
    no rule between group and sub-item labels; the two parts are one table all the same."""
    from pipeline.pdf_grid import compatible
    from pipeline.pdf_layout import join_pages, read_page

    name = "word-export-group-label-across-pages.pdf"
    pages, _ = read_pages((DOCUMENTS / name).read_bytes())
    readings = [read_page(page) for page in pages]
    ending, opening = readings[0].grids[-1], readings[1].grids[0]
    assert opening.ncols == ending.ncols + 1 and compatible(ending, opening)
    assert sum(9 <= grid.ncols <= 11 for grid in join_pages(readings)) == 1, "table 三 is one table across its pages"
    ex = extract_document((DOCUMENTS / name).read_bytes(), name)
    granted = [c for c in ex.cells if c.row == "granted"]
    assert len(granted) == 7 and granted[0].row_label.endswith("(一)予以公开")
    assert not [w for w in ex.warnings if "continued in a second table" in w]
