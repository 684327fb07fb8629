"""The methodology page: coverage from the database, the templates, blanks, checks, matching, gaps."""

from __future__ import annotations

from datasette.app import Datasette
from lxml import html

from tests.test_datasette_sample import Sample, _sample_template, ds, sample  # noqa: F401  (fixtures)


async def test_methodology_page_covers_what_a_researcher_needs(ds: Datasette) -> None:
    response = await ds.client.get("/-/methodology")
    assert response.status_code == 200
    page = html.fromstring(response.text)
    headings = page.xpath("//h2/@id")
    assert headings == ["coverage", "templates", "blank", "checks", "agencies", "timeliness", "revisions", "gaps"]
    coverage = [[td.text_content() for td in tr.xpath("./td")] for tr in page.xpath("//table[@class='nianbao-coverage']//tr[td]")]
    assert coverage == [["2022", "2021", "1"], ["2021", "2021", "1"], ["2020", "2019", "1"], ["2018", "legacy", "1"]]
    checks = page.xpath("//section[@id='checks']//dt/text()") or page.xpath("//h2[@id='checks']/following-sibling::dl[1]/dt/text()")
    assert [c.split()[0] for c in checks] == ["row_total", "balance", "results_sum", "review_total", "carry_link", "prose_vs_table"]
    failures = [[td.text_content() for td in tr.xpath("./td")] for tr in page.xpath("//table[@class='nianbao-failures']//tr[td]")]
    assert failures == [["UnreadableDocument", "1"]]
    assert page.xpath("//table[@class='nianbao-matching']//tr[td]"), "the matching rules in use are listed"
    assert "Dataset version 2026-02-01.7" in " ".join(page.text_content().split())


async def test_every_check_rule_in_the_metadata_is_explained(ds: Datasette) -> None:
    page = html.fromstring((await ds.client.get("/-/methodology")).text)
    explained = {c.split()[0] for c in page.xpath("//h2[@id='checks']/following-sibling::dl[1]/dt/text()")}
    described = ds.metadata()["databases"]["nianbao"]["tables"]["checks"]["columns"]["rule"]
    assert all(rule in described for rule in explained)
    assert all(rule in explained for rule in ("balance", "results_sum", "row_total", "review_total", "carry_link", "prose_vs_table"))
