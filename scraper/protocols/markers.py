"""Which platform family or wire protocol a fetched page looks like, and the markers that say so.

The markers are those of portal-protocols.md (§0, §3): what a researcher would grep for. The first
rule that matches wins, so a challenge is named before anything its script might resemble, and a
known family before the generic "script shell" verdict.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from scraper.blocking import challenge_reason

# (family, protocol, [(marker regex, what it means)]): a family matches when any marker does.
FAMILIES: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    ("easttone", "json_api", (
        (r"new\s+CMS\s*\(", "`new CMS(` config object (easttone 政务云 CMS)"),
        (r"/front/api/data/(?:search|affair)", "list API `front/api/data/(search|affair)`"),
    )),
    ("epoint", "static", (
        (r"webBuilderCommon", "`webBuilderCommon` script (Epoint WebBuilder)"),
        (r"getgovinfolist", "list REST action `getgovinfolist` (Epoint)"),
        (r"linkToNew\(", "rows opened by `linkToNew(` (Epoint govxxgk)"),
    )),
    ("hanweb", "xml_api", (
        (r"dataproxy\.jsp", "list proxy `dataproxy.jsp` (Hanweb JCMS)"),
        (r"<recordset>|<datastore>", "embedded `<datastore>`/`<recordset>` XML (Hanweb JCMS)"),
    )),
    ("trs", "static", (
        (r"createPageHTML\s*\(", "pager `createPageHTML(` (TRS WCM)"),
    )),
    ("gkmlpt", "json_api", (
        (r"window\._CONFIG\s*=", "`window._CONFIG` (Guangdong gkmlpt)"),
        (r"/gkmlpt/", "`/gkmlpt/` paths (Guangdong gkmlpt)"),
    )),
)  # fmt: skip
SHELL_MARKERS = ((r"\bv-for\s*=", "Vue template `v-for=`"), (r"\{\{[^}]+\}\}", "`{{ … }}` template placeholders"),
                 (r"\bv-if\s*=|:href\s*=", "Vue bindings (`v-if=`, `:href=`)"))  # fmt: skip
RUISHU = re.compile(r"FSSBBIl1UgzbN7N[OP]|\$_ts\s*=", re.I)


@dataclass(frozen=True)
class Verdict:
    family: str
    protocol: str
    reasons: tuple[str, ...]


def classify(status: int, headers: Mapping[bytes, Sequence[bytes]], body: bytes, rows: int) -> Verdict:
    """`rows`: report rows the generic list reading found in the page as served."""
    if reason := challenge_reason(status, dict(headers), body):
        text = body.decode("utf-8", "replace") + " ".join(v.decode("latin-1") for vs in headers.values() for v in vs)
        extra = ("Ruishu (瑞数) cookie or `$_ts` script",) if RUISHU.search(text) else ()
        return Verdict("challenge", "challenge", (reason, *extra, "recorded blocked; never solved or rendered"))
    text = body.decode("utf-8", "replace")
    for family, protocol, markers in FAMILIES:
        found = tuple(meaning for pattern, meaning in markers if re.search(pattern, text))
        if found:
            return Verdict(family, protocol, found)
    shell = tuple(meaning for pattern, meaning in SHELL_MARKERS if re.search(pattern, text))
    if shell and rows == 0:
        return Verdict("script_shell", "rendered", (*shell, "no report rows in the HTML as served: needs rendering"))
    reason = f"{rows} report rows in the HTML as served" if rows else "no family markers and no report rows"
    return Verdict("generic", "static", (reason,))
