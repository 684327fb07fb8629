"""Tables and canned queries link each report to its page and each document to its original."""

from __future__ import annotations

import pytest
from datasette.app import Datasette
from lxml import html

from pipeline.load import report_id
from tests.test_datasette_sample import Sample, _sample_template, ds, sample  # noqa: F401  (fixtures)


async def _links(ds: Datasette, path: str, column: str) -> dict[str, str]:
    page = html.fromstring((await ds.client.get(path)).text)
    """Keyed by the full value: a hash shows short, its full value in the title."""
    cells = page.xpath(f"//td[contains(@class, 'col-{column}')]/a")
    return {a.get("title") if column.endswith("sha256") else a.text_content(): a.get("href") for a in cells}


async def test_report_titles_link_to_the_report_page(sample: Sample, ds: Datasette) -> None:
    links = await _links(ds, "/nianbao/reports", "title")
    reports = (sample.seed, sample.blanks, sample.pdf, sample.legacy)
    assert links == {r.title: f"/-/report/{r.sha256}" for r in reports}


async def test_document_titles_link_to_the_archived_original(sample: Sample, ds: Datasette) -> None:
    links = await _links(ds, "/nianbao/documents", "title")
    assert links[sample.pdf.title] == f"/-/archive/{sample.pdf.sha256}"


async def test_report_hashes_in_query_results_link_to_the_report_page(sample: Sample, ds: Datasette) -> None:
    links = await _links(ds, "/nianbao/requests_by_agency_year", "report_sha256")
    assert links[sample.blanks.sha256] == f"/-/report/{sample.blanks.sha256}"
    # Arbitrary SQL gets the link too, but only on a column named report_sha256.
    sql = "select sha256, sha256 as report_sha256 from reports"
    page = html.fromstring((await ds.client.get("/nianbao", params={"sql": sql})).text)
    assert not page.xpath("//td[contains(@class, 'col-sha256')]/a")
    assert len(page.xpath("//td[contains(@class, 'col-report_sha256')]/a")) == 4


async def test_hashes_show_ten_characters_with_the_full_value_on_hover(sample: Sample, ds: Datasette) -> None:
    sha = sample.seed.sha256
    page = html.fromstring((await ds.client.get("/nianbao/reports")).text)
    pk = page.xpath(f"//td[contains(@class, 'col-sha256')]/a[@title='{sha}']")[0]
    assert pk.text_content() == sha[:10] + "…" and pk.get("href") == f"/nianbao/reports/{sha}"
    assert sha not in page.xpath("string(//table[@class='rows-and-columns'])")
    query = html.fromstring((await ds.client.get("/nianbao/failing_checks")).text)
    assert set(query.xpath(f"//td[contains(@class, 'col-report_sha256')]/a[@title='{sha}']/text()")) == {sha[:10] + "…"}
    # The row page keeps the full hash in its URL and on hover.
    row = (await ds.client.get(f"/nianbao/reports/{sha}")).text
    assert f'title="{sha}"' in row


async def test_titles_come_before_hashes_in_table_pages(sample: Sample, ds: Datasette) -> None:
    page = html.fromstring((await ds.client.get("/nianbao/reports")).text)
    assert page.xpath("//table[@class='rows-and-columns']//th/@data-column")[:4] == ["title", "agency", "year", "sha256"]
    first_row = page.xpath("//table[@class='rows-and-columns']/tbody/tr[1]/td/@class")
    assert first_row[0].startswith("col-title")


@pytest.mark.parametrize("table", ["cells", "checks"])
async def test_cells_and_checks_name_their_report_by_title(sample: Sample, ds: Datasette, table: str) -> None:
    key = report_id(sample.pdf.sha256)
    page = html.fromstring((await ds.client.get(f"/nianbao/{table}", params={"report_id": str(key)})).text)
    links = page.xpath("//td[contains(@class, 'col-report_id')]/a")
    assert links and {(a.text_content(), a.get("href")) for a in links} == {(sample.pdf.title, f"/-/report/{key}")}
    assert sample.pdf.sha256 not in page.xpath("string(//table[@class='rows-and-columns'])")


async def test_a_report_id_leads_to_the_report_page(sample: Sample, ds: Datasette) -> None:
    key = report_id(sample.pdf.sha256)
    for form in ("", ".csv"):
        response = await ds.client.get(f"/-/report/{key}{form}")
        assert response.status_code == 302 and response.headers["location"] == f"/-/report/{sample.pdf.sha256}{form}"
    assert (await ds.client.get(f"/-/report/{key + 1}")).status_code == 404
    # And back: the report page's data links list this report's cells and checks.
    page = html.fromstring((await ds.client.get(f"/-/report/{sample.pdf.sha256}")).text)
    for table in ("cells", "checks"):
        href = page.xpath(f"//a[text()='{table}']/@href")[0]
        rows = (await ds.client.get(href.replace(f"/nianbao/{table}?", f"/nianbao/{table}.json?_shape=array&"))).json()
        assert rows and {row["report_id"] for row in rows} == {key}, table
