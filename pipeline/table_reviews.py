"""Table 四 (reviews and lawsuits): fifteen outcomes, as one row or three labelled rows."""

from __future__ import annotations

from pipeline.align import Column, Row, align, header_columns, make_cell, row_label, split_row, trim
from pipeline.labels import OUTCOME_LABELS, OUTCOMES, PROCEEDINGS, REVIEWS, first_match, norm, proceeding
from pipeline.model import RawCell, RawTable
from pipeline.tables import Mapped
from pipeline.values import is_numberish


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
