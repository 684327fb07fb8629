"""The completeness check's scope: the missing cells as the pipeline writes them and the report page reads them."""

from __future__ import annotations

from collections.abc import Sequence

RULE = "completeness"
Position = tuple[str, str]
_WHOLE_ROW = "*"


def describe_missing(missing: Sequence[Position], expected: Sequence[Position]) -> str:
    """`row:column` per missing cell, `row:*` for a row missing whole, in printed order."""
    columns: dict[str, list[str]] = {}
    for row, column in expected:
        columns.setdefault(row, []).append(column)
    gone: dict[str, list[str]] = {}
    for row, column in missing:
        gone.setdefault(row, []).append(column)
    parts = [
        f"{row}:{_WHOLE_ROW}" if cols == columns.get(row) else ", ".join(f"{row}:{c}" for c in cols)
        for row, cols in gone.items()
    ]
    return ", ".join(parts)


def read_missing(scope: str, expected: Sequence[Position]) -> list[Position]:
    """The positions a scope names, `row:*` expanded over the row's expected columns."""
    keys: list[Position] = []
    for item in filter(None, (part.strip() for part in scope.split(","))):
        row, _, column = item.partition(":")
        keys += [k for k in expected if k[0] == row] if column == _WHOLE_ROW else [(row, column)]
    return keys
