"""Map each report table's rows and columns to canonical codes by their labels."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from archive import spec

from pipeline.align import Column, Row, align, header_columns, make_cell, row_label, split_row, trim
from pipeline.labels import (
    ACTIVE,
    APPLICANT_COLUMNS,
    APPLICANT_LABELS,
    APPLICATIONS,
    OTHER_2021,
    REVIEWS,
    applicant_column,
    application_row,
    norm,
)
from pipeline.model import Cell, ExtraRow, RawCell, RawTable
from pipeline.subrows import Printed, place_by_position
from pipeline.values import clean_raw, is_numberish


@dataclass
class Mapped:
    cells: list[Cell] = field(default_factory=list)
    extras: list[ExtraRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    template: str | None = None


def classify(table: RawTable) -> str | None:
    text = norm("".join(c.text for row in table.rows for c in row))
    if "本年新收" in text or ("予以公开" in text and "结转" in text) or _application_rows(table) >= 3 or _tail_of_applications(table):
        return APPLICATIONS
    if "行政复议" in text and any(k in text for k in ("复议后起诉", "未经复议", "尚未审结", "直接起诉")):
        return REVIEWS
    if ("第二十条" in text or "信息内容" in text) and any(k in text for k in ("规章", "行政许可", "行政处罚", "收费")):
        return ACTIVE
    return None


def _application_rows(table: RawTable) -> int:
    """Rows labelled like table 三's: a continuation after a page break has no header to go by."""
    return sum(1 for row in table.rows if _app_code(table, row))


def _tail_of_applications(table: RawTable) -> bool:
    """The last row or two of table 三 carried onto the next page: labelled like its rows and
    seven values each (no other table prints seven)."""
    rows = [row for row in table.rows if any(c.text.strip() and is_numberish(c.text) for c in row)]
    widths = {len(trim(split_row(table, row, None)[1], 7)) for row in rows}
    # A bare 合计 row would also read as total_handled: it is no evidence of table 三.
    return widths == {7} and any(_app_code(table, row) and "合计" not in row_label(row, list(row)) for row in rows)


def _applicant(leaf: str, path: str) -> str | None:
    """A header cell a page break cut in two ("商业" | "企业") names its column by its path."""
    whole = (code for code, text in APPLICANT_LABELS.items() if leaf and text.endswith(leaf) and path.endswith(text))
    return applicant_column(leaf) or next(whole, None)


def _text_columns(table: RawTable, codes: tuple[str, ...], labels: dict[str, str]) -> list[Column]:
    return [Column(code, i, i, labels[code]) for i, code in enumerate(codes)]


def extra_row(out: Mapped, table: str, label: str, values: list[RawCell]) -> None:
    if label or any(v.text.strip() for v in values):
        out.extras.append(ExtraRow(table, label, tuple(clean_raw(v.text) for v in values)))


def map_applications(table: RawTable) -> Mapped:
    out = Mapped()
    codes = [_app_code(table, row) for row in table.rows]
    # A row of seven numbers is data even when its label matched nothing, never a header.
    first_data = next((i for i, code in enumerate(codes) if code or _numbers(table.rows[i]) >= 7), len(table.rows))
    columns = header_columns(table.rows[:first_data], _applicant) if table.positional else []
    # Without a whole header (flattened text, a page break) the printed order is all we have.
    positional = {c.code for c in columns} >= set(APPLICANT_COLUMNS)
    if not positional:
        columns = []
    if not columns:
        columns = _text_columns(table, APPLICANT_COLUMNS, APPLICANT_LABELS)
    headed = positional or "自然人" in norm("".join(c.text for row in table.rows[:first_data] for c in row))
    if not headed:
        out.warnings.append("applications: no column header found; columns read in the template's printed order")
    value_start = min(c.first for c in columns) if positional else None
    rows = [_read(table, row, code, columns, positional, value_start) for row, code in zip(table.rows[first_data:], codes[first_data:])]
    _emit(out, _by_position(out, rows, headed), len(columns))
    out.template = _template({c.row for c in out.cells})
    out.cells = [with_template(c, out.template) for c in out.cells]
    return out


def _emit(out: Mapped, rows: list[_Row], width: int) -> None:
    """Cells of each row with a code and placed values; everything else an extra, said why."""
    seen: set[str] = set()
    for row in rows:
        code = row.code
        if code is None or code in seen or not row.pairs:
            if code in seen:
                out.warnings.append(f"applications: row {code} printed twice; the second is kept as an extra row")
            elif code:
                out.warnings.append(
                    f"applications: row {code} has {len(row.values)} values for {width} columns; kept as an extra row, not filled by position"
                )
            if row.values or code:
                extra_row(out, APPLICATIONS, row.label, row.values)
            continue
        seen.add(code)
        out.cells += [make_cell(APPLICATIONS, code, col, raw, row.label, None) for col, raw in row.pairs]


@dataclass(frozen=True)
class _Row:
    code: str | None
    label: str
    leaf: str
    values: list[RawCell]
    pairs: list[tuple[Column, RawCell]]


def _read(table: RawTable, row: Row, code: str | None, columns: list[Column], positional: bool, value_start: int | None) -> _Row:
    labels, values = split_row(table, row, value_start)
    values = trim(values, len(columns), positional)
    leaf = next((norm(c.text) for c in reversed(labels) if c.text.strip()), "")
    return _Row(code, row_label(row, labels), leaf, values, align(values, columns, positional))


def _template(codes: set[str]) -> str | None:
    return "2021" if codes & set(OTHER_2021) else ("2019" if "other" in codes else None)


def _numbers(row: Row) -> int:
    return sum(1 for c in row if c.text.strip() and is_numberish(c.text))


def _by_position(out: Mapped, rows: list[_Row], headed: bool) -> list[_Row]:
    """Rows whose label matched nothing take the code their position gives, when they agree;
    a table continued without its header has no known first row to count from."""
    template = _template({r.code for r in rows if r.code})
    order = spec.application_rows(template) if template else tuple(c for c in spec.application_rows("2021") if c not in OTHER_2021)
    printed = [Printed(r.leaf, r.code, bool(r.pairs)) for r in rows]
    rows = list(rows)
    for placed in place_by_position(printed, order, opened=headed):
        row = rows[placed.index]
        if placed.code is None:
            out.warnings.append(
                f"applications: row {row.label!r} matched no label and its position is not enough ({placed.reason}); kept as an extra row"
            )
            continue
        out.warnings.append(f"applications: row {placed.code} read by its position ({placed.reason}); printed label {row.label!r}")
        rows[placed.index] = replace(row, code=placed.code)
    return rows


_HEADER_WORDS = ("自然人", "商业企业", "申请人情况", "法人或其他组织", "勾稽")


def _app_code(table: RawTable, row: Row) -> str | None:
    labels, values = split_row(table, row, None)
    label = norm(row_label(row, labels))
    # The header's note and 总计 must not read as the （七）总计 row.
    if not values or any(word in label for word in _HEADER_WORDS):
        return None
    # A group label cut by a page break can leave a fragment before "3.其他" ("理 3.其他").
    leaf = next((norm(c.text) for c in reversed(labels) if c.text.strip()), "")
    return "other_other" if leaf == "3.其他" else application_row(label)


def with_template(cell: Cell, template: str | None) -> Cell:
    return replace(cell, table_template=template)
