"""The report page lays the three tables out as printed, keeps blanks blank and shows failing checks."""

from __future__ import annotations

import sqlite3

import pytest
from datasette.app import Datasette
from lxml import html

from archive import spec
from archive.publish import make_datasette
from archive.datasette.report_grid import active_sections
from archive.datasette.report_records import CheckRecord, check_cells
from pipeline.load import report_id
from tests.test_datasette_sample import APPLICANTS, ROWS_2019, ROWS_2021, Sample, _sample_template, ds, sample  # noqa: F401  (fixtures)

Page = html.HtmlElement


async def _page(ds: Datasette, sha256: str) -> Page:
    response = await ds.client.get(f"/-/report/{sha256}")
    assert response.status_code == 200, response.text
    return html.fromstring(response.text)


def _table(page: Page, code: str) -> Page:
    tables = page.xpath(f"//table[@data-table='{code}']")
    assert len(tables) == 1, f"table {code} not rendered"
    return tables[0]


def _td(page: Page, table: str, row: str, column: str) -> Page:
    return _table(page, table).xpath(f".//td[@data-row='{row}'][@data-column='{column}']")[0]


def _widths(table: Page) -> set[int]:
    """Row widths once row- and colspans are taken into account: a printed table is a rectangle."""
    taken: set[tuple[int, int]] = set()
    for r, tr in enumerate(table.xpath(".//tr")):
        c = 0
        for cell in tr.xpath("./th|./td"):
            while (r, c) in taken:
                c += 1
            span_r, span_c = int(cell.get("rowspan", 1)), int(cell.get("colspan", 1))
            taken |= {(r + dr, c + dc) for dr in range(span_r) for dc in range(span_c)}
            c += span_c
    rows = {r for r, _ in taken}
    return {max(c for rr, c in taken if rr == r) + 1 for r in rows}


async def test_report_facts_and_links(sample: Sample, ds: Datasette) -> None:
    page = await _page(ds, sample.seed.sha256)
    text = page.text_content()
    for fact in (sample.seed.title, sample.seed.agency, "2021", "html", "test"):
        assert fact in text
    links = page.xpath("//a/@href")
    assert f"/-/archive/{sample.seed.sha256}" in links
    assert f"https://www.example.gov.cn/sh_baoshan/{sample.seed.sha256[:8]}" in links


async def test_applications_table_is_printed_in_order_with_header_groups(sample: Sample, ds: Datasette) -> None:
    table = _table(await _page(ds, sample.seed.sha256), "applications")
    head = [th.text_content() for th in table.xpath("./thead//th")]
    assert head[1:3] == ["申请人情况", "自然人"] and head[3] == "法人或其他组织"
    assert table.xpath("./thead//th/@data-code") == [*APPLICANTS[:1], APPLICANTS[-1], *APPLICANTS[1:-1]]
    assert table.xpath("./tbody//th/@data-code") == list(ROWS_2021)
    labels = [th.text_content() for th in table.xpath("./tbody//th")]
    for group, rows in (("三、本年度办理结果", 22), ("（三）不予公开", 8), ("（四）无法提供", 3), ("（五）不予处理", 5), ("（六）其他处理", 3)):
        th = table.xpath(f"./tbody//th[text()='{group}']")
        assert th and int(th[0].get("rowspan")) == rows, group
    assert labels.index("（七）总计") > labels.index("3.其他")
    assert [td.get("data-column") for td in table.xpath("./tbody/tr[1]/td")] == list(APPLICANTS)


async def test_printed_tables_are_rectangular(sample: Sample, ds: Datasette) -> None:
    for report in (sample.seed, sample.blanks, sample.pdf):
        page = await _page(ds, report.sha256)
        for table in page.xpath("//table[contains(@class, 'nianbao-printed')]"):
            assert len(_widths(table)) == 1, (report.title, table.get("data-table"), _widths(table))


async def test_reviews_table_prints_three_blocks_of_five(sample: Sample, ds: Datasette) -> None:
    table = _table(await _page(ds, sample.seed.sha256), "reviews_litigation")
    assert [th.text_content() for th in table.xpath("./thead/tr[1]/th")] == ["行政复议", "行政诉讼"]
    assert [th.text_content() for th in table.xpath("./thead/tr[2]/th")][-2:] == ["未经复议直接起诉", "复议后起诉"]
    cells = table.xpath("./tbody/tr/td")
    assert [td.get("data-row") for td in cells] == ["review"] * 5 + ["suit_direct"] * 5 + ["suit_after_review"] * 5
    assert [td.get("data-column") for td in cells[:5]] == ["upheld", "corrected", "other", "pending", "total"]


