"""The tables researchers start from, derived after every build: agencies, report_figures, cell_kinds,
codes, columns."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlite_utils import Database

from archive.descriptions import column_descriptions
from archive.divisions import Division, load_divisions
from pipeline.agencies import Agency, government, match_agency
from pipeline.codes import all_codes
from pipeline.timeliness import days_late, deadline_on


class AgencyIdCollision(ValueError):
    """Two canonical agency names hash to the same id."""


def agency_id(name: str) -> int:
    """Stable across rebuilds (a new agency never renumbers the others): 48 bits of the name's SHA-256."""
    return int(hashlib.sha256(name.encode()).hexdigest()[:12], 16)


def _with_parents(agencies: dict[str, Agency], divisions: tuple[Division, ...]) -> dict[str, Agency]:
    governments = {g.name: g for g in (government(d, divisions) for d in divisions)}
    out, todo = dict(agencies), [a.parent for a in agencies.values()]
    while todo:
        name = todo.pop()
        if name is None or name in out:
            continue
        parent = governments.get(name) or match_agency(name, divisions)
        out[name] = parent
        todo.append(parent.parent)
    return out


def match_reports(db: Database, divisions: tuple[Division, ...]) -> tuple[dict[str, Agency], dict[tuple[str, str], Agency]]:
    """(every agency by canonical name, parents included; each (printed name, portal) → its match)."""
    portal_codes = {r["slug"]: r["division_code"] for r in db.query("select slug, division_code from portals")}
    sql = "select distinct agency, coalesce(portal, '') as portal from reports where trim(coalesce(agency, '')) != ''"
    matched = {
        (r["agency"], r["portal"]): match_agency(r["agency"], divisions, portal_codes.get(r["portal"]))
        for r in db.query(sql)
    }
    return _with_parents({a.name: a for a in matched.values()}, divisions), matched


def _save_agencies(db: Database, agencies: dict[str, Agency], names: list[dict[str, Any]]) -> dict[str, int]:
    ids = {name: agency_id(name) for name in agencies}
    if len(set(ids.values())) != len(ids):
        raise AgencyIdCollision(sorted(ids))
    db.execute("delete from agency_names")
    db.execute("delete from agencies")
    db.table("agencies").insert_all(
        {"id": ids[a.name], "name": a.name, "level": a.level, "parent_id": ids.get(a.parent or ""),
         "division_code": a.division_code}
        for a in sorted(agencies.values(), key=lambda a: (a.parent is not None, a.name))
    )  # fmt: skip
    db.table("agency_names").insert_all(names, pk=("name", "agency_id"), replace=True)
    return ids


def link_agencies(db: Database) -> None:
    """Fill agencies and agency_names; give each report its agency, deadline and days late."""
    divisions = load_divisions()
    agencies, matched = match_reports(db, divisions)
    names = [{"name": printed, "agency_id": agency_id(a.name), "rule": a.rule} for (printed, _), a in sorted(matched.items())]
    ids = _save_agencies(db, agencies, names)
    updates = []
    for r in db.query("select sha256, agency, coalesce(portal, '') as portal, year, published_on from reports"):
        agency = matched.get((r["agency"], r["portal"]))
        deadline = deadline_on(r["year"], agency.level) if agency else None
        updates.append((ids[agency.name] if agency else None, deadline, days_late(r["published_on"], deadline), r["sha256"]))
    db.conn.executemany("update reports set agency_id = ?, deadline_on = ?, days_late = ? where sha256 = ?", updates)


def _cell(table: str, row: str, column: str, extra: str = "") -> str:
    return f"(c.table_code = '{table}' and c.row_code = '{row}' and c.column_code = '{column}'{extra})"


def _total(row: str) -> str:
    return f"max(case when {_cell('applications', row, 'total')} then c.value end)"


def _sum_total(glob: str) -> str:
    return f"sum(case when c.table_code = 'applications' and c.column_code = 'total' and c.row_code glob '{glob}' then c.value end)"


