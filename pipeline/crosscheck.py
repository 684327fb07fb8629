"""Rules across documents, run after every document is loaded: duplicates and carry-over links."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from itertools import groupby
from operator import itemgetter

from sqlite_utils import Database

from pipeline import PARSER_VERSION
from pipeline.labels import APPLICANT_COLUMNS, APPLICATIONS
from pipeline.load import insert_rows

CARRY_LINK_SEQ = 10_000  # after a report's own checks, so their seq numbers never collide


def mark_duplicates(db: Database) -> int:
    """The same agency, year and printed cells (a re-hosted copy, an attached PDF of the page)
    is one report: every copy but the first points at it, so counts do not double."""
    # One report's cells at a time, in a fixed order, so the whole archive never sits in memory.
    sql = ("select report_sha256, table_code || '|' || row_code || '|' || column_code || '|' || raw from cells "
           "order by report_sha256, table_code, row_code, column_code, raw")  # fmt: skip
    digests = {
        sha: hashlib.sha256("\n".join(map(itemgetter(1), rows)).encode()).hexdigest()
        for sha, rows in groupby(db.execute(sql), key=itemgetter(0))
    }
    groups: dict[tuple[object, object, str], list[str]] = defaultdict(list)
    # The first copy is the one counted: a current version of a report page before a replaced one.
    order = "order by (r.superseded_by is not null), (d.role != 'report'), r.sha256"
    for r in db.query(f"select r.sha256, r.agency, r.year from reports r left join documents d on d.sha256 = r.sha256 {order}"):
        if r["sha256"] in digests:
            groups[(r["agency"], r["year"], digests[r["sha256"]])].append(r["sha256"])
    db.execute("update reports set duplicate_of = null")
    pairs = [(shas[0], dup) for shas in groups.values() for dup in shas[1:]]
    db.conn.executemany("update reports set duplicate_of = ? where sha256 = ?", pairs)
    return len(pairs)


Totals = dict[tuple[str, str], dict[str, tuple[object, str]]]


def _carry_totals(db: Database) -> Totals:
    """(report, row) → column → (value, kind) for the two carry rows of every report, read in one
    pass: a lookup per report was planned on the codes index and made the check quadratic."""
    sql = ("select report_sha256, row_code, column_code, value, kind from cells "
           "where table_code = ? and row_code in ('carried_over', 'carried_forward')")  # fmt: skip
    totals: Totals = defaultdict(dict)
    for sha, row, column, value, kind in db.execute(sql, [APPLICATIONS]).fetchall():
        totals[(sha, row)][column] = (value, kind)
    return totals


def _links(report: str, before: str, now: dict[str, tuple[object, str]], then: dict[str, tuple[object, str]]) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for i, col in enumerate(APPLICANT_COLUMNS):
        if col not in now or col not in then:
            continue
        (left, lkind), (right, rkind) = now[col], then[col]
        blank = lkind in ("blank", "dash") or rkind in ("blank", "dash")
        if "text" in (lkind, rkind):
            status, lv, rv, delta = "not_assessable", None, None, None
        else:
            lv, rv = left or 0, right or 0
            delta = lv - rv  # type: ignore[operator]
            status = "pass" if delta == 0 else "fail"
        rows.append({
            "report_sha256": report, "seq": CARRY_LINK_SEQ + i, "rule": "carry_link", "table_code": APPLICATIONS,
            "scope": col, "status": status, "level": "warning", "left": lv, "right": rv, "delta": delta,
            "blank_as_zero": int(blank), "parser_version": PARSER_VERSION, "compared_with": before,
        })  # fmt: skip
    return rows


def check_carry_links(db: Database) -> int:
    """carry_link (warning): carried_over of year Y equals carried_forward of Y−1, same agency."""
    db.execute("delete from checks where rule = 'carry_link'")
    sql = ("select agency, year, group_concat(sha256) as shas from reports where duplicate_of is null "
           "and superseded_by is null and agency is not null and year is not null group by agency, year")  # fmt: skip
    by_key = {(r["agency"], r["year"]): r["shas"].split(",") for r in db.query(sql)}
    totals = _carry_totals(db)
    rows: list[dict[str, object]] = []
    for (agency, year), shas in sorted(by_key.items()):
        before = by_key.get((agency, year - 1))
        # Two reports for one agency-year cannot be told apart here: no guess is made.
        if len(shas) != 1 or not before or len(before) != 1:
            continue
        now, then = totals.get((shas[0], "carried_over"), {}), totals.get((before[0], "carried_forward"), {})
        rows += _links(shas[0], before[0], now, then)
    insert_rows(db.conn, "checks", rows)
    return len(rows)


def drop_covered_failures(db: Database) -> int:
    """A report page whose tables are in an attachment that was read is not a failure."""
    sql = ("delete from failures where error = 'NoTablesFound' and source_url in "
           "(select d.parent_url from documents d join reports r on r.sha256 = d.sha256 where d.parent_url is not null)")  # fmt: skip
    return db.execute(sql).rowcount


def link_reports(db: Database) -> None:
    with db.atomic():
        mark_duplicates(db)
        check_carry_links(db)
        drop_covered_failures(db)
