"""Table 四 (reviews and lawsuits): fifteen outcomes, as one row or three labelled rows."""

from __future__ import annotations

from pipeline.align import Column, Row, align, header_columns, make_cell, row_label, split_row, trim
from pipeline.labels import OUTCOME_LABELS, OUTCOMES, PROCEEDINGS, REVIEWS, first_match, norm, proceeding
from pipeline.model import RawCell, RawTable
from pipeline.tables import Mapped, extra_row
from pipeline.values import is_numberish_cell


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
    # Transposed (a row of five per proceeding) when some labelled row has exactly five.
    if any(proc and len(trim(split_row(table, table.rows[i], None)[1], 5)) == 5 for i, proc in labelled):
        columns = header_columns(header, _outcome) if table.positional else []
        placed = len(columns) >= 5
        columns = columns[:5] if placed else [Column(o, i, i, o) for i, o in enumerate(OUTCOMES)]
        for i, proc in labelled:
            if proc:
                _map_proceeding(out, table.rows[i], proc, columns, placed and table.positional)
        return out
    columns, placed = _review_columns(table, header)
    values = _review_values(table, data)
    pairs = align(values, columns, placed)
    if not pairs:
        out.warnings.append(f"{REVIEWS}: {len(values)} values for {len(columns)} columns; kept as an extra row, not filled by position")
        extra_row(out, REVIEWS, "", values)
    for col, raw in pairs:
        proc, outcome = col.code.split(":")
        out.cells.append(make_cell(REVIEWS, proc, Column(outcome, col.first, col.last, col.label), raw, "", None))
    return out


def _map_proceeding(out: Mapped, row: Row, proc: str, columns: list[Column], positional: bool) -> None:
    labels, values = split_row(RawTable((row,), positional), row, None)
    label = row_label(row, labels)
    values = trim(values, 5, positional)
    pairs = align(values, columns, positional)
    if not pairs:
        out.warnings.append(f"{REVIEWS}: row {proc} has {len(values)} values for 5 columns; kept as an extra row, not filled by position")
        extra_row(out, REVIEWS, label, values)
    out.cells += [make_cell(REVIEWS, proc, c, raw, label, None) for c, raw in pairs]


def _proceeding_row(table: RawTable, row: Row) -> str | None:
    """The proceeding a row of outcomes is labelled with (the transposed layout)."""
    labels, values = split_row(table, row, None)
    proc = proceeding(norm(row_label(row, labels)))
    return proc if proc and any(v.text.strip() for v in values) else None


def _review_columns(table: RawTable, header: tuple[Row, ...]) -> tuple[list[Column], bool]:
    """The fifteen columns, and whether they were read from the header of a laid-out grid."""

    def code(leaf: str, path: str) -> str | None:
        outcome, proc = first_match(leaf, OUTCOME_LABELS), proceeding(path)
        return f"{proc}:{outcome}" if outcome and proc else None

    columns = header_columns(header, code) if table.positional else []
    if len(columns) == 15:
        return columns, True
    return [Column(f"{p}:{o}", i, i, o) for i, (p, o) in enumerate((p, o) for p in PROCEEDINGS for o in OUTCOMES)], False


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
    if not values or not all(is_numberish_cell(v.text, v.source) for v in values):
        return False
    if not any(v.text.strip() for v in values) and not (after_header and len(values) >= 5):
        return False
    return len(values) >= 5 or bool(proceeding(norm(row_label(row, labels))))
