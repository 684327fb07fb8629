"""Rules across documents, run once every document is loaded: duplicates and carry-over links."""

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
    is one report: every copy but the first points at it, so counts do not double. The agency is
    the canonical one (agency_id, linked before this runs), so a copy whose title prints the name
    otherwise (长宁区 / 上海市长宁区人民政府) is still a copy; the printed name where none matched."""
    # One report's cells at a time, in a fixed order, so the whole archive never sits in memory.
    sql = ("select report_id, table_code || '|' || row_code || '|' || column_code || '|' || raw from cells "
           "order by report_id, table_code, row_code, column_code, raw")  # fmt: skip
    digests = {
        key: hashlib.sha256("\n".join(map(itemgetter(1), rows)).encode()).hexdigest()
        for key, rows in groupby(db.execute(sql), key=itemgetter(0))
    }
    groups: dict[tuple[object, object, str], list[str]] = defaultdict(list)
    # The first copy is the one counted: a current version of a report page before a replaced one.
    order = "order by (r.superseded_by is not null), (d.role != 'report'), r.sha256"
    sql = (f"select r.sha256, r.id, coalesce(r.agency_id, r.agency) as agency, r.year from reports r "
           f"left join documents d on d.sha256 = r.sha256 {order}")  # fmt: skip
    for r in db.query(sql):
        if r["id"] in digests:
            groups[(r["agency"], r["year"], digests[r["id"]])].append(r["sha256"])
    db.execute("update reports set duplicate_of = null")
    pairs = [(shas[0], dup) for shas in groups.values() for dup in shas[1:]]
    db.conn.executemany("update reports set duplicate_of = ? where sha256 = ?", pairs)
    return len(pairs)


Totals = dict[tuple[int, str], dict[str, tuple[object, str]]]


def _carry_totals(db: Database) -> Totals:
    """(report, row) → column → (value, kind) for the two carry rows of every report, read in one
    pass: a lookup per report was planned on the codes index and made the check quadratic."""
    sql = ("select report_id, row_code, column_code, value, kind from cells "
           "where table_code = ? and row_code in ('carried_over', 'carried_forward')")  # fmt: skip
    totals: Totals = defaultdict(dict)
    for key, row, column, value, kind in db.execute(sql, [APPLICATIONS]).fetchall():
        totals[(key, row)][column] = (value, kind)
    return totals


def _links(report: int, before: str, now: dict[str, tuple[object, str]], then: dict[str, tuple[object, str]]) -> list[dict[str, object]]:
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
            "report_id": report, "seq": CARRY_LINK_SEQ + i, "rule": "carry_link", "table_code": APPLICATIONS,
            "scope": col, "status": status, "level": "warning", "left": lv, "right": rv, "delta": delta,
            "blank_as_zero": int(blank), "parser_version": PARSER_VERSION, "compared_with": before,
        })  # fmt: skip
    return rows


def check_carry_links(db: Database) -> int:
    """carry_link (warning): carried_over of year Y equals carried_forward of Y−1, same agency: the
    canonical agency (reports.agency_id), so a name printed differently in two years still pairs."""
    db.execute("delete from checks where rule = 'carry_link'")
    sql = ("select agency_id, year, id, sha256 from reports "
           "where duplicate_of is null and superseded_by is null and agency_id is not null and year is not null "
           "order by sha256")  # fmt: skip
    by_key: dict[tuple[int, int], list[tuple[int, str]]] = defaultdict(list)
    for agency, year, key, sha in db.execute(sql).fetchall():
        by_key[(agency, year)].append((key, sha))
    totals = _carry_totals(db)
    rows: list[dict[str, object]] = []
    for (agency, year), reports in sorted(by_key.items()):
        before = by_key.get((agency, year - 1))
        # Two reports for one agency-year cannot be told apart here: no guess is made.
        if len(reports) != 1 or not before or len(before) != 1:
            continue
        (key, _), (before_key, before_sha) = reports[0], before[0]
        now, then = totals.get((key, "carried_over"), {}), totals.get((before_key, "carried_forward"), {})
        rows += _links(key, before_sha, now, then)
    insert_rows(db.conn, "checks", rows)
    return len(rows)


def drop_covered_failures(db: Database) -> int:
    """A report page whose tables are in an attachment that was read is not a failure."""
    sql = ("delete from failures where error = 'NoTablesFound' and source_url in "
           "(select d.parent_url from documents d join reports r on r.sha256 = d.sha256 where d.parent_url is not null)")  # fmt: skip
    return db.execute(sql).rowcount