async def test_the_2021_and_2019_layouts_of_table_two_differ(sample: Sample, ds: Datasette) -> None:
    t2021 = _table(await _page(ds, sample.seed.sha256), "active_disclosure").text_content()
    t2019 = _table(await _page(ds, sample.blanks.sha256), "active_disclosure").text_content()
    assert "本年制发件数" in t2021 and "本年收费金额（单位：万元）" in t2021 and "上一年项目数量" not in t2021
    assert "上一年项目数量" in t2019 and "第二十条第（九）项" in t2019 and "本年制发件数" not in t2019
    # Only what the report printed: this 2019 report has no 第二十条第（一）项 rows.
    assert "第二十条第（一）项" not in t2019


async def test_2019_applications_has_one_other_row(sample: Sample, ds: Datasette) -> None:
    table = _table(await _page(ds, sample.blanks.sha256), "applications")
    assert table.xpath("./tbody//th/@data-code") == list(ROWS_2019)
    other = table.xpath("./tbody//th[@data-code='other']")[0]
    assert other.text_content() == "（六）其他处理" and other.get("colspan") == "2"


async def test_blank_cells_stay_blank_and_dashes_and_text_stay_as_printed(sample: Sample, ds: Datasette) -> None:
    page = await _page(ds, sample.blanks.sha256)
    for column in APPLICANTS:
        blank = _td(page, "applications", "carried_over", column)
        assert blank.text_content() == "" and "kind-blank" in blank.get("class")
    assert _td(page, "applications", "withheld_state_secret", "natural_person").text_content() == "—"
    assert _td(page, "applications", "granted", "commercial").text_content() == ""
    assert _td(page, "active_disclosure", "licensing", "decisions").text_content() == "见附件"
    assert _td(page, "active_disclosure", "licensing", "items_change").text_content() == "-2"
    assert "（八）转办" in page.text_content(), "rows matching no code are shown as printed"


async def test_failing_checks_are_beside_the_table_and_their_cells_marked(sample: Sample, ds: Datasette) -> None:
    page = await _page(ds, sample.seed.sha256)
    aside = page.xpath("//section[@id='applications']//aside")[0]
    rows = [[td.text_content() for td in tr.xpath("./td")] for tr in aside.xpath(".//tr[@class='check']")]
    assert ["row_total", "new_received", "fail", "2", "4", "-2", "no"] in rows
    assert ["balance", "other_org", "fail", "2", "0", "2", "no"] in rows
    assert all(r[2] != "pass" for r in rows)
    for column in APPLICANTS:
        assert "failing" in _td(page, "applications", "new_received", column).get("class")
    for row in ("new_received", "carried_over", "total_handled", "carried_forward"):
        assert "failing" in _td(page, "applications", row, "other_org").get("class")
    assert "failing" not in _td(page, "applications", "granted", "commercial").get("class")
    assert not page.xpath("//section[@id='reviews_litigation']//aside"), "the passing review check is not listed"


async def test_pdf_cells_show_their_page(sample: Sample, ds: Datasette) -> None:
    page = await _page(ds, sample.pdf.sha256)
    assert _td(page, "applications", "new_received", "total").text_content() == "5page 3"
    assert _td(page, "reviews_litigation", "review", "upheld").xpath("./a[@class='page']/text()") == ["page 4"]
    assert not (await _page(ds, sample.seed.sha256)).xpath("//a[@class='page']")


async def test_a_report_without_a_table_says_so(sample: Sample, ds: Datasette) -> None:
    page = await _page(ds, sample.blanks.sha256)
    assert "not found in the report" in page.xpath("//section[@id='reviews_litigation']")[0].text_content()
    assert page.xpath("//table[@data-table='applications']")


async def test_a_legacy_report_has_a_page_without_tables(sample: Sample, ds: Datasette) -> None:
    page = await _page(ds, sample.legacy.sha256)
    assert "legacy (pre-2019) format" in page.text_content()
    assert not page.xpath("//table[contains(@class, 'nianbao-printed')]")
    assert f"/-/archive/{sample.legacy.sha256}" in page.xpath("//a/@href")


