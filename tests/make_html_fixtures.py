"""Write the HTML and text fixture documents and their goldens from known figures.

    python -m tests.make_html_fixtures

The goldens come from the figures, never from parser output: a blank is a blank because the
figure is "", a number is the figure's digits.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.report_builder import Report, consistent_figures, html_report, text_report

OUT = Path(__file__).parent / "fixtures" / "documents"
AGENCY = "上海市样例区文化旅游局"


def _truth(raw: str) -> tuple[int | float | None, str]:
    """What a printed figure means, written out for the handful of forms the fixtures use."""
    if raw == "":
        return None, "blank"
    if raw in ("—", "-", "无"):
        return None, "dash"
    match = re.fullmatch(r"(-?\d+)(\.\d+)?(元)?", raw)
    assert match, f"no truth rule for {raw!r}"
    return (float(raw) if match.group(2) else int(match.group(1))), "number"


def _report(template: str, year: int, seed: int = 7) -> Report:
    return Report(f"{AGENCY}{year}年政府信息公开工作年度报告", template, consistent_figures(template, seed=seed))


def blank_total_column() -> tuple[Report, bytes]:
    report = _report("2021", 2022)
    for row in ("granted", "partly_granted", "withheld_state_secret", "unavailable_not_held", "other_other"):
        report.figures[("applications", row, "total")] = ""
    return report, html_report(report).encode()


def colspans_disagree() -> tuple[Report, bytes]:
    report = _report("2021", 2021, seed=3)
    return report, html_report(report, note_colspan=2).encode()


def span_soup_2019() -> tuple[Report, bytes]:
    report = _report("2019", 2019, seed=5)
    report.figures[("active_disclosure", "licensing", "items_change")] = "-3"
    report.figures[("active_disclosure", "procurement", "amount")] = "251000元"
    report.figures[("applications", "carried_over", "research")] = ""
    report.figures[("applications", "carried_over", "public_interest")] = "—"
    return report, html_report(report, soup=True).encode()


def wrong_charset_label() -> tuple[Report, bytes]:
    report = _report("2021", 2023, seed=11)
    report.figures[("active_disclosure", "fees", "amount_10k_yuan")] = "20.3"
    return report, html_report(report, charset="utf-8").encode("gb18030")


def split_in_two() -> tuple[Report, bytes]:
    report = _report("2021", 2024, seed=13)
    page = html_report(report)
    cut = page.index('<tr><td rowspan="3">（四）无法提供')
    return report, (page[:cut] + "</table>\n<p>- 3 -</p>\n<table border='1'>" + page[cut:]).encode()


def one_cell_per_line() -> tuple[Report, bytes]:
    report = _report("2021", 2021, seed=17)
    return report, text_report(report, "\n").encode()


def bar_separated_2019() -> tuple[Report, bytes]:
    report = _report("2019", 2020, seed=19)
    return report, text_report(report, "|").encode()


class CopiedReport(Report):
    """A report whose copy lost a value from some rows: those rows' cells cannot be placed."""

    refused: tuple[tuple[str, str], ...] = ()

    def expected_cells(self) -> dict[tuple[str, str, str], str]:
        return {k: v for k, v in super().expected_cells().items() if (k[0], k[1]) not in self.refused}


def short_rows_text_copy() -> tuple[Report, bytes]:
    """A markdown-style copy (rows framed by pipes) where the blank cell of one row in each
    table vanished: 规章 | 22 | 235 must not put 235 under 本年废止件数 (a real text copy)."""
    report = CopiedReport(f"{AGENCY}2022年政府信息公开工作年度报告", "2021", consistent_figures("2021", seed=23))
    report.figures |= {("active_disclosure", "regulations", "issued"): "22", ("active_disclosure", "regulations", "repealed"): "",
                       ("active_disclosure", "regulations", "in_force"): "235", ("applications", "withheld_process", "research"): "",
                       ("reviews_litigation", "suit_direct", "pending"): ""}  # fmt: skip
    report.refused = (("active_disclosure", "regulations"), ("applications", "withheld_process"),
                      *(("reviews_litigation", p) for p in ("review", "suit_direct", "suit_after_review")))  # fmt: skip
    lines = []
    for line in text_report(report, " | ").splitlines():
        if " | " in line:
            # The lost blank: its two separators collapse into one.
            line = "| " + line.replace(" |  | ", " | ", 1) + " |"
        lines.append(line)
    return report, ("\n".join(lines) + "\n").encode()


FIXTURES: dict[str, Callable[[], tuple[Report, bytes]]] = {
    "short-rows-text-copy.txt": short_rows_text_copy,
    "blank-total-column.html": blank_total_column,
    "header-and-data-colspans-disagree.html": colspans_disagree,
    "span-soup-labels-2019.html": span_soup_2019,
    "gb18030-wrong-charset-label.html": wrong_charset_label,
    "table-split-in-two.html": split_in_two,
    "one-cell-per-line.txt": one_cell_per_line,
    "bar-separated-2019.txt": bar_separated_2019,
}


def golden(report: Report, data: bytes) -> dict[str, Any]:
    cells = []
    for (table, row, column), raw in report.expected_cells().items():
        value, kind = _truth(raw)
        cells.append({"table": table, "row": row, "column": column, "raw": raw, "value": value, "kind": kind})
    year = int(report.title[len(AGENCY) : len(AGENCY) + 4])
    return {"sha256": hashlib.sha256(data).hexdigest(), "title": report.title, "agency": AGENCY, "year": year,
            "template": report.template, "cells": cells}  # fmt: skip


def main() -> None:
    for name, make in FIXTURES.items():
        report, data = make()
        (OUT / name).write_bytes(data)
        text = json.dumps(golden(report, data), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        (OUT / f"{name}.json").write_text(text, encoding="utf-8")
        print(f"wrote {OUT / name}")


if __name__ == "__main__":
    main()
