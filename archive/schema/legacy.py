"""Pre-2019 reports' own statistics (legacy_figures) and their documented approximate equivalents."""

from __future__ import annotations

from sqlite_utils import Database


# Documented correspondences from the pre-2019 statistics forms to the 2019/2021 codes, as SQL
# conditions on a figure `f` of a report `r`. Only the year's own column counts (never 历年累计, a
# column of another year or of the year before). Forms that count documents released 依申请
# (依申请公开信息数) count documents, not requests: only a 受理/收到 total or a count of 申请 is mapped.
_THIS_YEAR = ("f.column_label not like '%累计%' and f.column_label not like '%上年%' and "
              "(f.column_label not glob '*[0-9][0-9][0-9][0-9]*' or instr(f.column_label, r.year) > 0)")  # fmt: skip
_CORRESPONDENCES = (
    # The total only: not its channels (其中：1.当面申请数 …), replies, reviews or suits.
    ("applications", "new_received",
     "(replace(f.indicator, '依申请公开', '') like '%申请总数%' or replace(f.indicator, '依申请公开', '') like '%申请数%' "
     "or ((f.indicator like '%受理%' or f.indicator like '%收到%') and f.indicator like '%申请%' and f.indicator like '%总数%')) "
     "and f.indicator not like '%答复%' and f.indicator not like '%复议%' and f.indicator not like '%诉讼%' "
     "and f.indicator not like '其中%' and f.indicator not glob '[0-9]*'",
     "申请总数 / 受理…总数 ≈ 一、本年新收政府信息公开申请数量 (requests received in the year)"),
    ("applications", "granted", "f.indicator like '%同意公开%'",
     "同意公开 ≈ （一）予以公开 (requests granted in full)"),
    ("reviews_litigation", "review", "f.indicator like '%行政复议%' and f.indicator not like '%诉讼%'",
     "行政复议 ≈ 行政复议 总计 (administrative reviews)"),
)  # fmt: skip


def m012_legacy(db: Database) -> None:
    """Pre-2019 reports' own statistics tables, and their documented approximate equivalents."""
    db.execute(
        """
        create table legacy_figures (
            report_sha256 text references reports(sha256),
            seq integer,
            indicator text,
            unit text,
            column_label text,
            raw text,
            value numeric,
            kind text,
            parser_version text,
            primary key (report_sha256, seq)
        )"""
    )
    db.table("legacy_figures").create_index(["indicator"])
    db.execute(approximate_figures("f.report_sha256", "r.sha256 = f.report_sha256"))


def approximate_figures(report: str, join: str) -> str:
    """The view of legacy figures beside the code each roughly corresponds to; `report` names the
    report in its rows, `join` joins a figure `f` to its report `r`."""
    arms = " union all ".join(
        f"select {report}, r.agency, r.year, f.indicator, f.unit, f.column_label, f.raw, f.value, f.kind, "
        f"'{table}' as approximate_table_code, '{row}' as approximate_row_code, 'total' as approximate_column_code, "
        f"'{note}' as correspondence from legacy_figures f join reports r on {join} "
        f"where {_THIS_YEAR} and {condition}"
        for table, row, condition, note in _CORRESPONDENCES
    )
    return f"create view approximate_figures as {arms}"
