"""Which of a table's canonical cells were found: completeness as one check per table found.

A missing cell is one the template prints that the extraction did not find (a row read as an
extra, a row lost at a page break, a short row refused); a blank cell was printed empty and is
not missing. The check's level is `warning`: it says how much of a table was read, not whether
the report adds up, so it never changes a report's arithmetic status. Tables 三 and 四 cannot
hide a gap behind `pass` anyway (every cell there feeds a hard check, which then reads
not_assessable); table 二 could, and `reports.cells_missing` counts every gap.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from archive import spec
from archive.completeness import RULE, describe_missing
from pipeline.model import Cell, Check


def check_completeness(tables: Collection[str], cells: Sequence[Cell], template: str) -> tuple[Check, ...]:
    """One check per table found, in printed order: pass when every canonical cell is there,
    fail naming the missing ones in `scope` (left = found, right = expected, delta = −missing),
    not_assessable when the table's template, hence its layout, is unknown."""
    checks = []
    for table in (t for t in spec.TABLE_ORDER if t in tables):
        mine = [c for c in cells if c.table == table]
        expected = spec.canonical_cells(table, next((c.table_template for c in mine if c.table_template), template))
        if expected is None:
            checks.append(Check(RULE, table, "", "not_assessable", len(mine), None, None, False, "warning"))
            continue
        have = {(c.row, c.column) for c in mine}
        missing = [key for key in expected if key not in have]
        scope = describe_missing(missing, expected)
        found = len(expected) - len(missing)
        checks.append(Check(RULE, table, scope, "fail" if missing else "pass", found, len(expected), -len(missing), False, "warning"))
    return tuple(checks)


def cells_missing(checks: Sequence[Check]) -> int | None:
    """The report's count of canonical cells not found; None when no table could be assessed."""
    assessed = [c for c in checks if c.rule == RULE and c.status in ("pass", "fail")]
    return sum(-int(c.delta or 0) for c in assessed) if assessed else None
