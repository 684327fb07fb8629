"""prose_vs_table: the request count quoted in 总体情况 against the table, as a warning."""

from __future__ import annotations

from pipeline.model import Cell
from pipeline.prose import check_prose


def _cells(new: int | None, carried: int | None = 0) -> list[Cell]:
    return [
        Cell("applications", "new_received", "total", str(new), new, "number" if new is not None else "blank"),
        Cell("applications", "carried_over", "total", str(carried), carried, "number"),
    ]


TEXT = "一、总体情况\n{}\n二、主动公开政府信息情况\n表格里的受理申请99件不算。"


def test_a_quoted_count_that_matches_passes() -> None:
    [check] = check_prose(TEXT.format("本年度共受理政府信息公开申请 15 件，均按时答复。"), _cells(15))
    assert (check.status, check.left, check.right, check.level) == ("pass", 15, 15, "warning")


def test_new_plus_carried_over_is_also_what_reports_call_received() -> None:
    [check] = check_prose(TEXT.format("全年收到政府信息公开申请共计18件（含上年结转3件）。"), _cells(15, 3))
    assert check.status == "pass" and check.right == 18


def test_a_quoted_count_that_disagrees_fails_as_a_warning() -> None:
    [check] = check_prose(TEXT.format("全年受理政府信息公开申请12件。"), _cells(15, 3))
    assert (check.status, check.left, check.right, check.delta) == ("fail", 12, 15, -3)


def test_only_the_overview_is_read_and_no_table_means_not_assessable() -> None:
    assert check_prose("二、主动公开政府信息情况\n受理申请5件", _cells(15)) == ()
    [check] = check_prose(TEXT.format("受理政府信息公开申请5件"), [])
    assert check.status == "not_assessable"
