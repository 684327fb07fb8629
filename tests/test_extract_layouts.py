"""Both templates, as HTML and as flattened text, in the layouts real portals print."""

from __future__ import annotations

import pytest

from pipeline.extract import extract_document
from pipeline.model import Extraction
from tests.report_builder import APPLICANTS, Report, consistent_figures, html_report, text_report


def _report(template: str, **changes: str) -> Report:
    year = "2021" if template == "2021" else "2019"
    report = Report(f"上海市样例区文化旅游局{year}年政府信息公开工作年度报告", template, consistent_figures(template))
    if template == "2019":
        report.figures[("active_disclosure", "licensing", "items_change")] = "-3"
        report.figures[("active_disclosure", "procurement", "amount")] = "251000元"
    else:
        report.figures[("active_disclosure", "fees", "amount_10k_yuan")] = "20.3"
    return report


def _assert_exact(ex: Extraction, report: Report) -> None:
    got = {(c.table, c.row, c.column): c.raw for c in ex.cells}
    assert got == report.expected_cells()
    assert ex.template == report.template
    assert ex.year == int(report.title[report.title.find("20") :][:4])
    assert ex.agency == "上海市样例区文化旅游局"


VARIANTS = {
    "plain": {},
    "header-and-data-colspans-disagree": {"note_colspan": 2},
    "span-soup-labels": {"soup": True},
}


@pytest.mark.parametrize("template", ["2021", "2019"])
@pytest.mark.parametrize("variant", VARIANTS)
def test_html_layouts(template: str, variant: str) -> None:
    report = _report(template)
    ex = extract_document(html_report(report, **VARIANTS[variant]).encode(), variant)  # type: ignore[arg-type]
    _assert_exact(ex, report)
    assert ex.format == "html"
    assert all(c.status == "pass" for c in ex.checks), [c for c in ex.checks if c.status != "pass"]


@pytest.mark.parametrize("template", ["2021", "2019"])
@pytest.mark.parametrize("sep", ["\t", "|", "\n"], ids=["tabs", "bars", "one-cell-per-line"])
def test_text_layouts(template: str, sep: str) -> None:
    report = _report(template)
    ex = extract_document(text_report(report, sep).encode(), "text")
    _assert_exact(ex, report)
    assert ex.format == "text"


def test_units_and_signs_are_recorded_not_rescaled() -> None:
    ex19 = extract_document(html_report(_report("2019")).encode(), "x")
    cells = {(c.row, c.column): c for c in ex19.cells}
    assert (cells[("licensing", "items_change")].value, cells[("licensing", "items_change")].kind) == (-3, "number")
    amount = cells[("procurement", "amount")]
    assert (amount.raw, amount.value, amount.unit) == ("251000元", 251000, "元")
    ex21 = extract_document(html_report(_report("2021")).encode(), "x")
    fees = next(c for c in ex21.cells if c.row == "fees")
    assert (fees.value, fees.unit) == (20.3, "万元")


def test_blank_total_column_stays_blank_and_checks_say_so() -> None:
    report = _report("2021")
    for row in ("granted", "partly_granted", "withheld_state_secret", "other_other"):
        report.figures[("applications", row, "total")] = ""
    ex = extract_document(html_report(report).encode(), "blank-total-column.html")
    blanks = [c for c in ex.cells if c.column == "total" and c.kind == "blank"]
    assert {c.row for c in blanks} == {"granted", "partly_granted", "withheld_state_secret", "other_other"}
    assert all(c.value is None and c.raw == "" for c in blanks)
    total_sum = next(c for c in ex.checks if c.rule == "results_sum" and c.scope == "total")
    assert total_sum.blank_as_zero is True
    row_check = next(c for c in ex.checks if c.rule == "row_total" and c.scope == "granted")
    assert row_check.blank_as_zero and row_check.left == 0


def test_full_width_digits_thousands_and_dashes() -> None:
    report = _report("2021")
    report.figures[("applications", "carried_over", "natural_person")] = "１"
    report.figures[("applications", "new_received", "commercial")] = "1,399"
    report.figures[("applications", "carried_over", "research")] = "—"
    report.figures[("applications", "carried_over", "public_interest")] = "无"
    ex = extract_document(html_report(report).encode(), "x")
    cells = {(c.row, c.column): c for c in ex.cells}
    assert (cells[("carried_over", "natural_person")].raw, cells[("carried_over", "natural_person")].value) == ("1", 1)
    assert cells[("new_received", "commercial")].value == 1399
    assert cells[("carried_over", "research")].kind == "dash"
    assert cells[("carried_over", "public_interest")].kind == "dash"
    assert cells[("carried_over", "public_interest")].value is None


def test_gb18030_page_with_a_wrong_charset_label() -> None:
    report = _report("2021")
    page = html_report(report, charset="utf-8").encode("gb18030")
    ex = extract_document(page, "wrong-charset-label.html", content_type="text/html; charset=utf-8")
    _assert_exact(ex, report)


def test_gbk_label_decodes_as_gb18030() -> None:
    report = _report("2021")
    report.title = report.title.replace("文化旅游局", "文化旅游局䶮")  # a GB18030-only character
    page = html_report(report, charset="gbk").encode("gb18030")
    ex = extract_document(page, "x")
    assert "䶮" in (ex.title or "")


