"""The codes dictionary is complete: every code of both templates, as the builder prints them, in English too."""

from __future__ import annotations

import pytest

from archive import spec
from pipeline.codes import ENGLISH, all_codes
from tests import report_builder as printed


def _codes(table: str, axis: str, template: str) -> list[tuple[str, str]]:
    found = [c for c in all_codes() if (c.table_code, c.axis, c.template) == (table, axis, template)]
    return [(c.code, c.label) for c in sorted(found, key=lambda c: c.position)]


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_application_rows_and_columns_as_printed(template: str) -> None:
    rows = printed.ROWS_2021 if template == "2021" else printed.ROWS_2019
    assert _codes(spec.APPLICATIONS, "row", template) == [(code, label) for code, label, _ in rows]
    assert [c for c, _ in _codes(spec.APPLICATIONS, "column", template)] == list(printed.APPLICANTS)


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_active_disclosure_rows_and_columns_as_printed(template: str) -> None:
    sections = printed.ACTIVE_2021 if template == "2021" else printed.ACTIVE_2019
    assert _codes(spec.ACTIVE, "row", template) == [row for *_, rows in sections for row in rows]
    columns = dict(pair for _, labels, codes, _ in sections for pair in zip(codes, labels))
    assert dict(_codes(spec.ACTIVE, "column", template)) == {c: columns[c] for c in columns}


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_reviews_and_tables(template: str) -> None:
    assert [c for c, _ in _codes(spec.REVIEWS, "row", template)] == list(printed.PROCEEDINGS)
    assert [c for c, _ in _codes(spec.REVIEWS, "column", template)] == list(printed.OUTCOMES)
    tables = [c for c in all_codes() if c.axis == "table" and c.template == template]
    assert [(c.code, c.label) for c in tables] == [(t, spec.TABLE_TITLES[t]) for t in spec.TABLE_ORDER]


def test_every_code_has_an_english_name_and_no_translation_is_unused() -> None:
    used = {(c.axis, c.code) for c in all_codes()}
    assert set(ENGLISH) == used
    assert all(c.english for c in all_codes())
    keys = [(c.table_code, c.axis, c.code, c.template) for c in all_codes()]
    assert len(keys) == len(set(keys)), "the codes table's primary key is unique"
