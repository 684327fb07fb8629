"""Canonical codes of the three report tables and the label fragments that identify them."""

from __future__ import annotations

import re
import unicodedata

from archive import spec

ACTIVE, APPLICATIONS, REVIEWS = spec.ACTIVE, spec.APPLICATIONS, spec.REVIEWS

APPLICANT_COLUMNS = tuple(code for code, _ in spec.APPLICANT_COLUMNS)
APPLICANT_LABELS = dict(spec.APPLICANT_COLUMNS)

OTHER_2021 = spec.OTHER_ROWS_2021
# The leaf result rows both templates share; （六） adds `other` (2019) or OTHER_2021 (2021).
LEAF_2019 = tuple(code for code in spec.RESULT_ROWS if code != "other" and code not in OTHER_2021)

# Fragments chosen to survive the typos seen in real reports ("三类内容事务信息", "只计这一情况").
# Order matters: the first rule whose fragment occurs in the normalised label wins.
APPLICATION_ROWS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("new_received", ("本年新收",)),
    ("carried_over", ("上年结转",)),
    ("carried_forward", ("结转下年",)),
    ("other_no_correction", ("不补正",)),
    ("other_unpaid_fee", ("收费通知", "未按收费")),
    ("partly_granted", ("部分公开",)),
    ("granted", ("予以公开",)),
    ("withheld_state_secret", ("国家秘密",)),
    ("withheld_prohibited", ("禁止公开",)),
    ("withheld_security", ("三安全一稳定", "危及")),
    ("withheld_third_party", ("第三方",)),
    ("withheld_internal", ("三类内", "内部事务")),
    ("withheld_process", ("过程性",)),
    ("withheld_enforcement", ("执法案卷",)),
    ("withheld_query", ("行政查询",)),
    ("unavailable_not_held", ("不掌握",)),
    ("unavailable_needs_creation", ("另行制作",)),
    ("unavailable_unclear", ("仍不明确", "补正后")),
    ("rejected_petition", ("信访举报", "投诉类")),
    ("rejected_duplicate", ("重复申请",)),
    ("rejected_publication", ("公开出版物",)),
    ("rejected_excessive", ("大量反复",)),
    ("rejected_confirmation", ("重新出具", "确认或")),
    ("total_handled", ("总计", "合计")),
)

ACTIVE_ROWS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("normative_documents", ("规范性文件",)),
    ("regulations", ("规章",)),
    ("other_services", ("其他对外管理服务",)),
    ("licensing", ("行政许可",)),
    ("penalty", ("行政处罚",)),
    ("coercion", ("行政强制",)),
    ("fees", ("行政事业性收费",)),
    ("procurement", ("政府集中采购", "集中采购")),
)

ACTIVE_COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("newly_made", ("新制作",)),
    ("newly_published", ("新公开",)),
    ("total_published", ("公开总数",)),
    ("issued", ("制发",)),
    ("repealed", ("废止",)),
    ("in_force", ("现行有效",)),
    ("items_last_year", ("上一年",)),
    ("items_change", ("增/减", "增减", "增/减")),
    ("decisions", ("处理决定",)),
    ("amount_10k_yuan", ("收费金额",)),
    ("projects", ("采购项目",)),
    ("amount", ("采购总金额", "总金额")),
)
ACTIVE_2021_COLUMNS = frozenset(spec.ACTIVE_2021_ONLY)
ACTIVE_2019_COLUMNS = frozenset(spec.ACTIVE_2019_ONLY)

PROCEEDINGS = (spec.REVIEW[0], *(code for code, _ in spec.SUIT_PROCEEDINGS))
OUTCOMES = tuple(code for code, _ in spec.OUTCOMES)
OUTCOME_LABELS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("upheld", ("维持",)),
    ("corrected", ("纠正",)),
    ("pending", ("尚未审结", "未审结")),
    ("other", ("其他",)),
    ("total", ("总计", "合计")),
)

_NUMBERING = re.compile(r"(?<![\d.])(\d{1,2})[、.．,，]")


def norm(text: str) -> str:
    """NFKC, no whitespace, sub-item numbering unified to "1." ("1、" and "1．" occur)."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    return _NUMBERING.sub(r"\1.", text)


def first_match(label: str, rules: tuple[tuple[str, tuple[str, ...]], ...]) -> str | None:
    return next((code for code, frags in rules if any(f in label for f in frags)), None)


def application_row(label: str) -> str | None:
    """Row code for a normalised table-三 label, including the （六） group's variants."""
    if label.endswith("其他处理"):
        return "other"
    # Only the numbered "3.其他" is a row; a bare 其他 is the applicant column's header.
    if re.search(r"(^|其他处理|[)）])3\.其他$", label):
        return "other_other"
    return first_match(label, APPLICATION_ROWS)


def applicant_column(leaf: str) -> str | None:
    if leaf == "其他":
        return "other_org"
    return next((code for code, text in APPLICANT_LABELS.items() if code != "other_org" and text in leaf), None) or (
        "total" if "合计" in leaf else None
    )


def proceeding(path: str) -> str | None:
    if "未经复议" in path or "直接起诉" in path:
        return "suit_direct"
    if "复议后" in path:
        return "suit_after_review"
    if "行政复议" in path:
        return "review"
    return None
