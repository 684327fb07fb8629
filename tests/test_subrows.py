"""A table-三 sub-row whose label matches nothing is placed by its position only when its
number and most of its label agree; otherwise it stays an extra and its cells count as missing."""

from __future__ import annotations

from pipeline.extract import extract_document
from pipeline.model import Extraction
from pipeline.subrows import Printed, place_by_position
from tests.report_builder import ROWS_2019, ROWS_2021, Report, consistent_figures, html_report, text_report

INTERNAL = "5.属于三类内部事务信息"


class Relabelled(Report):
    """Table 三 with some labels printed otherwise, and rows inserted after a given row."""

    labels: dict[str, str] = {}
    inserted: dict[str, tuple[str, str]] = {}

    @property
    def rows(self) -> list[tuple[str, str, str | None]]:
        out: list[tuple[str, str, str | None]] = []
        for code, label, group in super().rows:
            out.append((code, self.labels.get(code, label), group))
            if code in self.inserted:
                out.append((self.inserted[code][0], self.inserted[code][1], group))
        return out


def _extract(labels: dict[str, str], template: str = "2021", text: bool = False, **inserted: tuple[str, str]) -> Extraction:
    report = Relabelled("上海市样例区2022年政府信息公开工作年度报告", template, consistent_figures(template))
    report.labels, report.inserted = labels, inserted
    for code, _ in inserted.values():
        report.figures.update({("applications", code, c): "1" for c in ("natural_person", "total")})
    data = text_report(report, "\t") if text else html_report(report)
    return extract_document(data.encode(), "x.txt" if text else "x.html")


def _row(ex: Extraction, row: str) -> dict[str, str]:
    return {c.column: c.raw for c in ex.cells if (c.table, c.row) == ("applications", row)}


def _completeness(ex: Extraction) -> str:
    return next(c.scope for c in ex.checks if c.rule == "completeness" and c.table == "applications")


def test_a_sub_label_with_two_dropped_characters_is_placed_by_its_position() -> None:
    for text in (False, True):
        ex = _extract({"withheld_internal": "5.属于三类事务信息"}, text=text)
        assert len(_row(ex, "withheld_internal")) == 7
        assert _completeness(ex) == ""
        (warning,) = [w for w in ex.warnings if "by its position" in w]
        assert warning.startswith("applications: row withheld_internal read by its position") and "5.属于三类事务信息" in warning
        # The printed label is kept (after NFKC: "（三）" reads "(三)").
        assert {c.row_label for c in ex.cells if c.row == "withheld_internal"} == {
            "三、本年度办理结果 (三)不予公开 5.属于三类事务信息" if not text else "5.属于三类事务信息"
        }
        assert not ex.extras
        assert {c.status for c in ex.checks if c.level == "error"} == {"pass"}


def test_the_last_row_and_a_2019_row_are_placed_too() -> None:
    ex = _extract({"carried_forward": "四、结转下年继续办理", "rejected_duplicate": "2.重申请"}, template="2019")
    assert len(_row(ex, "carried_forward")) == 7 and len(_row(ex, "rejected_duplicate")) == 7
    assert _completeness(ex) == ""


def test_a_number_that_disagrees_with_the_position_keeps_the_row_an_extra() -> None:
    ex = _extract({"withheld_internal": "6.属于三类事务信息"})
    assert _row(ex, "withheld_internal") == {}
    assert [e.label for e in ex.extras] == ["三、本年度办理结果 (三)不予公开 6.属于三类事务信息"]
    assert _completeness(ex) == "withheld_internal:*"
    assert any("its number 6. is not withheld_internal's 5." in w for w in ex.warnings)


def test_a_label_that_is_another_row_keeps_it_an_extra() -> None:
    ex = _extract({"withheld_internal": "5.小计"})
    assert _row(ex, "withheld_internal") == {} and _completeness(ex) == "withheld_internal:*"


def test_more_unmatched_rows_than_the_gap_is_ambiguous() -> None:
    ex = _extract({"withheld_internal": "5.属于三类事务信息"}, withheld_internal=("x_note", "其中：涉及内部管理"))
    assert _row(ex, "withheld_internal") == {}
    assert len(ex.extras) == 2 and _completeness(ex) == "withheld_internal:*"


def test_rows_matched_by_label_are_never_moved() -> None:
    ex = _extract({})
    assert not [w for w in ex.warnings if "position" in w]
    assert all(len(_row(ex, code)) == 7 for code, _, _ in ROWS_2021)


def test_placement_by_neighbours() -> None:
    order = [code for code, _, _ in ROWS_2019]
    rows = [Printed(label, code, True) for code, label, _ in ROWS_2019]
    at = order.index("withheld_process")
    rows[at] = Printed("6.属于四类过性信", None, True)
    rows[at + 1] = Printed("7.属于行政执法卷", None, True)
    placed = place_by_position(rows, order)
    assert [(p.index, p.code) for p in placed] == [(at, "withheld_process"), (at + 1, "withheld_enforcement")]
    rows[at + 1] = Printed("属于行政执法卷", None, False)  # no values to place: not a candidate
    assert [(p.index, p.code) for p in place_by_position(rows, order)] == [(at, None)]


def test_a_pdf_sub_label_with_dropped_characters_keeps_its_printed_label() -> None:
    from pathlib import Path

    path = Path(__file__).parent / "fixtures" / "documents" / "sub-label-dropped-characters.pdf"
    ex = extract_document(path.read_bytes(), path.name)
    cells = [c for c in ex.cells if c.row == "withheld_internal"]
    assert len(cells) == 7 and all(c.row_label.endswith("5.属于三类事务信息") and c.page == 2 for c in cells)
    assert [w for w in ex.warnings if "by its position" in w and "5.属于三类事务信息" in w]



def test_an_unmatched_row_opening_a_continued_table_is_kept_but_not_placed() -> None:
    """Split before the typo: the second table has no header, so nothing says which row comes
    first there; the row's numbers are kept as an extra, its cells named as missing."""
    report = Relabelled("上海市样例区2022年政府信息公开工作年度报告", "2021", consistent_figures("2021"))
    report.labels, report.inserted = {"withheld_internal": "5.属于三类事务信息"}, {}
    page = html_report(report)
    cut = page.index("<tr><td>5.属于三类事务信息</td>")
    ex = extract_document((page[:cut] + "</table>\n<p>- 3 -</p>\n<table border='1'>" + page[cut:]).encode(), "x.html")
    assert _row(ex, "withheld_internal") == {}
    assert len(_row(ex, "withheld_process")) == 7
    (extra,) = ex.extras
    assert extra.label == "5.属于三类事务信息" and len(extra.raw_values) == 7
    assert any("5.属于三类事务信息" in w and "continues from an earlier page" in w for w in ex.warnings)
    assert _completeness(ex) == "withheld_internal:*"
