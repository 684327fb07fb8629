"""Revisions: both readings of a cell, kept when a portal replaced a report or a new parser read it again."""

from __future__ import annotations

import sqlite3

from pipeline.load import copy_rows

PORTAL_REPLACED, PARSER_CHANGED = "portal_replaced", "parser_changed"


def report_cells(schema: str) -> str:
    """The one place revisions read cells: a report's cells by its sha256, `seq` ordering a position's repeats."""
    return (f"select report_sha256 as sha256, seq, table_code, row_code, column_code, row_label, column_label, "
            f"raw, value, kind from [{schema}].cells")  # fmt: skip


def _diff_sql(old_schema: str, new_schema: str) -> str:
    """Insert one revision per position whose raw, value or kind differ; a position printed on one
    side only is added or removed (the other side NULL). Repeats of a position pair up in order."""
    numbered = ("select *, row_number() over (partition by table_code, row_code, column_code order by seq) as n "
                "from ({}) where sha256 = ?")  # fmt: skip
    same = " and ".join(f"was.{c} is now.{c}" for c in ("table_code", "row_code", "column_code", "n"))
    labels = ", ".join(f"coalesce(now.{c}, was.{c})" for c in ("table_code", "row_code", "column_code", "row_label", "column_label"))
    return (
        f"with was as ({numbered.format(report_cells(old_schema))}), now as ({numbered.format(report_cells(new_schema))}) "
        "insert into main.revisions (report_sha256, table_code, row_code, column_code, row_label, column_label, "
        "old_raw, old_value, old_kind, new_raw, new_value, new_kind, reason, old_sha256, old_parser_version, "
        "new_parser_version, noticed_at) "
        f"select ?, {labels}, was.raw, was.value, was.kind, now.raw, now.value, now.kind, ?, ?, ?, ?, ? "
        f"from was full outer join now on {same} "
        "where was.raw is not now.raw or was.value is not now.value or was.kind is not now.kind "
        "order by coalesce(now.seq, was.seq)"
    )


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
        conn.execute(sql, [old, new, new, PORTAL_REPLACED, old, None, version, seen_at])
    return len(pairs)


def record_parser_changes(conn: sqlite3.Connection, previous: str, built_at: str) -> int:
    """Diff the cells of every report the previous database (attached as `previous`) held from
    another parser version against this build's, one report at a time so memory stays bounded;
    carry the previous database's own parser revisions forward for the reports still here."""
    changed = conn.execute(
        f"select r.sha256, p.parser_version, r.parser_version from main.reports r "
        f"join [{previous}].reports p on p.sha256 = r.sha256 where p.parser_version is not r.parser_version "
        "order by r.sha256"
    ).fetchall()
    where = "where reason = ? and report_sha256 in (select sha256 from main.reports) order by rowid"
    copy_rows(conn, previous, "revisions", where, [PARSER_CHANGED])
    sql = _diff_sql(previous, "main")
    for sha, old_version, new_version in changed:
        conn.execute(sql, [sha, sha, sha, PARSER_CHANGED, None, old_version, new_version, built_at])
    return len(changed)

