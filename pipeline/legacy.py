"""Pre-2019 reports: their own statistics tables read as (indicator, unit, column, value) records."""

from __future__ import annotations

from pipeline.labels import norm
from pipeline.model import LegacyFigure, RawCell, RawTable
from pipeline.values import clean_raw, parse_value

# Header words of the statistics tables the pre-2019 forms printed (指标名称 / 计量单位 / 2018年度 /
# 历年累计 in Fujian's form; 项目 / 单位 / 数量 elsewhere).
_INDICATOR_HEADERS = ("指标名称", "指标", "项目", "统计项目", "类别")
_UNIT_HEADERS = ("计量单位", "单位")


def extract_legacy_figures(tables: tuple[RawTable, ...]) -> tuple[LegacyFigure, ...]:
    """Every value cell of every table headed like a legacy statistics table, in printed order."""
    return tuple(figure for table in tables for figure in _table_figures(table))


def is_statistics_table(table: RawTable) -> bool:
    """Headed with an indicator and a unit column: the 2019/2021 tables never have a unit column,
    so such a table is never read as one of them, whatever labels its rows share with table 三."""
    return any((header := _header(row)) is not None and header[1] is not None for row in table.rows[:3])


def _table_figures(table: RawTable) -> list[LegacyFigure]:
    for n, row in enumerate(table.rows):
        header = _header(row)
        if header is not None:
            indicator_col, unit_col, value_cols = header
            return [f for data in table.rows[n + 1 :] for f in _row_figures(data, indicator_col, unit_col, value_cols)]
    return []


def _header(row: tuple[RawCell, ...]) -> tuple[int, int | None, dict[int, str]] | None:
    """(indicator column, unit column, value column → label) when the row names an indicator column."""
    texts = {c.col: norm(c.text) for c in row}
    indicator = next((col for col, t in texts.items() if t in _INDICATOR_HEADERS), None)
    if indicator is None:
        return None
    unit = next((col for col, t in texts.items() if t in _UNIT_HEADERS), None)
    values = {c.col: clean_raw(c.text) for c in row if c.col not in (indicator, unit) and texts[c.col]}
    return (indicator, unit, values) if values else None


def _row_figures(row: tuple[RawCell, ...], indicator_col: int, unit_col: int | None, value_cols: dict[int, str]) -> list[LegacyFigure]:
    by_col = {c.col: c for c in row}
    indicator = clean_raw(by_col[indicator_col].text) if indicator_col in by_col else ""
    # A heading row inside the table (一、主动公开情况 across every column) has no value cells.
    if not indicator or not any(col in by_col for col in value_cols):
        return []
    unit = clean_raw(by_col[unit_col].text) if unit_col is not None and unit_col in by_col else ""
    figures = []
    for col, label in value_cols.items():
        value = parse_value(by_col[col].text if col in by_col else "")
        # A unit printed inside the cell ("251000元") is what that cell says, whatever the column's.
        figures.append(LegacyFigure(indicator, value.unit or unit or None, label, value.raw, value.value, value.kind))
    return figures