async def test_a_document_that_failed_extraction_has_a_page(sample: Sample, ds: Datasette) -> None:
    page = await _page(ds, sample.failed_sha256)
    assert "UnreadableDocument" in page.text_content() and "not a DOC file" in page.text_content()


@pytest.mark.parametrize("path", ["0" * 64, "A" * 64, "0" * 63 + "g", "0" * 65, "abc"])
async def test_unknown_or_malformed_hashes_are_not_found(ds: Datasette, path: str) -> None:
    assert (await ds.client.get(f"/-/report/{path}")).status_code == 404


def test_check_cells_point_at_what_each_rule_adds_up() -> None:
    def cells(rule: str, scope: str) -> list[tuple[str, str, str]]:
        return check_cells(CheckRecord(rule, None, scope, "fail", None, 1, 2, -1, False))

    assert cells("row_total", "granted") == [("applications", "granted", c) for c in APPLICANTS]
    assert ("applications", "other_other", "total") in cells("results_sum", "total")
    assert ("applications", "new_received", "total") not in cells("results_sum", "total")
    assert cells("review_total", "suit_direct")[-1] == ("reviews_litigation", "suit_direct", "total")
    assert cells("prose_vs_table", "受理") == []


def test_table_two_layout_follows_the_printed_columns_not_the_template() -> None:
    printed_2019 = {("active_disclosure", "licensing", "items_last_year"): None}
    assert active_sections(printed_2019, "2021") == spec.ACTIVE_2019  # type: ignore[arg-type]
    assert active_sections({}, "2019") == spec.ACTIVE_2019 and active_sections({}, "2021") == spec.ACTIVE_2021


def _not_found(sample: Sample, sha256: str, table: str, scope: str, found: int, expected: int, rows: tuple[str, ...] = ()) -> None:
    """Record a completeness failure the way the loader does, the named rows' cells gone."""
    con = sqlite3.connect(sample.layout.db_path)
    for row in rows:
        con.execute("delete from cells where report_id = ? and table_code = ? and row_code = ?", [report_id(sha256), table, row])
    con.execute(
        "insert into checks (report_id, seq, rule, table_code, scope, status, level, left, right, delta, blank_as_zero)"
        " values (?, (select count(*) + 100 from checks), 'completeness', ?, ?, 'fail', 'warning', ?, ?, ?, 0)",
        [report_id(sha256), table, scope, found, expected, found - expected],
    )
    con.execute("update reports set cells_missing = coalesce(cells_missing, 0) + ? where sha256 = ?", [expected - found, sha256])
    con.commit()


async def test_cells_not_found_are_shown_apart_from_blank_ones(sample: Sample, ds: Datasette) -> None:
    sha = sample.pdf.sha256
    _not_found(sample, sha, "applications", "withheld_internal:*, carried_forward:total", 167, 175, ("withheld_internal",))
    _not_found(sample, sha, "reviews_litigation", "suit_direct:*, suit_after_review:*", 5, 15)
    page = await _page(ds, sha)
    table = _table(page, "applications")
    assert table.xpath(".//th[@data-code='withheld_internal']"), "a row lost whole is still printed"
    for column in APPLICANTS:
        td = _td(page, "applications", "withheld_internal", column)
        assert "not-found" in td.get("class") and td.text_content() == "not found"
        assert "not found in the document" in td.get("title")
    assert "not-found" not in _td(page, "applications", "carried_forward", "total").get("class"), "a cell that was read is shown"
    for proceeding in ("suit_direct", "suit_after_review"):
        assert "not-found" in _td(page, "reviews_litigation", proceeding, "total").get("class")
    assert "not-found" not in _td(page, "reviews_litigation", "review", "total").get("class")
    assert "18 of the cells the template prints were not found" in page.text_content()
    assert _widths(table) == {10}
    # A blank was printed empty: it is never marked as not found.
    blanks = await _page(ds, sample.blanks.sha256)
    blank = _td(blanks, "applications", "carried_over", "research")
    assert "kind-blank" in blank.get("class") and "not-found" not in blank.get("class")
    assert "printed empty" in blank.get("title") and not blanks.xpath("//td[contains(@class, 'not-found')]")


