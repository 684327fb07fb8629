"""A small published database for the Datasette tests: five documents, each with a quirk."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
from datasette.app import Datasette

from archive.blobs import BlobStore, sha256_hex
from archive.layout import Layout
from archive.publish import make_datasette
from archive.schema import open_database
from pipeline.derive import derive_across_documents
from pipeline.load import report_id

APPLICANTS = ("natural_person", "commercial", "research", "public_interest", "legal_services", "other_org", "total")
ROWS_2021 = (
    "new_received", "carried_over", "granted", "partly_granted",
    "withheld_state_secret", "withheld_prohibited", "withheld_security", "withheld_third_party",
    "withheld_internal", "withheld_process", "withheld_enforcement", "withheld_query",
    "unavailable_not_held", "unavailable_needs_creation", "unavailable_unclear",
    "rejected_petition", "rejected_duplicate", "rejected_publication", "rejected_excessive", "rejected_confirmation",
    "other_no_correction", "other_unpaid_fee", "other_other", "total_handled", "carried_forward",
)  # fmt: skip
_WITHOUT_OTHER = tuple(r for r in ROWS_2021 if not r.startswith("other_"))
ROWS_2019 = (*_WITHOUT_OTHER[:-2], "other", *_WITHOUT_OTHER[-2:])
OUTCOMES = ("upheld", "corrected", "other", "pending", "total")
DASHES = {"-", "—", "/", "无"}


def cell(table: str, row: str, column: str, raw: str, page: int | None = None) -> dict[str, Any]:
    """A cell as the pipeline stores it: blank and dash have no value, never 0."""
    if raw.strip() == "":
        kind, value = "blank", None
    elif raw in DASHES:
        kind, value = "dash", None
    else:
        try:
            kind, value = "number", (float(raw) if "." in raw else int(raw))
        except ValueError:
            kind, value = "text", None
    return {"table_code": table, "row_code": row, "column_code": column, "raw": raw, "value": value,
            "kind": kind, "row_label": f"label of {row}", "column_label": column, "page": page}  # fmt: skip


def grid(table: str, rows: dict[str, tuple[str, ...]], columns: tuple[str, ...], page: int | None = None) -> list[Any]:
    return [cell(table, row, col, raw, page) for row, raws in rows.items() for col, raw in zip(columns, raws, strict=True)]


def check(rule: str, table: str, scope: str, status: str, left: float | None, right: float | None,
          blank_as_zero: bool = False) -> dict[str, Any]:  # fmt: skip
    delta = None if left is None or right is None else left - right
    return {"rule": rule, "table_code": table, "scope": scope, "status": status, "level": "error",
            "left": left, "right": right, "delta": delta, "blank_as_zero": int(blank_as_zero)}  # fmt: skip


@dataclass
class Report:
    title: str
    agency: str
    year: int | None
    template: str
    format: str
    body: bytes
    content_type: str
    text: str
    pages: int | None = None
    cells: list[dict[str, Any]] = field(default_factory=list)
    checks: list[dict[str, Any]] = field(default_factory=list)
    extras: list[dict[str, Any]] = field(default_factory=list)

    @property
    def sha256(self) -> str:
        return sha256_hex(self.body)


def baoshan_2021() -> Report:
    """shared/seed/baoshan-service-center-2021.txt: 其他 2 makes new_received add up to 4, not 2."""
    zeros = ("0",) * 7
    applications = {row: zeros for row in ROWS_2021}
    applications["new_received"] = ("2", "0", "0", "0", "0", "2", "2")
    applications["granted"] = ("2", "0", "0", "0", "0", "0", "2")
    applications["total_handled"] = ("2", "0", "0", "0", "0", "0", "2")
    active = {"regulations": ("0", "0", "0"), "normative_documents": ("0", "0", "0")}
    return Report(
        title="上海市宝山区行政服务中心2021年政府信息公开工作年度报告",
        agency="上海市宝山区行政服务中心", year=2021, template="2021", format="html",
        body="<html><body><h1>年度报告</h1><script>document.title='pwned'</script></body></html>".encode(),
        content_type="text/html; charset=utf-8",
        text="2021 年，区行政服务中心共受理政府信息公开申请 2 件。四、政府信息公开行政复议、行政诉讼情况",
        cells=grid("active_disclosure", active, ("issued", "repealed", "in_force"))
        + grid("active_disclosure", {"licensing": ("0",), "penalty": ("0",), "coercion": ("0",)}, ("decisions",))
        + grid("active_disclosure", {"fees": ("0",)}, ("amount_10k_yuan",))
        + grid("applications", applications, APPLICANTS)
        + grid("reviews_litigation", {p: ("0",) * 5 for p in ("review", "suit_direct", "suit_after_review")}, OUTCOMES),
        checks=[
            check("row_total", "applications", "new_received", "fail", 2, 4),
            check("balance", "applications", "other_org", "fail", 2, 0),
            check("balance", "applications", "natural_person", "pass", 2, 2),
            check("review_total", "reviews_litigation", "review", "pass", 0, 0),
        ],
    )  # fmt: skip


def jingan_2020_with_blanks() -> Report:
    """A 2019-template report that leaves cells blank and prints a dash: blank is never 0."""
    applications = {row: ("0",) * 7 for row in ROWS_2019}
    applications["new_received"] = ("10", "0", "0", "0", "0", "0", "10")
    applications["carried_over"] = ("",) * 7
    applications["granted"] = ("5", "", "", "", "", "", "5")
    applications["partly_granted"] = ("",) * 7
    applications["withheld_state_secret"] = ("—", "0", "0", "0", "0", "0", "1")
    applications["withheld_prohibited"] = ("",) * 7
    applications["rejected_duplicate"] = ("2", "0", "0", "0", "0", "0", "2")
    applications["total_handled"] = ("8", "0", "0", "0", "0", "0", "8")
    applications["carried_forward"] = ("2", "0", "0", "0", "0", "0", "2")
    active = {"licensing": ("12", "-2", "见附件")}
    return Report(
        title="上海市静安区民政局2020年政府信息公开工作年度报告", agency="上海市静安区民政局", year=2020,
        template="2019", format="html", body="<html><body>静安 2020</body></html>".encode(),
        content_type="text/html", text="本年度行政复议 0 件。",
        cells=grid("active_disclosure", active, ("items_last_year", "items_change", "decisions"))
        + grid("active_disclosure", {"procurement": ("3", "251000元")}, ("projects", "amount"))
        + grid("applications", applications, APPLICANTS),
        checks=[
            check("balance", "applications", "total", "pass", 10, 10, blank_as_zero=True),
            check("results_sum", "applications", "total", "not_assessable", None, None),
        ],
        extras=[{"table_code": "applications", "label": "（八）转办", "raw_values": json.dumps(["1", "", "1"])}],
    )  # fmt: skip


def baoshan_2022_pdf() -> Report:
    """A PDF: table 三 printed on page 3, table 四 on page 4."""
    applications = {row: ("0",) * 7 for row in ROWS_2021}
    applications["new_received"] = ("4", "1", "0", "0", "0", "0", "5")
    applications["granted"] = ("3", "1", "0", "0", "0", "0", "4")
    applications["unavailable_not_held"] = ("1", "0", "0", "0", "0", "0", "1")
    applications["total_handled"] = ("4", "1", "0", "0", "0", "0", "5")
    return Report(
        title="上海市宝山区行政服务中心2022年政府信息公开工作年度报告", agency="上海市宝山区行政服务中心",
        year=2022, template="2021", format="pdf", pages=5, body=b"%PDF-1.4 sample 2022\n%%EOF\n",
        content_type="application/pdf", text="行政复议 1 件",
        cells=grid("applications", applications, APPLICANTS, page=3)
        + grid("reviews_litigation", {"review": ("1", "0", "0", "0", "1")}, OUTCOMES, page=4),
        checks=[check("review_total", "reviews_litigation", "review", "pass", 1, 1)],
    )  # fmt: skip


def legacy_2018() -> Report:
    return Report(
        title="某县人民政府2018年政府信息公开工作年度报告", agency="某县人民政府", year=2018, template="legacy",
        format="html", body="<html><body>2018 年度报告</body></html>".encode(), content_type="text/html",
        text="2018年共收到申请10件。",
    )  # fmt: skip


FAILED_BODY = b"\x00\x01 not a report"


@dataclass(frozen=True)
class Sample:
    layout: Layout
    seed: Report
    blanks: Report
    pdf: Report
    legacy: Report
    failed_sha256: str


def _status(report: Report) -> str:
    statuses = {c["status"] for c in report.checks}
    return next((s for s in ("fail", "not_assessable", "pass") if s in statuses), "no_checks")


def _load(db: Any, report: Report, portal: str) -> None:
    sha = report.sha256
    url = f"https://www.example.gov.cn/{portal}/{sha[:8]}"
    db["documents"].insert({"sha256": sha, "url": url, "portal": portal, "role": "report", "title": report.title,
                            "content_type": report.content_type, "size": len(report.body),
                            "first_seen_at": "2026-01-15T08:00:00Z"})  # fmt: skip
    db["reports"].insert({
        "sha256": sha, "id": report_id(sha), "source_url": url, "portal": portal, "title": report.title, "agency": report.agency,
        "year": report.year, "template": report.template, "format": report.format, "pages": report.pages,
        "check_status": _status(report),
        "checks_failed": sum(c["status"] == "fail" for c in report.checks),
        "n_cells": len(report.cells), "sections": "[]", "warnings": "[]", "parser_version": "test",
    })  # fmt: skip
    db["report_texts"].insert({"sha256": sha, "title": report.title, "agency": report.agency, "text": report.text})
    key = report_id(sha)
    db["cells"].insert_all({"report_id": key, "seq": i, **c} for i, c in enumerate(report.cells))
    db["checks"].insert_all({"report_id": key, "seq": i, **c} for i, c in enumerate(report.checks))
    db["extras"].insert_all({"report_id": key, "seq": i, **e} for i, e in enumerate(report.extras))


def populate(root: Path) -> Sample:
    layout = Layout(root)
    db = open_database(layout.db_path)
    blobs = BlobStore(layout.blobs_dir)
    reports = baoshan_2021(), jingan_2020_with_blanks(), baoshan_2022_pdf(), legacy_2018()
    for report, portal in zip(reports, ("sh_baoshan", "sh_jingan", "sh_baoshan", "example_county"), strict=True):
        blobs.put(report.body)
        _load(db, report, portal)
    failed = blobs.put(FAILED_BODY)
    url = "https://www.example.gov.cn/x.doc"
    db["documents"].insert({"sha256": failed, "url": url, "portal": "sh_jingan", "role": "attachment",
                            "content_type": "application/msword", "size": len(FAILED_BODY)})  # fmt: skip
    db["failures"].insert({"sha256": failed, "source_url": url, "portal": "sh_jingan", "error": "UnreadableDocument",
                           "message": "not a DOC file", "parser_version": "test"})  # fmt: skip
    db["runs"].insert_all([
        {"id": 6, "command": "build", "started_at": "2026-01-20T09:00:00Z", "finished_at": "2026-01-20T09:01:00Z",
         "parser_version": "test", "documents": 5, "reports": 4, "failures": 1, "cells": 0},
        {"id": 7, "command": "build", "started_at": "2026-02-01T09:59:00Z", "finished_at": "2026-02-01T10:00:00Z",
         "parser_version": "test", "documents": 5, "reports": 4, "failures": 1, "cells": 0},
    ])  # fmt: skip
    db["reports"].update(reports[0].sha256, {"published_on": "2022-01-20"})
    db["reports"].update(reports[2].sha256, {"published_on": "2023-03-02"})
    derive_across_documents(db)
    db.close()
    return Sample(layout, *reports, failed_sha256=failed)


@pytest.fixture(scope="session")
def _sample_template(tmp_path_factory: pytest.TempPathFactory) -> Sample:
    return populate(tmp_path_factory.mktemp("datasette-sample") / "data")


@pytest.fixture
def sample(_sample_template: Sample, tmp_path: Path) -> Sample:
    """A private copy per test: some tests change the database."""
    root = shutil.copytree(_sample_template.layout.root, tmp_path / "data")
    return replace(_sample_template, layout=Layout(root))


@pytest.fixture
def ds(sample: Sample) -> Datasette:
    return make_datasette(sample.layout)


def test_sample_keeps_blanks_as_null(sample: Sample) -> None:
    db = open_database(sample.layout.db_path)
    rows = list(db.query("select kind, value from cells where report_id = ? and row_code = 'carried_over'",
                         [report_id(sample.blanks.sha256)]))  # fmt: skip
    assert rows and all(r["kind"] == "blank" and r["value"] is None for r in rows)
