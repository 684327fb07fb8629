"""The reporting agency from the whole document: title, body statements and signature."""

from __future__ import annotations

import re
import unicodedata

# Names end in the word for a body of government; a name without one (平潭综合实验区, 洪泽区) is
# a place, which a fuller form from the body may complete.
AGENCY_SUFFIX = re.compile(
    r"(人民政府|政府|办公室|办公厅|管委会|管理委员会|委员会|办事处|局|厅|委|办|中心|院|署|站|所|队|处|馆|公司|集团|会|社|部)$"
)
_CLAUSE = r"[^\s，。；;：:“”\"'（）()、|]"
_LABELLED = re.compile(rf"(?:发布机关|发布机构|发文机关|发布单位)[:：]\s*({_CLAUSE}{{2,40}})")
_SELF_NAMED = (
    # "…交通与建设局（以下简称本单位）", "…人民政府（下称“本机关”）"
    re.compile(rf"({_CLAUSE}{{2,40}})[（(](?:以下简称|下称|简称)[“\"]?(?:本机关|本单位)[”\"]?[）)]"),
    # "本机关（淮安市洪泽区人民政府）"
    re.compile(r"(?:本机关|本单位)[（(]([^（）()]{2,40})[）)]"),
)
# Words that lead into a statement, not into the name ("现将…局（以下简称本单位）…报告如下").
_LEAD_IN = re.compile(r"^(?:现将|特将|兹将|根据|按照|本报告由|由|经|我们|现)")
DATE_LINE = re.compile(r"^(?:\d{4}年\d{1,2}月\d{1,2}日|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|[〇○零一二三四五六七八九十]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日)$")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).strip("#*>")


def body_agencies(text: str) -> list[tuple[str, str]]:
    """(source, name) from the 发布机关 line and the 本机关 / 本单位 statements, in that order."""
    flat = unicodedata.normalize("NFKC", text)
    found = [("发布机关 line", m.group(1)) for m in _LABELLED.finditer(flat)]
    for pattern in _SELF_NAMED:
        found += [("本机关 statement", _LEAD_IN.sub("", m.group(1))) for m in pattern.finditer(flat)]
    return [(source, name) for source, name in found if AGENCY_SUFFIX.search(name)]


def signature_agency(text: str) -> str | None:
    """The closing name: among the last three lines, skipping a date, a short line that names a body."""
    lines = [_squash(line) for line in text.splitlines()]
    closing = [line for line in lines if line][-3:]
    for line in reversed(closing):
        if DATE_LINE.match(line):
            continue
        if len(line) <= 30 and not re.search(r"[，。；;：:、|\t\d]", line) and AGENCY_SUFFIX.search(line):
            return line
        return None
    return None


def _long_form(name: str) -> str:
    # 区政府 is what titles shorten 区人民政府 to.
    return re.sub(r"(?<!人民)政府$", "人民政府", name)


def extends(full: str, short: str) -> bool:
    """`full` names the same agency more fully: a higher division in front (淮安市 + 洪泽区人民政府),
    or a body after a bare place name (平潭综合实验区 + 管委会)."""
    full, short = _long_form(full), _long_form(short)
    if full == short or short not in full:
        return False
    return full.endswith(short) or (full.startswith(short) and not AGENCY_SUFFIX.search(short))


def choose_agency(candidates: list[tuple[str, str]]) -> tuple[str | None, tuple[str, ...]]:
    """The fullest name consistent with the first candidate (the title's, when it has one); when
    sources disagree, the first is kept and every source is named in a warning."""
    if not candidates:
        return None, ()
    chosen = candidates[0][1]
    disagree = False
    for _, name in candidates[1:]:
        if extends(name, chosen):
            chosen = name
        elif _long_form(name) != _long_form(chosen) and not extends(chosen, name):
            disagree = True
    if not disagree:
        return chosen, ()
    sources = "; ".join(f"{source}: {name}" for source, name in dict.fromkeys(candidates))
    return chosen, (f"agency: the document names it differently ({sources}); {chosen} is kept",)
