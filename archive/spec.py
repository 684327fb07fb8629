"""The three report tables as printed: canonical codes, official labels and order (report-tables.md)."""

from __future__ import annotations

from dataclasses import dataclass

ACTIVE = "active_disclosure"
APPLICATIONS = "applications"
REVIEWS = "reviews_litigation"

TABLE_TITLES = {
    ACTIVE: "二、主动公开政府信息情况",
    APPLICATIONS: "三、收到和处理政府信息公开申请情况",
    REVIEWS: "四、政府信息公开行政复议、行政诉讼情况",
}
TABLE_ORDER = (ACTIVE, APPLICATIONS, REVIEWS)

Labelled = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Section:
    """One printed block of table 二: a 第二十条 item heading, its columns and its rows."""

    heading: str
    columns: Labelled
    rows: Labelled


_INSTRUMENTS_2019 = (
    ("newly_made", "本年新制作数量"),
    ("newly_published", "本年新公开数量"),
    ("total_published", "对外公开总数量"),
)
_ITEMS_2019 = (("items_last_year", "上一年项目数量"), ("items_change", "本年增/减"), ("decisions", "处理决定数量"))

ACTIVE_2019 = (
    Section("第二十条第（一）项", _INSTRUMENTS_2019, (("regulations", "规章"), ("normative_documents", "规范性文件"))),
    Section("第二十条第（五）项", _ITEMS_2019, (("licensing", "行政许可"), ("other_services", "其他对外管理服务事项"))),
    Section("第二十条第（六）项", _ITEMS_2019, (("penalty", "行政处罚"), ("coercion", "行政强制"))),
    Section("第二十条第（八）项", _ITEMS_2019[:2], (("fees", "行政事业性收费"),)),
    Section("第二十条第（九）项", (("projects", "采购项目数量"), ("amount", "采购总金额")), (("procurement", "政府集中采购"),)),
)
ACTIVE_2021 = (
    Section(
        "第二十条第（一）项",
        (("issued", "本年制发件数"), ("repealed", "本年废止件数"), ("in_force", "现行有效件数")),
        (("regulations", "规章"), ("normative_documents", "行政规范性文件")),
    ),
    Section("第二十条第（五）项", (("decisions", "本年处理决定数量"),), (("licensing", "行政许可"),)),
    Section("第二十条第（六）项", (("decisions", "本年处理决定数量"),), (("penalty", "行政处罚"), ("coercion", "行政强制"))),
    Section("第二十条第（八）项", (("amount_10k_yuan", "本年收费金额（单位：万元）"),), (("fees", "行政事业性收费"),)),
)
# Columns only one layout has: they decide which layout a report's table 二 was printed in.
ACTIVE_2019_ONLY = {
    "newly_made", "newly_published", "total_published", "items_last_year", "items_change", "projects", "amount",
}  # fmt: skip
ACTIVE_2021_ONLY = {"issued", "repealed", "in_force", "amount_10k_yuan"}

INFO_ACCOUNTING_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANTS = "申请人情况"
ORGANISATIONS = "法人或其他组织"
APPLICANT_COLUMNS: Labelled = (
    ("natural_person", "自然人"),
    ("commercial", "商业企业"),
    ("research", "科研机构"),
    ("public_interest", "社会公益组织"),
    ("legal_services", "法律服务机构"),
    ("other_org", "其他"),
    ("total", "总计"),
)

_RESULTS = "三、本年度办理结果"
_WITHHELD = "（三）不予公开"
_UNAVAILABLE = "（四）无法提供"
_REJECTED = "（五）不予处理"
_OTHER = "（六）其他处理"