async def test_cells_not_found_have_their_own_query_and_stay_out_of_the_arithmetic_one(sample: Sample, ds: Datasette) -> None:
    _not_found(sample, sample.pdf.sha256, "reviews_litigation", "suit_direct:*, suit_after_review:*", 5, 15)
    response = await ds.client.get("/nianbao/cells_not_found.json?_shape=array")
    assert [(r["report_sha256"], r["missing"], r["found"], r["expected"]) for r in response.json()] == [
        (sample.pdf.sha256, "suit_direct:*, suit_after_review:*", 5, 15)
    ]
    failing = (await ds.client.get("/nianbao/failing_checks.json?_shape=array")).json()
    assert failing and all(r["rule"] != "completeness" for r in failing)


async def test_pdf_cells_link_to_their_page_of_the_archived_pdf(sample: Sample, ds: Datasette) -> None:
    page = await _page(ds, sample.pdf.sha256)
    link = _td(page, "applications", "new_received", "total").xpath("./a[@class='page']")[0]
    assert link.get("href") == f"/-/archive/{sample.pdf.sha256}#page=3"


async def test_the_citation_names_agency_title_year_source_archive_date_hash_and_version(
    sample: Sample, ds: Datasette
) -> None:
    cite = (await _page(ds, sample.seed.sha256)).xpath("//p[@id='cite']")[0].text_content()
    for part in (sample.seed.agency, sample.seed.title, "(2021)", f"https://www.example.gov.cn/sh_baoshan/{sample.seed.sha256[:8]}",
                 "Archived 2026-01-15", sample.seed.sha256, "Dataset version 2026-02-01.7"):  # fmt: skip
        assert part in cite, part


async def test_other_years_of_the_same_agency_are_linked(sample: Sample, ds: Datasette) -> None:
    years = (await _page(ds, sample.seed.sha256)).xpath("//dd[@class='nianbao-other-years']/a")
    assert [(a.text_content(), a.get("href")) for a in years] == [("2022", f"/-/report/{sample.pdf.sha256}")]
    alone = (await _page(ds, sample.blanks.sha256)).xpath("string(//dd[@class='nianbao-other-years'])")
    assert alone == "none archived for this agency"


async def test_the_json_form_holds_the_report_its_cells_checks_and_citation(sample: Sample, ds: Datasette) -> None:
    response = await ds.client.get(f"/-/report/{sample.pdf.sha256}.json")
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/json")
    data = response.json()
    assert data["report"]["title"] == sample.pdf.title and data["dataset_version"] == "2026-02-01.7"
    total = next(c for c in data["cells"] if (c["row_code"], c["column_code"]) == ("new_received", "total"))
    assert total["value"] == 5 and total["page"] == 3
    blank = (await ds.client.get(f"/-/report/{sample.blanks.sha256}.json")).json()
    carried = [c for c in blank["cells"] if c["row_code"] == "carried_over"]
    assert carried and all(c["value"] is None and c["kind"] == "blank" for c in carried)
    # Its own check, then the carry-over links to the same agency's 2021 report (the seed).
    rules = [c["rule"] for c in data["checks"]]
    assert sample.pdf.sha256 in data["citation"] and rules[0] == "review_total" and set(rules[1:]) == {"carry_link"}


async def test_the_csv_form_has_one_row_per_cell(sample: Sample, ds: Datasette) -> None:
    response = await ds.client.get(f"/-/report/{sample.pdf.sha256}.csv", params={"_dl": "1", "_bom": "1"})
    assert response.content.startswith(b"\xef\xbb\xbfreport_sha256,table_code,row_code,column_code")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 1 + len(sample.pdf.cells)
    assert "attachment" in response.headers["content-disposition"]


@pytest.mark.parametrize("suffix", [".json", ".csv"])
async def test_forms_of_an_unknown_report_are_not_found(ds: Datasette, suffix: str) -> None:
    assert (await ds.client.get(f"/-/report/{'0' * 64}{suffix}")).status_code == 404
    assert (await ds.client.get(f"/-/report/abc{suffix}")).status_code == 404


async def test_the_citation_names_the_canonical_agency_beside_the_printed_one(sample: Sample) -> None:
    with sqlite3.connect(sample.layout.db_path) as conn:
        conn.execute("update reports set agency = '宝山区行政服务中心' where sha256 = ?", [sample.seed.sha256])
    cite = (await _page(make_datasette(sample.layout), sample.seed.sha256)).xpath("string(//p[@id='cite'])")
    assert cite.startswith("上海市宝山区行政服务中心 (宝山区行政服务中心). ")
