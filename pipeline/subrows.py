"""Table-三 rows whose printed label matches no known label, placed by their position instead:
the rows matched on either side pin the canonical rows between them, and a row takes the one
it stands in for only when its sub-item number and most of its label agree."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from archive import spec
from pipeline.labels import norm

# "5." "（三）" "三、" at the start of a label: its number within its group.
_ENUMERATOR = re.compile(r"^(\d{1,2}\.|\([一二三四五六七八九十\d]+\)|[一二三四五六七八九十]+、)")
# The share of the longer of the printed and canonical labels they have in common, in order:
# two characters dropped from "属于三类内部事务信息" leave 0.8; another row such as "小计", none.
MIN_SHARED = 0.6
LEAVES = {code: norm(path[-1]) for code, path in spec.APPLICATION_ROWS}


@dataclass(frozen=True)
class Printed:
    """One printed row of values: its last label cell, and the code its label matched."""

    leaf: str
    code: str | None
    placeable: bool


@dataclass(frozen=True)
class Placement:
    index: int
    code: str | None
    reason: str


def place_by_position(rows: Sequence[Printed], order: Sequence[str], opened: bool = True) -> list[Placement]:
    """For each unmatched row of values between two matched rows: the canonical row it
    stands for (code None with the reason when number or label disagree or the count of
    rows and gaps differ). `opened`: the rows start with the table's first row, so the
    top edge is an anchor too (not so for a table continued without its header)."""
    anchors = _anchors(rows, order)
    placements: list[Placement] = []
    if not opened:
        first = anchors[1][0]
        loose = [i for i in range(first) if rows[i].code is None and rows[i].placeable]
        placements += [Placement(i, None, "the table continues from an earlier page") for i in loose]
        anchors = anchors[1:]
    for (a, pa), (b, pb) in zip(anchors, anchors[1:]):
        gap = order[pa + 1 : pb]
        loose = [i for i in range(a + 1, b) if rows[i].code is None and rows[i].placeable]
        if not loose:
            continue
        if len(loose) != len(gap):
            placements += [Placement(i, None, f"{len(loose)} unmatched rows where the template has {len(gap)}") for i in loose]
            continue
        placements += [_agree(i, rows[i].leaf, code) for i, code in zip(loose, gap)]
    return placements


def _anchors(rows: Sequence[Printed], order: Sequence[str]) -> list[tuple[int, int]]:
    """(row index, position in `order`) of the rows matched by label, rising in both, with
    the table's edges as the outermost anchors."""
    anchors = [(-1, -1)]
    for i, row in enumerate(rows):
        if row.code in order and order.index(row.code) > anchors[-1][1]:
            anchors.append((i, order.index(row.code)))
    return [*anchors, (len(rows), len(order))]


def _agree(index: int, leaf: str, code: str) -> Placement:
    canonical = LEAVES[code]
    printed, expected = _enumerator(leaf), _enumerator(canonical)
    if printed and printed != expected:
        return Placement(index, None, f"its number {printed} is not {code}'s {expected or '(none)'}")
    body, target = leaf[len(printed) :], canonical[len(expected) :]
    shared = _common(body, target) / max(len(body), len(target), 1)
    if shared < MIN_SHARED:
        return Placement(index, None, f"its label shares {shared:.0%} of {code}'s")
    return Placement(index, code, f"sub-item {expected or '(unnumbered)'} between its neighbours, {shared:.0%} of the label")


def _enumerator(label: str) -> str:
    match = _ENUMERATOR.match(label)
    return match.group(1) if match else ""


def _common(a: str, b: str) -> int:
    """Length of the longest common subsequence: the characters printed in order."""
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b):
            current.append(previous[j] + 1 if x == y else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1]
