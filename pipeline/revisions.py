"""Revisions: both readings of a cell, kept when a portal replaced a report or a new parser read it again."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from pipeline.attached import attach
from pipeline.load import copy_rows, report_id

logger = logging.getLogger(__name__)

PORTAL_REPLACED, PARSER_CHANGED = "portal_replaced", "parser_changed"


def report_cells(schema: str, param: str = "?") -> str:
    """The one place revisions read cells: a report's cells by its report_id (the parameter
    `param`), `seq` ordering a position's repeats."""
    return (f"select seq, table_code, row_code, column_code, row_label, column_label, raw, value, kind "
            f"from [{schema}].cells where report_id = {param}")  # fmt: skip


def _diff_sql(old_schema: str, new_schema: str) -> str:
    """Insert one revision per position whose raw, value or kind differ; a position read on one
    side only is added or removed (that side NULL: kind is never NULL for a cell that exists).
    Repeats of a position pair up in order. Grouped, not joined: SQLite cannot index a full outer
    join of two subqueries and scans one for each row of the other (quadratic in a report's cells)."""
    side = ("select {side} as side, seq, table_code, row_code, column_code, row_label, column_label, raw, value, "
            "kind, row_number() over (partition by table_code, row_code, column_code order by seq) as n "
            "from ({cells})")  # fmt: skip
    both = " union all ".join(side.format(side=i, cells=report_cells(s)) for i, s in enumerate((old_schema, new_schema)))
    pick = ", ".join(f"max(case when side = {i} then {c} end) as {p}_{c}" for i, p in enumerate(("old", "new"))
                     for c in ("raw", "value", "kind"))  # fmt: skip
    return (
        f"with both_ as ({both}) "
        "insert into main.revisions (report_sha256, table_code, row_code, column_code, row_label, column_label, "
        "old_raw, old_value, old_kind, new_raw, new_value, new_kind, reason, old_sha256, old_parser_version, "
        "new_parser_version, noticed_at) "
        "select ?, table_code, row_code, column_code, row_label, column_label, old_raw, old_value, old_kind, "
        "new_raw, new_value, new_kind, ?, ?, ?, ?, ? from ("
        f"select table_code, row_code, column_code, {pick}, min(seq) as seq, "
        "coalesce(max(case when side = 1 then row_label end), max(row_label)) as row_label, "
        "coalesce(max(case when side = 1 then column_label end), max(column_label)) as column_label "
        "from both_ group by table_code, row_code, column_code, n) "
        "where old_raw is not new_raw or old_value is not new_value or old_kind is not new_kind order by seq"
    )


def _same_sql(old_schema: str, new_schema: str) -> str:
    """Whether both readings hold the same cells in the same order, as most reports a new parser reads
    again do: a check four times cheaper than the diff."""
    cells = "select seq, table_code, row_code, column_code, raw, value, kind from ({})"
    old, new = (cells.format(report_cells(schema, "?1")) for schema in (old_schema, new_schema))
    return f"select not exists ({old} except {new}) and not exists ({new} except {old})"


# Each report's replaced version: the newest earlier version of its URL that was read as a report,
# across versions that were not (a version that failed replaces nothing and is stepped over). A
# version of another year is another report at a reused URL (some portals keep one address for
# "the annual report"): it replaces nothing and both stay counted.
_REPLACED = """
with recursive back(new, old) as (
    select d.sha256, d.previous_sha256 from documents d join reports r on r.sha256 = d.sha256
    where d.previous_sha256 is not null
    union
    select b.new, d.previous_sha256 from back b join documents d on d.sha256 = b.old
    where d.previous_sha256 is not null and b.old not in (select sha256 from reports)
)
select b.new, b.old, d.first_seen_at, r.parser_version from back b
join reports o on o.sha256 = b.old join reports r on r.sha256 = b.new join documents d on d.sha256 = b.new
where o.year is r.year order by b.new"""


def record_replacements(conn: sqlite3.Connection) -> int:
    """Mark each replaced report superseded_by its newer version and keep the cells that changed,
    noticed when the newer version was first seen. Recomputed whole by every build."""
    conn.execute("delete from revisions where reason = ?", [PORTAL_REPLACED])
    conn.execute("update reports set superseded_by = null")
    pairs = conn.execute(_REPLACED).fetchall()
    conn.executemany("update reports set superseded_by = ? where sha256 = ?", [(new, old) for new, old, _, _ in pairs])
    sql = _diff_sql("main", "main")
    for new, old, seen_at, version in pairs:
        conn.execute(sql, [report_id(old), report_id(new), new, PORTAL_REPLACED, old, None, version, seen_at])
    return len(pairs)


def carry_parser_changes(conn: sqlite3.Connection, previous: str) -> int:
    """The previous database's parser revisions (attached as `previous`) of the reports still here:
    history accumulates over builds. A previous database without revisions has none to give."""
    where = "where reason = ? and report_sha256 in (select sha256 from main.reports) order by rowid"
    return copy_rows(conn, previous, "revisions", where, [PARSER_CHANGED])


def record_parser_changes(conn: sqlite3.Connection, previous: str, built_at: str) -> int:
    """Diff the cells of every report the previous database (attached as `previous`) held from
    another parser version against this build's, one report at a time so memory stays bounded."""
    changed = conn.execute(
        f"select r.sha256, p.parser_version, r.parser_version from main.reports r "
        f"join [{previous}].reports p on p.sha256 = r.sha256 where p.parser_version is not r.parser_version "
        "order by r.sha256"
    ).fetchall()
    same, diff = _same_sql(previous, "main"), _diff_sql(previous, "main")
    for sha, old_version, new_version in changed:
        key = report_id(sha)
        if not conn.execute(same, [key]).fetchone()[0]:
            conn.execute(diff, [key, key, sha, PARSER_CHANGED, None, old_version, new_version, built_at])
    return len(changed)


def record_revisions(conn: sqlite3.Connection, live: Path, built_at: str) -> None:
    """Replaced reports, then cells a new parser read differently from the live database's
    (re-attached now the batch is written). A live database that cannot be compared gives none."""
    with conn:
        record_replacements(conn)
    if not live.exists():
        return
    try:
        attach(conn, live, "previous")
    except sqlite3.DatabaseError as exc:
        logger.warning("no parser revisions from %s (%s)", live, exc)
        return
    try:
        # History first, in a transaction of its own: a previous database too different to diff keeps it.
        with conn:
            carry_parser_changes(conn, "previous")
        with conn:
            record_parser_changes(conn, "previous", built_at)
    except sqlite3.DatabaseError as exc:
        logger.warning("no parser revisions from %s (%s)", live, exc)
    finally:
        conn.execute("detach previous")
