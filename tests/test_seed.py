"""The report the project started from: every cell exact, its one arithmetic error caught."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.extract import extract_document
from pipeline.model import Extraction
from tests.report_builder import APPLICANTS, OUTCOMES, PROCEEDINGS, ROWS_2021

# The seed's figures, transcribed by hand from its text: all zero except these.
NONZERO = {
    ("applications", "new_received", "natural_person"): 2,
    ("applications", "new_received", "other_org"): 2,
    ("applications", "new_received", "total"): 2,
    ("applications", "granted", "natural_person"): 2,
    ("applications", "granted", "total"): 2,
    ("applications", "total_handled", "natural_person"): 2,
    ("applications", "total_handled", "total"): 2,
}
ACTIVE = [("regulations", c) for c in ("issued", "repealed", "in_force")]
ACTIVE += [("normative_documents", c) for c in ("issued", "repealed", "in_force")]
ACTIVE += [("licensing", "decisions"), ("penalty", "decisions"), ("coercion", "decisions"), ("fees", "amount_10k_yuan")]


@pytest.fixture(scope="module")
def seed(seed_path: Path) -> Extraction:
    return extract_document(seed_path.read_bytes(), str(seed_path))


def test_every_cell_is_exact(seed: Extraction) -> None:
    expected = {("active_disclosure", r, c): 0 for r, c in ACTIVE}
    expected |= {("applications", r, c): 0 for r, _, _ in ROWS_2021 for c in APPLICANTS}
    expected |= {("reviews_litigation", p, o): 0 for p in PROCEEDINGS for o in OUTCOMES}
    expected |= NONZERO
    got = {(c.table, c.row, c.column): c.value for c in seed.cells}
    assert got == expected
    assert len(seed.cells) == len(expected) == 200
    assert all(c.kind == "number" and c.raw == str(c.value) for c in seed.cells)


def test_metadata_and_template(seed: Extraction) -> None:
    assert seed.title == "上海市宝山区行政服务中心2021年政府信息公开工作年度报告"
    assert seed.agency == "上海市宝山区行政服务中心"
    assert seed.year == 2021
    assert seed.template == "2021"
    assert seed.sections == ("overview", "active_disclosure", "applications", "reviews_litigation", "problems", "other_matters")


def test_fees_are_in_10k_yuan(seed: Extraction) -> None:
    fees = next(c for c in seed.cells if c.row == "fees")
    assert fees.unit == "万元"


def test_only_row_one_and_other_org_balance_fail(seed: Extraction) -> None:
    failing = [(c.rule, c.scope, c.left, c.right, c.delta) for c in seed.checks if c.status != "pass"]
    assert sorted(failing) == [("balance", "other_org", 2, 0, 2), ("row_total", "new_received", 2, 4, -2)]
    assert not any(c.blank_as_zero for c in seed.checks)
    assert len([c for c in seed.checks if c.level == "error"]) == 7 + 7 + 25 + 3


def test_the_overview_quotes_the_table(seed: Extraction) -> None:
    # 总体情况: "共受理政府信息公开申请 2 件" — and the table's 总计 of row 一 is 2.
    prose = [(c.status, c.left, c.right, c.level) for c in seed.checks if c.rule == "prose_vs_table"]
    assert prose == [("pass", 2, 2, "warning")]
