"""No table fills a short row left to right: without markup or geometry to place its values,
the row is kept as an extra with a warning, and its cells count as missing."""

from __future__ import annotations

from pathlib import Path

from pipeline.extract import extract_document
from pipeline.model import Extraction
from tests.report_builder import Report, consistent_figures, html_report, text_report

COPY = Path(__file__).parent / "fixtures" / "documents" / "short-rows-text-copy.txt"


def _cells(ex: Extraction, table: str, row: str) -> dict[str, str]:
    return {c.column: c.raw for c in ex.cells if (c.table, c.row) == (table, row)}


def _completeness(ex: Extraction) -> dict[str, str]:
    return {c.table: c.scope for c in ex.checks if c.rule == "completeness"}


def test_a_short_row_in_each_table_of_a_text_copy_is_an_extra_with_a_warning() -> None:
    ex = extract_document(COPY.read_bytes(), COPY.name)
    assert _cells(ex, "active_disclosure", "regulations") == {}
    assert _cells(ex, "applications", "withheld_process") == {}
    assert not [c for c in ex.cells if c.table == "reviews_litigation"]
    extras = {(e.table, e.label): e.raw_values for e in ex.extras}
    assert extras[("active_disclosure", "规章")] == ("22", "235")
    assert extras[("applications", "6.属于四类过程性信息")] == ("2", "3", "1", "2", "3", "11")
    assert len(extras[("reviews_litigation", "")]) == 14
    refused = [w for w in ex.warnings if "not filled by position" in w]
    assert [w.split(":")[0] for w in refused] == ["active_disclosure", "applications", "reviews_litigation"]
    assert "row regulations has 2 values for 3 columns" in refused[0]
    assert _completeness(ex) == {
        "active_disclosure": "regulations:*",
        "applications": "withheld_process:*",
        "reviews_litigation": "review:*, suit_direct:*, suit_after_review:*",
    }
    # The full rows around them are read as printed.
    assert _cells(ex, "active_disclosure", "normative_documents") == {"issued": "0", "repealed": "0", "in_force": "0"}
    assert len(_cells(ex, "applications", "withheld_internal")) == 7


def _report() -> Report:
    return Report("上海市样例区2022年政府信息公开工作年度报告", "2021", consistent_figures("2021"))


def test_a_framed_row_of_full_length_is_read_whole() -> None:
    """The closing pipe of "| 规章 | 22 | | 235 |" is a frame, not a fourth cell."""
    report = _report()
    report.figures[("active_disclosure", "regulations", "repealed")] = ""
    text = "\n".join(f"| {line} |" if " | " in line else line for line in text_report(report, " | ").splitlines())
    ex = extract_document(text.encode(), "framed.txt")
    assert _cells(ex, "active_disclosure", "regulations") == {"issued": "0", "repealed": "", "in_force": "0"}
    assert not [w for w in ex.warnings if "not filled by position" in w]


def test_a_short_proceeding_row_of_the_transposed_table_four_is_an_extra() -> None:
    report = _report()
    lines = text_report(report, "\t").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("四、政府信息公开行政复议"))
    lines[at + 1 : at + 4] = ["\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计",
                              "行政复议\t1\t0\t1\t2", "未经复议直接起诉\t0\t1\t0\t0\t1", "复议后起诉\t2\t0\t0\t0\t2"]  # fmt: skip
    ex = extract_document("\n".join(lines).encode(), "transposed.txt")
    assert _cells(ex, "reviews_litigation", "review") == {}
    assert _cells(ex, "reviews_litigation", "suit_direct") == {"upheld": "0", "corrected": "1", "other": "0", "pending": "0", "total": "1"}
    assert ("reviews_litigation", "行政复议", ("1", "0", "1", "2")) in {(e.table, e.label, e.raw_values) for e in ex.extras}
    assert any(w.startswith("reviews_litigation: row review has 4 values for 5 columns") for w in ex.warnings)


def test_markup_places_a_short_row_where_its_spans_put_it() -> None:
    """HTML: "规章 | 22 (two columns wide) | 235" prints 235 under 现行有效件数, and so reads."""
    page = html_report(_report())
    row = "<tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr>"
    assert row in page
    ex = extract_document(page.replace(row, '<tr><td>规章</td><td colspan="2">22</td><td>235</td></tr>').encode(), "x.html")
    assert _cells(ex, "active_disclosure", "regulations") == {"issued": "22", "in_force": "235"}
    assert _completeness(ex)["active_disclosure"] == "regulations:repealed"


def test_a_grid_keeps_a_leading_blank_so_the_next_figure_stays_in_its_column() -> None:
    """A scan whose first figure OCR missed: in a grid the blank keeps its column, while
    flattened text still sheds the padding around a row."""
    from pipeline.align import trim
    from pipeline.model import RawCell

    row = [RawCell("", 0, 1), RawCell("251000元", 0, 2), RawCell("", 0, 3)]
    assert [c.text for c in trim(row, 2, positional=True)] == ["", "251000元"]
    assert [c.text for c in trim(row, 2, positional=False)] == ["251000元", ""]