# Each row with its label path: the group labels it sits under, then its own label.
APPLICATION_ROWS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("new_received", ("一、本年新收政府信息公开申请数量",)),
    ("carried_over", ("二、上年结转政府信息公开申请数量",)),
    ("granted", (_RESULTS, "（一）予以公开")),
    ("partly_granted", (_RESULTS, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）")),
    ("withheld_state_secret", (_RESULTS, _WITHHELD, "1.属于国家秘密")),
    ("withheld_prohibited", (_RESULTS, _WITHHELD, "2.其他法律行政法规禁止公开")),
    ("withheld_security", (_RESULTS, _WITHHELD, "3.危及“三安全一稳定”")),
    ("withheld_third_party", (_RESULTS, _WITHHELD, "4.保护第三方合法权益")),
    ("withheld_internal", (_RESULTS, _WITHHELD, "5.属于三类内部事务信息")),
    ("withheld_process", (_RESULTS, _WITHHELD, "6.属于四类过程性信息")),
    ("withheld_enforcement", (_RESULTS, _WITHHELD, "7.属于行政执法案卷")),
    ("withheld_query", (_RESULTS, _WITHHELD, "8.属于行政查询事项")),
    ("unavailable_not_held", (_RESULTS, _UNAVAILABLE, "1.本机关不掌握相关政府信息")),
    ("unavailable_needs_creation", (_RESULTS, _UNAVAILABLE, "2.没有现成信息需要另行制作")),
    ("unavailable_unclear", (_RESULTS, _UNAVAILABLE, "3.补正后申请内容仍不明确")),
    ("rejected_petition", (_RESULTS, _REJECTED, "1.信访举报投诉类申请")),
    ("rejected_duplicate", (_RESULTS, _REJECTED, "2.重复申请")),
    ("rejected_publication", (_RESULTS, _REJECTED, "3.要求提供公开出版物")),
    ("rejected_excessive", (_RESULTS, _REJECTED, "4.无正当理由大量反复申请")),
    ("rejected_confirmation", (_RESULTS, _REJECTED, "5.要求行政机关确认或重新出具已获取信息")),
    ("other", (_RESULTS, _OTHER)),
    (
        "other_no_correction",
        (_RESULTS, _OTHER, "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ),
    (
        "other_unpaid_fee",
        (_RESULTS, _OTHER, "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ),
    ("other_other", (_RESULTS, _OTHER, "3.其他")),
    ("total_handled", (_RESULTS, "（七）总计")),
    ("carried_forward", ("四、结转下年度继续办理",)),
)
RESULT_ROWS = tuple(code for code, path in APPLICATION_ROWS if path[0] == _RESULTS and code != "total_handled")

REVIEW = ("review", "行政复议")
SUITS = "行政诉讼"
SUIT_PROCEEDINGS: Labelled = (("suit_direct", "未经复议直接起诉"), ("suit_after_review", "复议后起诉"))
OUTCOMES: Labelled = (
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
)

# The rows only one template prints in group （六）.
OTHER_ROWS_2019 = ("other",)
OTHER_ROWS_2021 = ("other_no_correction", "other_unpaid_fee", "other_other")
TEMPLATES = ("2019", "2021")


def application_rows(template: str) -> tuple[str, ...]:
    """Table 三's rows in printed order: 23 in the 2019 template, 25 in the 2021 one."""
    other = OTHER_ROWS_2019 if template == "2021" else OTHER_ROWS_2021
    return tuple(code for code, _ in APPLICATION_ROWS if code not in other)


def canonical_cells(table: str, template: str | None) -> tuple[tuple[str, str], ...] | None:
    """Every (row, column) the template prints in this table; None when the layout depends
    on a template that is not known (tables 二 and 三 differ between 2019 and 2021)."""
    if table == REVIEWS:
        proceedings = (REVIEW[0], *(code for code, _ in SUIT_PROCEEDINGS))
        return tuple((p, o) for p in proceedings for o, _ in OUTCOMES)
    if template not in TEMPLATES:
        return None
    if table == ACTIVE:
        sections = ACTIVE_2021 if template == "2021" else ACTIVE_2019
        return tuple((row, column) for s in sections for row, _ in s.rows for column, _ in s.columns)
    return tuple((row, column) for row in application_rows(template) for column, _ in APPLICANT_COLUMNS)
