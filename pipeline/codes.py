"""The data dictionary: every table, row and column code with its printed label per template, in English too."""

from __future__ import annotations

from dataclasses import dataclass

from archive import spec

TEMPLATES = ("2019", "2021")

# Keyed by (axis, code): a code means the same thing wherever it appears on that axis.
ENGLISH: dict[tuple[str, str], str] = {
    ("table", spec.ACTIVE): "Proactive disclosure",
    ("table", spec.APPLICATIONS): "Requests received and how they were handled",
    ("table", spec.REVIEWS): "Administrative reviews and lawsuits over disclosure",
    ("row", "regulations"): "Rules (规章)",
    ("row", "normative_documents"): "Normative documents",
    ("row", "licensing"): "Administrative licensing",
    ("row", "other_services"): "Other external management services",
    ("row", "penalty"): "Administrative penalties",
    ("row", "coercion"): "Administrative coercion",
    ("row", "fees"): "Administrative fees",
    ("row", "procurement"): "Government centralised procurement",
    ("column", "newly_made"): "Newly made this year",
    ("column", "newly_published"): "Newly published this year",
    ("column", "total_published"): "Total published",
    ("column", "items_last_year"): "Items the year before",
    ("column", "items_change"): "Change this year (may be negative)",
    ("column", "decisions"): "Decisions made this year",
    ("column", "projects"): "Procurement projects",
    ("column", "amount"): "Procurement amount",
    ("column", "issued"): "Issued this year",
    ("column", "repealed"): "Repealed this year",
    ("column", "in_force"): "In force",
    ("column", "amount_10k_yuan"): "Fees collected this year (10,000 yuan)",
    ("column", "natural_person"): "Natural persons",
    ("column", "commercial"): "Commercial enterprises",
    ("column", "research"): "Research institutions",
    ("column", "public_interest"): "Public-interest organisations",
    ("column", "legal_services"): "Legal service providers",
    ("column", "other_org"): "Other legal persons or organisations",
    ("column", "total"): "Total",
    ("row", "new_received"): "New requests received this year",
    ("row", "carried_over"): "Requests carried over from the year before",
    ("row", "granted"): "Granted",
    ("row", "partly_granted"): "Partly granted",
    ("row", "withheld_state_secret"): "Withheld: state secret",
    ("row", "withheld_prohibited"): "Withheld: disclosure prohibited by other laws",
    ("row", "withheld_security"): "Withheld: endangers security or stability",
    ("row", "withheld_third_party"): "Withheld: protects a third party's rights",
    ("row", "withheld_internal"): "Withheld: internal affairs",
    ("row", "withheld_process"): "Withheld: process information",
    ("row", "withheld_enforcement"): "Withheld: law-enforcement case files",
    ("row", "withheld_query"): "Withheld: an administrative enquiry matter",
    ("row", "unavailable_not_held"): "Cannot be provided: not held by this agency",
    ("row", "unavailable_needs_creation"): "Cannot be provided: would have to be created",
    ("row", "unavailable_unclear"): "Cannot be provided: still unclear after correction",
    ("row", "rejected_petition"): "Not handled: a petition, report or complaint",
    ("row", "rejected_duplicate"): "Not handled: repeated request",
    ("row", "rejected_publication"): "Not handled: asks for a public publication",
    ("row", "rejected_excessive"): "Not handled: many repeated requests without good reason",
    ("row", "rejected_confirmation"): "Not handled: asks to confirm or re-issue information already obtained",
    ("row", "other"): "Handled otherwise (2019 template: one row)",
    ("row", "other_no_correction"): "Handled otherwise: applicant did not correct the request in time",
    ("row", "other_unpaid_fee"): "Handled otherwise: applicant did not pay the fee in time",
    ("row", "other_other"): "Handled otherwise: other",
    ("row", "total_handled"): "Total handled",
    ("row", "carried_forward"): "Carried forward to next year",
    ("row", "review"): "Administrative review",
    ("row", "suit_direct"): "Lawsuit without prior review",
    ("row", "suit_after_review"): "Lawsuit after review",
    ("column", "upheld"): "Upheld",
    ("column", "corrected"): "Corrected",
    ("column", "other"): "Other outcome",
    ("column", "pending"): "Pending",
}


@dataclass(frozen=True)
class Code:
    table_code: str
    axis: str
    code: str
    template: str
    position: int
    label: str
    group_label: str | None

    @property
    def english(self) -> str:
        return ENGLISH[(self.axis, self.code)]


def _active(template: str) -> list[Code]:
    sections = spec.ACTIVE_2019 if template == "2019" else spec.ACTIVE_2021
    rows = [(code, label, s.heading) for s in sections for code, label in s.rows]
    columns = {code: (label, s.heading) for s in sections for code, label in s.columns}
    out = [Code(spec.ACTIVE, "row", code, template, i, label, group) for i, (code, label, group) in enumerate(rows)]
    # A column code shared by several sections (decisions) is listed once, under its first heading.
    return out + [Code(spec.ACTIVE, "column", c, template, i, lab, g) for i, (c, (lab, g)) in enumerate(columns.items())]


def _printed_in(row: str, template: str) -> bool:
    """2019 prints （六）其他处理 as one row `other`; 2021 splits it into three other_* rows."""
    return not row.startswith("other_") if template == "2019" else row != "other"


def _applications(template: str) -> list[Code]:
    rows = [(code, path) for code, path in spec.APPLICATION_ROWS if _printed_in(code, template)]
    out = [Code(spec.APPLICATIONS, "row", c, template, i, p[-1], " › ".join(p[:-1]) or None) for i, (c, p) in enumerate(rows)]
    return out + [
        Code(spec.APPLICATIONS, "column", c, template, i, label, spec.APPLICANTS if c != "total" else None)
        for i, (c, label) in enumerate(spec.APPLICANT_COLUMNS)
    ]


def _reviews(template: str) -> list[Code]:
    rows = [(*spec.REVIEW, None), *((c, label, spec.SUITS) for c, label in spec.SUIT_PROCEEDINGS)]
    out = [Code(spec.REVIEWS, "row", c, template, i, label, group) for i, (c, label, group) in enumerate(rows)]
    return out + [Code(spec.REVIEWS, "column", c, template, i, label, None) for i, (c, label) in enumerate(spec.OUTCOMES)]


def all_codes() -> list[Code]:
    """Every code of both templates, in printed order, tables first."""
    out = []
    for template in TEMPLATES:
        out += [Code(t, "table", t, template, i, spec.TABLE_TITLES[t], None) for i, t in enumerate(spec.TABLE_ORDER)]
        out += _active(template) + _applications(template) + _reviews(template)
    return out
