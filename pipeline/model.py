"""Frozen dataclasses that cross stage boundaries: raw tables, cells, checks, extractions."""

from __future__ import annotations

from dataclasses import dataclass, field

BBox = tuple[float, float, float, float]


@dataclass(frozen=True)
class RawCell:
    """One printed cell as an adapter read it, before any meaning is given to it.

    `row`/`col` are the cell's top-left grid position; the expanded grid repeats the
    same RawCell in every position its spans cover, so equality is identity.
    """

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    page: int | None = None
    bbox: BBox | None = None
    # `ocr` when the text was read off an image, with the engine's confidence (0–1).
    source: str | None = None
    confidence: float | None = None


@dataclass(frozen=True)
class RawTable:
    """A table as a grid of rows. `positional` is False for flattened text, where
    columns cannot be trusted and the template's printed order is used instead."""

    rows: tuple[tuple[RawCell, ...], ...]
    positional: bool = True


@dataclass(frozen=True)
class SectionImage:
    """A picture printed in section 二, 三 or 四 of an HTML report where that section prints no
    table and no figure of its own: the table is the picture. `url` is its src resolved against
    the page's URL."""

    section: str
    url: str


@dataclass(frozen=True)
class RawDocument:
    """What a format adapter (HTML, text, PDF, DOCX) reads from the bytes."""

    format: str
    text: str
    title: str | None
    tables: tuple[RawTable, ...]
    pages: int | None = None
    attachments: tuple[str, ...] = ()
    # What the adapter could not read but went on without (a page over budget, a page
    # without text layer); extract_document should carry these into Extraction.warnings.
    warnings: tuple[str, ...] = ()
    ocr_pages: tuple[int, ...] = ()
    section_images: tuple[SectionImage, ...] = ()


@dataclass(frozen=True)
class Cell:
    table: str
    row: str
    column: str
    raw: str
    value: int | float | None
    kind: str
    unit: str | None = None
    row_label: str = ""
    column_label: str = ""
    page: int | None = None
    bbox: BBox | None = None
    table_template: str | None = None
    source: str | None = None
    confidence: float | None = None


@dataclass(frozen=True)
class Check:
    rule: str
    table: str
    scope: str
    status: str
    left: int | float | None
    right: int | float | None
    delta: int | float | None
    blank_as_zero: bool
    level: str = "error"


@dataclass(frozen=True)
class ExtraRow:
    """A row inside a report table whose label matched no canonical code."""

    table: str
    label: str
    raw_values: tuple[str, ...]


@dataclass(frozen=True)
class LegacyFigure:
    """One number of a pre-2019 report's own statistics table, under its own printed labels:
    never given a 2019/2021 code."""

    indicator: str
    unit: str | None
    column_label: str
    raw: str
    value: int | float | None
    kind: str


@dataclass(frozen=True)
class Extraction:
    source: str
    sha256: str
    title: str | None
    agency: str | None
    year: int | None
    template: str
    format: str
    parser_version: str
    cells: tuple[Cell, ...] = ()
    checks: tuple[Check, ...] = ()
    extras: tuple[ExtraRow, ...] = ()
    sections: tuple[str, ...] = ()
    text: str = ""
    pages: int | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)
    legacy_figures: tuple[LegacyFigure, ...] = ()
