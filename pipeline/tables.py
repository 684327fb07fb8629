"""Map each report table's rows and columns to canonical codes by their labels."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from pipeline.align import Column, Row, align, header_columns, make_cell, row_label, split_row, trim
from pipeline.labels import (
    ACTIVE,
    ACTIVE_2019_COLUMNS,
    ACTIVE_2021_COLUMNS,
    ACTIVE_COLUMNS,
    ACTIVE_ROWS,
    APPLICANT_COLUMNS,
    APPLICANT_LABELS,
    APPLICATIONS,
    OTHER_2021,
    OUTCOME_LABELS,
    OUTCOMES,
    PROCEEDINGS,
    REVIEWS,
    applicant_column,
    application_row,
    first_match,
    norm,
    proceeding,
)
from pipeline.model import Cell, ExtraRow, RawCell, RawTable
from pipeline.values import clean_raw, is_numberish


@dataclass
class Mapped:
    cells: list[Cell] = field(default_factory=list)
    extras: list[ExtraRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    template: str | None = None


def classify(table: RawTable) -> str | None:
    text = norm("".join(c.text for row in table.rows for c in row))
    if "本年新收" in text or ("予以公开" in text and "结转" in text):
        return APPLICATIONS
    if "行政复议" in text and any(k in text for k in ("复议后起诉", "未经复议", "尚未审结", "直接起诉")):
        return REVIEWS
    if ("第二十条" in text or "信息内容" in text) and any(k in text for k in ("规章", "行政许可", "行政处罚", "收费")):
        return ACTIVE
    return None


def _text_columns(table: RawTable, codes: tuple[str, ...], labels: dict[str, str]) -> list[Column]:
    return [Column(code, i, i, labels[code]) for i, code in enumerate(codes)]


def _extra(out: Mapped, table: str, label: str, values: list[RawCell]) -> None:
    if label or any(v.text.strip() for v in values):
        out.extras.append(ExtraRow(table, label, tuple(clean_raw(v.text) for v in values)))


def map_applications(table: RawTable) -> Mapped:
    out = Mapped()
    first_data = next((i for i, row in enumerate(table.rows) if _app_code(table, row)), len(table.rows))
    columns = header_columns(table.rows[:first_data], lambda leaf, path: applicant_column(leaf)) if table.positional else []
    # Without a readable header (flattened text, a page break) the printed order is all we have.
    positional = bool(columns)
    if not columns:
        columns = _text_columns(table, APPLICANT_COLUMNS, APPLICANT_LABELS)
        if "自然人" not in norm("".join(c.text for row in table.rows[:first_data] for c in row)):
            out.warnings.append("applications: no column header found; columns read in the template's printed order")
    value_start = min(c.first for c in columns) if positional else None
    seen: set[str] = set()
    for row in table.rows[first_data:]:
        labels, values = split_row(table, row, value_start)
        label = row_label(row, labels)
        code = _app_code(table, row)
        values = trim(values, len(columns))
        pairs = align(values, columns, positional)
        if code is None or code in seen or not pairs:
            if code in seen:
                out.warnings.append(f"applications: row {code} printed twice; the second is kept as an extra row")
            elif code and not pairs:
                out.warnings.append(f"applications: row {code} has {len(values)} values for {len(columns)} columns")
            if values or code:
                _extra(out, APPLICATIONS, label, values)
            continue
        seen.add(code)
        out.cells += [make_cell(APPLICATIONS, code, col, raw, label, None) for col, raw in pairs]
    out.template = "2021" if seen & set(OTHER_2021) else ("2019" if "other" in seen else None)
    out.cells = [_with_template(c, out.template) for c in out.cells]
    return out


_HEADER_WORDS = ("自然人", "商业企业", "申请人情况", "法人或其他组织", "勾稽")


def _app_code(table: RawTable, row: Row) -> str | None:
    labels, values = split_row(table, row, None)
    label = norm(row_label(row, labels))
    # The header's note and 总计 must not read as the （七）总计 row.
    if not values or any(word in label for word in _HEADER_WORDS):
        return None
    return application_row(label)


def _with_template(cell: Cell, template: str | None) -> Cell:
    return replace(cell, table_template=template)


def _outcome(leaf: str, path: str) -> str | None:
    return first_match(leaf, OUTCOME_LABELS)


def map_reviews(table: RawTable) -> Mapped:
    out = Mapped()
    header_at = next((i for i, row in enumerate(table.rows) if any("维持" in norm(c.text) for c in row)), None)
    data = [i for i, row in enumerate(table.rows) if _is_value_row(table, row, header_at is not None and i > header_at)]
    if not data:
        out.warnings.append("reviews_litigation: no row of values found")
        return out
    header = table.rows[: data[0]]
    labelled = [(i, _proceeding_row(table, table.rows[i])) for i in data]
    if any(proc for _, proc in labelled):
        columns = header_columns(header, _outcome) if table.positional else []
        columns = columns[:5] if len(columns) >= 5 else [Column(o, i, i, o) for i, o in enumerate(OUTCOMES)]
        for i, proc in labelled:
            labels, values = split_row(table, table.rows[i], None)
            if proc:
                pairs = align(trim(values, 5), columns, table.positional)
                out.cells += [make_cell(REVIEWS, proc, c, raw, row_label(table.rows[i], labels), None) for c, raw in pairs]
        return out
    columns = _review_columns(table, header)
    values = _review_values(table, data)
    pairs = align(values, columns, table.positional)
    if not pairs:
        out.warnings.append(f"reviews_litigation: {len(values)} values for {len(columns)} columns")
    for col, raw in pairs:
        proc, outcome = col.code.split(":")
        out.cells.append(make_cell(REVIEWS, proc, Column(outcome, col.first, col.last, col.label), raw, "", None))
    return out


def _proceeding_row(table: RawTable, row: Row) -> str | None:
    """The proceeding a row of five outcomes is labelled with (the transposed layout)."""
    labels, values = split_row(table, row, None)
    proc = proceeding(norm(row_label(row, labels)))
    return proc if proc and len(trim(values, 5)) == 5 else None


def _review_columns(table: RawTable, header: tuple[Row, ...]) -> list[Column]:
    def code(leaf: str, path: str) -> str | None:
        outcome, proc = first_match(leaf, OUTCOME_LABELS), proceeding(path)
        return f"{proc}:{outcome}" if outcome and proc else None

    columns = header_columns(header, code) if table.positional else []
    if len(columns) != 15:
        columns = [Column(f"{p}:{o}", i, i, o) for i, (p, o) in enumerate((p, o) for p in PROCEEDINGS for o in OUTCOMES)]
    return columns


def _review_values(table: RawTable, data: list[int]) -> list[RawCell]:
    rows = [split_row(table, row, None)[1] for row in table.rows[data[0] :]]
    full = [trim(r, 15) for r in rows if len(trim(r, 15)) == 15]
    if full:
        return full[0]
    # One cell per line or a wrapped run: the 15 values spread over several lines.
    return [v for r in rows for v in r if v.text.strip()]


def _is_value_row(table: RawTable, row: Row, after_header: bool) -> bool:
    """A row of outcomes; an all-blank one (an empty template) counts only below the header."""
    labels, values = split_row(table, row, None)
    if not values or not all(is_numberish(v.text) for v in values):
        return False
    if not any(v.text.strip() for v in values) and not (after_header and len(values) >= 5):
        return False
    return len(values) >= 5 or bool(proceeding(norm(row_label(row, labels))))


def map_active(table: RawTable) -> Mapped:
    out = Mapped()
    columns: list[Column] = []
    seen: set[str] = set()
    header_open = False
    for row in table.rows:
        labels, values = split_row(table, row, None)
        label = row_label(row, labels)
        header = [_active_column(c) for c in row if first_match(norm(c.text), ACTIVE_COLUMNS)]
        numbers = any(v.text.strip() and is_numberish(v.text) for v in values)
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
                _extra(out, ACTIVE, label, values)
            continue
        pairs = align(trim(values, len(columns)), columns, table.positional)
        if code in seen or not pairs:
            _extra(out, ACTIVE, label, values)
            continue
        seen.add(code)
        out.cells += [make_cell(ACTIVE, code, col, raw, label, None) for col, raw in pairs]
    used = {c.column for c in out.cells}
    out.template = "2021" if used & ACTIVE_2021_COLUMNS else ("2019" if used & ACTIVE_2019_COLUMNS else None)
    out.cells = [_with_template(c, out.template) for c in out.cells]
    return out


def _active_column(cell: RawCell) -> Column:
    code = first_match(norm(cell.text), ACTIVE_COLUMNS) or ""
    # 本年收费金额 is declared in 万元 by the 2021 template even where the header omits it.
    unit = "万元" if code == "amount_10k_yuan" else None
    return Column(code, cell.col, cell.col + cell.colspan - 1, cell.text, unit)


def _ordered(column: Column, index: int, positional: bool) -> Column:
    return column if positional else Column(column.code, index, index, column.label, column.unit)
