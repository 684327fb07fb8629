"""Table 二 (active disclosure): blocks of 第二十条 items, each under its own header row."""

from __future__ import annotations

from pipeline.align import Column, align, make_cell, row_label, split_row, trim
from pipeline.labels import ACTIVE, ACTIVE_2019_COLUMNS, ACTIVE_2021_COLUMNS, ACTIVE_COLUMNS, ACTIVE_ROWS, first_match, norm
from pipeline.model import RawCell, RawTable
from pipeline.tables import Mapped, extra_row, with_template
from pipeline.values import is_numberish_cell


def map_active(table: RawTable) -> Mapped:
    out = Mapped()
    columns: list[Column] = []
    seen: set[str] = set()
    header_open = False
    for row in table.rows:
        labels, values = split_row(table, row, None)
        label = row_label(row, labels)
        header = [_active_column(c) for c in row if first_match(norm(c.text), ACTIVE_COLUMNS)]
        numbers = any(v.text.strip() and is_numberish_cell(v.text, v.source) for v in values)
        if "信息内容" in norm(label) and not header:
            columns, header_open = [], True
            continue
        if header and not numbers:
            # With one cell per line the header arrives a label at a time: keep adding.
            header = (columns if header_open else []) + header
            columns, header_open = [_ordered(h, i, table.positional) for i, h in enumerate(header)], True
            continue
        header_open = False
        code = first_match(norm(label), ACTIVE_ROWS)
        if code is None or not columns:
            if code or any(v.text.strip() for v in values):
                extra_row(out, ACTIVE, label, values)
            continue
        values = trim(values, len(columns), table.positional)
        pairs = align(values, columns, table.positional)
        if code in seen or not pairs:
            out.warnings.append(_refused(code, len(values), len(columns), code in seen))
            extra_row(out, ACTIVE, label, values)
            continue
        seen.add(code)
        out.cells += [make_cell(ACTIVE, code, col, raw, label, None) for col, raw in pairs]
    used = {c.column for c in out.cells}
    out.template = "2021" if used & ACTIVE_2021_COLUMNS else ("2019" if used & ACTIVE_2019_COLUMNS else None)
    out.cells = [with_template(c, out.template) for c in out.cells]
    return out


def _refused(code: str, values: int, columns: int, repeated: bool) -> str:
    if repeated:
        return f"{ACTIVE}: row {code} printed twice; the second is kept as an extra row"
    return f"{ACTIVE}: row {code} has {values} values for {columns} columns; kept as an extra row, not filled by position"


def _active_column(cell: RawCell) -> Column:
    code = first_match(norm(cell.text), ACTIVE_COLUMNS) or ""
    # 本年收费金额 is declared in 万元 by the 2021 template even where the header omits it.
    unit = "万元" if code == "amount_10k_yuan" else None
    return Column(code, cell.col, cell.col + cell.colspan - 1, cell.text, unit)


def _ordered(column: Column, index: int, positional: bool) -> Column:
    return column if positional else Column(column.code, index, index, column.label, column.unit)
