"""Page geometry on hand-made glyph boxes, without any PDF."""

from __future__ import annotations

from pipeline.geometry import Box, Page, Segment, block_text, group_lines, is_furniture, words
from pipeline.pdf_grid import Grid, GridCell, compatible, join, to_raw_table
from pipeline.pdf_layout import join_pages, read_page

SIZE = 10.0


def text(s: str, x: float, y: float, size: float = SIZE) -> list[Box]:
    """One glyph box per character, set solid from x on the baseline y (CJK full width,
    digits half width)."""
    out = []
    for ch in s:
        width = size if ord(ch) > 0x2E80 else size / 2
        out.append(Box(ch, x, y, x + width, y + size, size))
        x += width
    return out


def stacked(s: str, x: float, top: float) -> list[Box]:
    return [b for i, ch in enumerate(s) for b in text(ch, x, top - i * 12)]


def rect(x0: float, y0: float, x1: float, y1: float) -> list[Segment]:
    return [Segment(x0, y0, x1, y0), Segment(x0, y1, x1, y1), Segment(x0, y0, x0, y1), Segment(x1, y0, x1, y1)]


def test_label_a_few_points_off_its_numbers_shares_their_line() -> None:
    boxes = text("行政许可", 60, 503) + text("12", 200, 500) + text("3", 260, 499)
    lines = group_lines(boxes)
    assert len(lines) == 1
    assert [w.text for w in words(lines[0])] == ["行政许可", "12", "3"]


def test_stacked_one_character_per_line_reads_as_one_label() -> None:
    boxes = stacked("三、本年度办理结果", 60, 600)
    assert len(group_lines(boxes)) == 9
    assert block_text(boxes) == "三、本年度办理结果"


def test_letter_spaced_and_wrapped_header_words_join() -> None:
    spaced = [b for i, ch in enumerate("总计") for b in text(ch, 100 + i * 25, 700)]
    wrapped = text("社会公益", 200, 712) + text("组织", 210, 700)
    assert block_text(spaced) == "总计"
    assert block_text(wrapped) == "社会公益组织"


def test_page_numbers_in_the_margin_are_furniture() -> None:
    assert is_furniture(text("- 3 -", 280, 40), 842)
    assert is_furniture(text("第3页", 280, 40), 842)
    assert not is_furniture(text("- 3 -", 280, 400), 842)
    assert not is_furniture(text("说明", 280, 40), 842)


def ruled_page(number: int = 1) -> Page:
    """A 3-row × 3-column ruled table; the top-left cell spans two rows (no rule between)."""
    xs, ys = (50.0, 150.0, 250.0, 350.0), (700.0, 680.0, 660.0, 640.0)
    segments = [Segment(x, 640, x, 700) for x in xs]
    segments += [Segment(50, ys[0], 350, ys[0]), Segment(50, ys[3], 350, ys[3])]
    segments += [Segment(150, ys[1], 350, ys[1]), Segment(50, ys[2], 350, ys[2])]
    glyphs = text("三、本年度办理结果", 55, 670, 5) + text("予以公开", 160, 685) + text("7", 290, 685)
    glyphs += text("部分公开", 160, 665) + text("0", 290, 665) + text("总计", 60, 645) + text("7", 290, 645)
    return Page(number, 595, 842, tuple(glyphs), tuple(segments))


def test_ruled_grid_reads_spans_from_missing_rules() -> None:
    (grid,) = read_page(ruled_page()).grids
    cells = {(c.row, c.col): c for c in grid.cells}
    assert (cells[(0, 0)].text, cells[(0, 0)].rowspan) == ("三、本年度办理结果", 2)
    assert cells[(0, 2)].text == "7" and cells[(1, 2)].text == "0" and cells[(2, 0)].text == "总计"
    assert cells[(1, 2)].bbox == (250.0, 660.0, 350.0, 680.0)
    rows = to_raw_table(grid).rows
    assert [c.text for c in rows[1]] == ["三、本年度办理结果", "部分公开", "0"]


def test_borderless_columns_come_from_number_alignment() -> None:
    lines = text("信息内容", 60, 720) + text("本年制发件数", 210, 720) + text("本年废止件数", 310, 720)
    lines += text("规章", 60, 703) + text("5", 240, 700) + text("12", 340, 700)
    lines += text("行政规范性文件", 60, 683) + text("0", 240, 680) + text("3", 345, 680)
    lines += text("（二）部分公开（区分处理的，", 60, 660) + text("7", 240, 654) + text("11", 340, 654)
    lines += text("不计其他情形）", 60, 648)
    (grid,) = read_page(Page(1, 595, 842, tuple(lines))).grids
    rows = [[c.text for c in row] for row in to_raw_table(grid).rows]
    assert rows == [
        ["信息内容", "本年制发件数", "本年废止件数"],
        ["规章", "5", "12"],
        ["行政规范性文件", "0", "3"],
        ["（二）部分公开（区分处理的，不计其他情形）", "7", "11"],
    ]


def _part(cells: list[GridCell], nrows: int, page: int) -> Grid:
    return Grid(tuple(cells), nrows, 3, (50, 150, 250, 350), page, page, 700, 100)


def test_table_split_inside_a_group_joins_and_drops_the_repeated_header() -> None:
    header = [GridCell("事项", 0, 0, 1, 2), GridCell("自然人", 0, 2)]
    first = _part([*header, GridCell("（四）无法提供", 1, 0), GridCell("1.不掌握", 1, 1), GridCell("4", 1, 2)], 2, 1)
    rest = [GridCell("", 1, 0, 2), GridCell("2.另行制作", 1, 1), GridCell("5", 1, 2), GridCell("3.不明确", 2, 1), GridCell("6", 2, 2)]
    second = _part([*(GridCell(c.text, c.row, c.col, c.rowspan, c.colspan, 2) for c in header), *rest], 3, 2)
    assert compatible(first, second)
    joined = join(first, second)
    rows = [[c.text for c in row] for row in to_raw_table(joined).rows]
    assert rows == [["事项", "自然人"], ["（四）无法提供", "1.不掌握", "4"], ["（四）无法提供", "2.另行制作", "5"], ["（四）无法提供", "3.不明确", "6"]]
    group = next(c for c in joined.cells if c.text == "（四）无法提供")
    assert (group.rowspan, group.page) == (3, 1)


def test_only_a_table_that_ends_one_page_and_opens_the_next_is_joined() -> None:
    page1 = read_page(ruled_page(1))
    follows = Page(2, 595, 842, tuple(text("五、存在的主要问题", 60, 760)) + ruled_page(2).glyphs, ruled_page(2).segments)
    assert len(join_pages([page1, read_page(ruled_page(2))])) == 1
    assert len(join_pages([page1, read_page(follows)])) == 2


def test_borderless_header_wrapped_beside_one_line_words_and_numbered_labels() -> None:
    lines = text("商业", 210, 736) + text("企业", 210, 724) + text("其他", 310, 730)
    lines += text("1、属于国家秘密", 60, 703) + text("5", 225, 700) + text("12", 320, 700)
    lines += text("2、其他法律行政法规禁止公开", 60, 683) + text("0", 225, 680) + text("3", 325, 680)
    (grid,) = read_page(Page(1, 595, 842, tuple(lines))).grids
    rows = [[c.text for c in row] for row in to_raw_table(grid).rows]
    assert rows == [["", "商业企业", "其他"], ["1、属于国家秘密", "5", "12"], ["2、其他法律行政法规禁止公开", "0", "3"]]
