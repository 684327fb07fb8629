"""Archived originals are served byte for byte, with their content type, unable to run scripts."""

from __future__ import annotations

import pytest
from datasette.app import Datasette

from archive.datasette.originals import FALLBACK_TYPE, safe_content_type
from tests.test_datasette_sample import FAILED_BODY, Sample, _sample_template, ds, sample  # noqa: F401  (fixtures)


async def test_an_html_original_is_served_unaltered_and_sandboxed(sample: Sample, ds: Datasette) -> None:
    response = await ds.client.get(f"/-/archive/{sample.seed.sha256}")
    assert response.status_code == 200
    assert response.content == sample.seed.body and b"<script>" in response.content
    assert response.headers["content-type"] == sample.seed.content_type
    assert response.headers["content-security-policy"] == "sandbox"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-disposition"].startswith("inline;")


async def test_a_pdf_original_keeps_its_type_and_can_be_downloaded(sample: Sample, ds: Datasette) -> None:
    response = await ds.client.get(f"/-/archive/{sample.pdf.sha256}?download=1")
    assert response.content == sample.pdf.body
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == f'attachment; filename="{sample.pdf.sha256}.pdf"'
    assert response.headers["content-security-policy"] == "sandbox"


async def test_a_document_without_a_report_is_served_too(sample: Sample, ds: Datasette) -> None:
    response = await ds.client.get(f"/-/archive/{sample.failed_sha256}")
    assert response.content == FAILED_BODY and response.headers["content-type"] == "application/msword"


@pytest.mark.parametrize("path", ["0" * 64, "A" * 64, "0" * 63, "0" * 63 + "x", "abc"])
async def test_anything_but_a_held_sha256_is_not_found(ds: Datasette, path: str) -> None:
    response = await ds.client.get(f"/-/archive/{path}")
    assert response.status_code == 404
    assert "content-security-policy" not in response.headers


@pytest.mark.parametrize(
    ("stored", "served"),
    [
        ("text/html; charset=GBK", "text/html; charset=GBK"),
        ('application/pdf; name="a b.pdf"', 'application/pdf; name="a b.pdf"'),
        (None, FALLBACK_TYPE),
        ("", FALLBACK_TYPE),
        ("text/html\r\nSet-Cookie: x=1", FALLBACK_TYPE),
        ("text/html; charset=GBK\nX: y", FALLBACK_TYPE),
        ("文本/html", FALLBACK_TYPE),
        ("html", FALLBACK_TYPE),
    ],
)
def test_a_stored_content_type_must_be_a_plain_media_type(stored: str | None, served: str) -> None:
    assert safe_content_type(stored) == served
