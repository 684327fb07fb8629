"""prose_vs_table (warning): request counts quoted in 一、总体情况 against table 三's totals."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.labels import APPLICATIONS, norm
from pipeline.model import Cell, Check
from pipeline.sections import find_sections

# "共受理政府信息公开申请2件", "收到政府信息公开申请共计15件", "新收…申请 3 件": a verb, at most
# 20 characters that are not a number, then the count. Phrases such as "办结" or "答复" are not
# used: reports count those in several incompatible ways.
_RECEIVED = re.compile(r"(?:受理|收到|新收|接收)(?:[^\d。；;]{0,20}?)申请(?:[^\d。；;]{0,6}?)(\d+)件")


def _overview(text: str) -> str:
    """The 总体情况 section: from its heading to the next section's, whatever their numbers."""
    lines = text.splitlines()
    sections = find_sections(lines)
    for n, (code, start) in enumerate(sections):
        if code == "overview" and n + 1 < len(sections):
            return norm("".join(lines[start : sections[n + 1][1]]))
    return ""


def check_prose(text: str, cells: Sequence[Cell]) -> tuple[Check, ...]:
    """One check per quoted count: it must equal the new requests, or new plus carried-over
    (reports say 受理 for either). Never an error: prose is not the table."""
    totals = {c.row: c.value for c in cells if c.table == APPLICATIONS and c.column == "total"}
    new, carried = totals.get("new_received"), totals.get("carried_over")
    checks = []
    for match in _RECEIVED.finditer(_overview(text)):
        quoted = int(match.group(1))
        if new is None:
            checks.append(Check("prose_vs_table", APPLICATIONS, "new_received", "not_assessable", quoted, None, None, False, "warning"))
            continue
        candidates = [new] + ([new + carried] if carried else [])
        right = next((c for c in candidates if c == quoted), new)
        status = "pass" if right == quoted else "fail"
        checks.append(Check("prose_vs_table", APPLICATIONS, "new_received", status, quoted, right, quoted - right, False, "warning"))
    return tuple(checks)
