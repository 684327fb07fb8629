"""Tables and canned queries link each report to its page and each document to its original."""

from __future__ import annotations

from datasette.app import Datasette
from lxml import html

from tests.test_datasette_sample import Sample, _sample_template, ds, sample  # noqa: F401  (fixtures)


async def _links(ds: Datasette, path: str, column: str) -> dict[str, str]:
    page = html.fromstring((await ds.client.get(path)).text)
    return {a.text_content(): a.get("href") for a in page.xpath(f"//td[contains(@class, 'col-{column}')]/a")}


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