def _suits(column: str) -> str:
    rows = " or ".join(_cell("reviews_litigation", p, column) for p in ("suit_direct", "suit_after_review"))
    return f"sum(case when {rows} then c.value end)"


# A sum is NULL when none of its cells printed a number: SQLite's sum() of NULLs is NULL, never 0.
FIGURES = {
    "new_received": _total("new_received"),
    "carried_over": _total("carried_over"),
    "granted": _total("granted"),
    "partly_granted": _total("partly_granted"),
    "withheld": _sum_total("withheld_*"),
    "unavailable": _sum_total("unavailable_*"),
    "rejected": _sum_total("rejected_*"),
    # 2021 prints three other_* rows, 2019 one row `other`; the sub-rows win if a report has both.
    "other_handling": f"coalesce({_sum_total('other_*')}, {_total('other')})",
    "total_handled": _total("total_handled"),
    "carried_forward": _total("carried_forward"),
    "reviews": f"max(case when {_cell('reviews_litigation', 'review', 'total')} then c.value end)",
    "reviews_corrected": f"max(case when {_cell('reviews_litigation', 'review', 'corrected')} then c.value end)",
    "lawsuits": _suits("total"),
    "lawsuits_corrected": _suits("corrected"),
    # A fee printed with another unit ("186000元") is not in 万元 and is never rescaled: NULL here.
    "fees_10k_yuan": "max(case when {} then c.value end)".format(
        _cell("active_disclosure", "fees", "amount_10k_yuan", " and coalesce(c.unit, '万元') in ('万元', '')")
    ),
}
# Not a printed figure: how many cells of the 总计 column of table 三 printed none, so gaps show.
_GAPS = {
    "totals_without_number": "count(case when c.table_code = 'applications' and c.column_code = 'total' then c.row_code end)"
    " - count(case when c.table_code = 'applications' and c.column_code = 'total' then c.value end)",
}
_REPORT_COLUMNS = {
    "sha256": "r.sha256", "title": "r.title", "agency_id": "r.agency_id", "agency": "a.name",
    "printed_agency": "r.agency", "division_code": "a.division_code", "level": "a.level", "year": "r.year",
    "template": "r.template", "check_status": "r.check_status", "published_on": "r.published_on",
    "deadline_on": "r.deadline_on", "days_late": "r.days_late", "portal": "r.portal", "source_url": "r.source_url",
}  # fmt: skip


def build_report_figures(db: Database) -> None:
    columns = {**_REPORT_COLUMNS, **FIGURES, **_GAPS}
    db.execute("delete from report_figures")
    db.execute(
        f"insert into report_figures ({', '.join(columns)}) select {', '.join(columns.values())} "
        "from reports as r left join agencies as a on a.id = r.agency_id "
        "left join cells as c on c.report_id = r.id and c.column_code in ('total', 'corrected', 'amount_10k_yuan') "
        "where r.duplicate_of is null and r.superseded_by is null group by r.sha256"
    )


def count_cell_kinds(db: Database) -> None:
    """cell_kinds: every cell counted by table, template and kind, once per build, so the page
    that shows it need not read a million cells (it took longer than the site's SQL time limit).
    Each report's cells are counted first, in the order of the cells' key, so the reports are
    counted without a count(distinct) over every cell (5.3 s at a million cells, now 1.1 s)."""
    db.execute("delete from cell_kinds")
    db.execute(
        "insert into cell_kinds (table_code, template, kind, cells, reports) "
        "select c.table_code, r.template, c.kind, sum(c.n), count(*) from "
        "(select report_id, table_code, kind, count(*) as n from cells group by report_id, table_code, kind) as c "
        "join reports as r on r.id = c.report_id group by c.table_code, r.template, c.kind"
    )


def write_dictionary(db: Database) -> None:
    """codes and columns: the downloaded database explains its own codes and columns."""
    db.execute("delete from codes")
    db.table("codes").insert_all({**vars(c), "english": c.english} for c in all_codes())
    db.execute("delete from columns")
    db.table("columns").insert_all(
        {"table_name": t, "column_name": c, "description": d} for t, c, d in column_descriptions()
    )