def test_metadata_table_before_the_report_is_not_a_report_table() -> None:
    report = _report("2021")
    ex = extract_document(html_report(report, metadata_table=True).encode(), "x")
    assert not ex.extras
    assert len(ex.cells) == len(report.expected_cells())
    # The stored text is the report, not the portal's navigation around it.
    assert "首页" not in ex.text and ex.text.startswith(report.title)


def test_typos_in_labels_are_tolerated() -> None:
    report = _report("2021")
    page = html_report(report).replace("三类内部事务信息", "三类内容事务信息").replace("只计这一情形", "只计这一情况")
    ex = extract_document(page.encode(), "x")
    assert {c.row for c in ex.cells if c.table == "applications"} >= {"withheld_internal", "partly_granted"}
    assert {(c.table, c.row, c.column): c.raw for c in ex.cells} == report.expected_cells()
    assert any("三类内容事务信息" in c.row_label for c in ex.cells)


def test_unknown_rows_are_kept_as_extras() -> None:
    report = _report("2021")
    extra = "<tr><td colspan='3'>其他主动公开文件</td>" + "<td>5</td>" * 7 + "</tr></table>"
    page = html_report(report).replace("</table>\n<p>四、", extra + "\n<p>四、", 1)
    ex = extract_document(page.encode(), "x")
    assert [(e.table, e.label, e.raw_values) for e in ex.extras] == [("applications", "其他主动公开文件", ("5",) * 7)]
    assert {(c.table, c.row, c.column): c.raw for c in ex.cells} == report.expected_cells()


def test_applicant_columns_are_read_by_label_not_position() -> None:
    report = _report("2021")
    page = html_report(report)
    swapped = page.replace("<td>科研机构</td><td>社会公益组织</td>", "<td>社会公益组织</td><td>科研机构</td>")
    ex = extract_document(swapped.encode(), "x")
    cells = {(c.row, c.column): c.raw for c in ex.cells if c.table == "applications"}
    # The printed research figures now sit under the 社会公益组织 header, and are read as such.
    for row in ("new_received", "granted"):
        assert cells[(row, "public_interest")] == report.raw("applications", row, "research")
    assert APPLICANTS[2] == "research"


def test_a_table_split_in_two_is_read_as_one() -> None:
    report = _report("2021")
    page = html_report(report)
    # Break table 三 before （四）无法提供, as a page break in a converted document leaves it.
    cut = page.index("<tr><td rowspan=\"3\">（四）无法提供")
    page = page[:cut] + "</table>\n<p>- 3 -</p>\n<table border='1'>" + page[cut:].replace(
        '<td rowspan="3">（四）无法提供', '<td rowspan="3">（四）无法提供', 1)
    ex = extract_document(page.encode(), "split.html")
    assert {(c.table, c.row, c.column): c.raw for c in ex.cells} == report.expected_cells()
    assert any("continued in a second table" in w for w in ex.warnings)
    assert {c.status for c in ex.checks} == {"pass"}


def test_table_two_data_colspans_that_disagree_with_the_header() -> None:
    report = _report("2021")
    report.figures[("active_disclosure", "licensing", "decisions")] = "15234"
    page = html_report(report)
    # The header spans three columns; the data row prints one cell and two empty ones (S8's habit).
    spanned = '<td colspan="3">15234</td>'
    assert spanned in page
    page = page.replace(spanned, "<td>15234</td><td>&nbsp;</td><td>&nbsp;</td>")
    ex = extract_document(page.encode(), "x")
    assert {(c.table, c.row, c.column): c.raw for c in ex.cells} == report.expected_cells()


def test_a_text_row_whose_blanks_vanished_is_not_guessed_into_columns() -> None:
    report = _report("2021")
    text = text_report(report, "|")
    row = "|".join(["一、本年新收政府信息公开申请数量", *(report.raw("applications", "new_received", c) for c in APPLICANTS)])
    assert row in text
    text = text.replace(row, "一、本年新收政府信息公开申请数量|3|3")
    ex = extract_document(text.encode(), "x")
    assert not [c for c in ex.cells if c.row == "new_received"]
    assert ("applications", "一、本年新收政府信息公开申请数量", ("3", "3")) in [(e.table, e.label, e.raw_values) for e in ex.extras]
    assert any("new_received has 2 values for 7 columns" in w for w in ex.warnings)
    balance = [c for c in ex.checks if c.rule == "balance"]
    assert balance and {c.status for c in balance} == {"not_assessable"}


def test_a_legacy_report_is_recognised_and_not_forced_into_the_codes() -> None:
    text = ("上海市样例区人民政府2015年政府信息公开工作年度报告\n一、概述\n本年度主动公开政府信息1234条。\n"
            "二、依申请公开政府信息情况\n共收到申请45件，其中同意公开30件。\n三、收费及减免情况\n未收取费用。\n")  # fmt: skip
    ex = extract_document(text.encode(), "legacy.txt")
    assert (ex.template, ex.year, ex.cells, ex.checks) == ("legacy", 2015, (), ())


def test_a_page_without_tables_is_an_error_not_an_empty_report() -> None:
    from pipeline.errors import NoTablesFound

    page = "<html><body><h1>样例区2021年政府信息公开工作年度报告</h1><p>见附件。</p><a href='/f/report.pdf'>附件</a></body></html>"
    with pytest.raises(NoTablesFound, match="1 attachment"):
        extract_document(page.encode(), "x")
