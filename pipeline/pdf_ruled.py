"""Ruled tables: the page's ruling lines give the grid, and a missing separator is a span."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.geometry import Box, Segment, block_text, cluster
from pipeline.pdf_grid import Grid, GridCell

# Word/WPS draw one border as several touching strokes or thin rectangles, a fraction of a
# point apart; 2 pt merges them without merging two real rows (≥ 12 pt apart).
TOL = 2.0
_MIN_RULE = 4.0


@dataclass(frozen=True, slots=True)
class Rule:
    """A horizontal (pos = y, lo..hi = x) or vertical (pos = x, lo..hi = y) ruling line."""

    pos: float
    lo: float
    hi: float


@dataclass(frozen=True)
class Region:
    x0: float
    y0: float
    x1: float
    y1: float
    horizontal: tuple[Rule, ...]
    vertical: tuple[Rule, ...]

    def holds(self, box: Box) -> bool:
        return self.x0 <= box.cx <= self.x1 and self.y0 <= box.cy <= self.y1


def rules(segments: Sequence[Segment]) -> tuple[list[Rule], list[Rule]]:
    horizontal, vertical = [], []
    for s in segments:
        if s.horizontal and abs(s.x1 - s.x0) >= _MIN_RULE:
            horizontal.append(Rule((s.y0 + s.y1) / 2, min(s.x0, s.x1), max(s.x0, s.x1)))
        elif not s.horizontal and abs(s.y1 - s.y0) >= _MIN_RULE:
            vertical.append(Rule((s.x0 + s.x1) / 2, min(s.y0, s.y1), max(s.y0, s.y1)))
    return horizontal, vertical


def regions(segments: Sequence[Segment]) -> list[Region]:
    """Tables on a page: vertical rules whose extents overlap, with the horizontal rules
    between them. Pages stack tables vertically, so sorting by height keeps this O(n log n)."""
    horizontal, vertical = rules(segments)
    groups: list[list[Rule]] = []
    for rule in sorted(vertical, key=lambda r: -r.hi):
        if groups and rule.hi >= min(r.lo for r in groups[-1]) - TOL:
            groups[-1].append(rule)
        else:
            groups.append([rule])
    found = []
    for group in groups:
        x0, x1 = min(r.pos for r in group), max(r.pos for r in group)
        y0, y1 = min(r.lo for r in group), max(r.hi for r in group)
        across = [h for h in horizontal if y0 - TOL <= h.pos <= y1 + TOL and h.lo < x1 and h.hi > x0]
        region = Region(x0, y0, x1, y1, tuple(across), tuple(group))
        if len(cluster((r.pos for r in group), TOL)) >= 2 and len(cluster((h.pos for h in across), TOL)) >= 2:
            found.append(region)
    return found


def _index(rules_: Sequence[Rule], positions: Sequence[float]) -> list[list[Rule]]:
    by_position: list[list[Rule]] = [[] for _ in positions]
    for rule in rules_:
        nearest = min(range(len(positions)), key=lambda i: abs(positions[i] - rule.pos))
        by_position[nearest].append(rule)
    return by_position


def _covered(rules_: Sequence[Rule], at: float) -> bool:
    return any(r.lo - TOL <= at <= r.hi + TOL for r in rules_)


def _spans(xs: list[float], ys: list[float], region: Region) -> list[int]:
    """Union-find over grid positions: neighbours with no rule between them are one cell."""
    nrows, ncols = len(ys) - 1, len(xs) - 1
    parent = list(range(nrows * ncols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    verticals, horizontals = _index(region.vertical, xs), _index(region.horizontal, ys)
    for r in range(nrows):
        for c in range(ncols):
            here = r * ncols + c
            if c + 1 < ncols and not _covered(verticals[c + 1], (ys[r] + ys[r + 1]) / 2):
                parent[find(here + 1)] = find(here)
            if r + 1 < nrows and not _covered(horizontals[r + 1], (xs[c] + xs[c + 1]) / 2):
                parent[find(here + ncols)] = find(here)
    return [find(i) for i in range(nrows * ncols)]


def ruled_grid(region: Region, glyphs: Sequence[Box], page: int) -> Grid:
    xs = cluster((r.pos for r in region.vertical), TOL)
    ys = sorted(cluster((r.pos for r in region.horizontal), TOL), reverse=True)
    ncols = len(xs) - 1
    roots = _spans(xs, ys, region)
    down = [-y for y in ys]
    buckets: dict[int, list[Box]] = {root: [] for root in roots}
    for glyph in glyphs:
        r, c = bisect_right(down, -glyph.cy) - 1, bisect_right(xs, glyph.cx) - 1
        if 0 <= r < len(ys) - 1 and 0 <= c < ncols:
            buckets[roots[r * ncols + c]].append(glyph)
    places: dict[int, list[tuple[int, int]]] = {}
    for i, root in enumerate(roots):
        places.setdefault(root, []).append(divmod(i, ncols))
    cells = []
    for root, spots in places.items():
        r0, c0 = min(r for r, _ in spots), min(c for _, c in spots)
        r1, c1 = max(r for r, _ in spots), max(c for _, c in spots)
        bbox = (xs[c0], ys[r1 + 1], xs[c1 + 1], ys[r0])
        cells.append(GridCell(block_text(buckets[root]), r0, c0, r1 - r0 + 1, c1 - c0 + 1, page, bbox))
    cells.sort(key=lambda cell: (cell.row, cell.col))
    return Grid(tuple(cells), len(ys) - 1, ncols, tuple(xs), page, page, ys[0], ys[-1])
