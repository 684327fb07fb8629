"""The printed figures of 平潭综合实验区's reports in ../shared/corpus/pingtan/, transcribed by hand
from the documents table by table (never from the extractor's output).

One line per printed row: the row's canonical code, then its cells as printed, left to right.
"""

from __future__ import annotations

AGENCY = "平潭综合实验区"

# Table 二 columns, in printed order, per template.
ACTIVE_COLUMNS = {
    "2019": {
        "regulations": ("newly_made", "newly_published", "total_published"),
        "normative_documents": ("newly_made", "newly_published", "total_published"),
        "licensing": ("items_last_year", "items_change", "decisions"),
        "other_services": ("items_last_year", "items_change", "decisions"),
        "penalty": ("items_last_year", "items_change", "decisions"),
        "coercion": ("items_last_year", "items_change", "decisions"),
        "fees": ("items_last_year", "items_change"),
        "procurement": ("projects", "amount"),
    },
    "2021": {
        "regulations": ("issued", "repealed", "in_force"),
        "normative_documents": ("issued", "repealed", "in_force"),
        "licensing": ("decisions",),
        "penalty": ("decisions",),
        "coercion": ("decisions",),
        "fees": ("amount_10k_yuan",),
    },
}
APPLICANTS = ("natural_person", "commercial", "research", "public_interest", "legal_services", "other_org", "total")
REVIEW_CELLS = tuple((p, o) for p in ("review", "suit_direct", "suit_after_review") for o in ("upheld", "corrected", "other", "pending", "total"))

REPORTS: dict[int, dict[str, str]] = {
    2019: {
        "file": "pingtan_2019_report.html",
        "template": "2019",
        "active": """
            regulations 0 0 0
            normative_documents 89 89 89
            licensing 396 0 181
            other_services 10 0 153
            penalty 2648 0 430
            coercion 126 0 25
            fees 35 0
            procurement 135 75394432.52元
        """,
        "applications": """
            new_received 23 0 0 0 0 0 23
            carried_over 0 0 0 0 0 0 0
            granted 7 0 0 0 0 0 7
            partly_granted 1 0 0 0 0 0 1
            withheld_state_secret 0 0 0 0 0 0 0
            withheld_prohibited 0 0 0 0 0 0 0
            withheld_security 0 0 0 0 0 0 0
            withheld_third_party 0 0 0 0 0 0 0
            withheld_internal 0 0 0 0 0 0 0
            withheld_process 0 0 0 0 0 0 0
            withheld_enforcement 0 0 0 0 0 0 0
            withheld_query 0 0 0 0 0 0 0
            unavailable_not_held 7 0 0 0 0 0 7
            unavailable_needs_creation 0 0 0 0 0 0 0
            unavailable_unclear 5 0 0 0 0 0 5
            rejected_petition 0 0 0 0 0 0 0
            rejected_duplicate 3 0 0 0 0 0 3
            rejected_publication 0 0 0 0 0 0 0
            rejected_excessive 0 0 0 0 0 0 0
            rejected_confirmation 0 0 0 0 0 0 0
            other 0 0 0 0 0 0 0
            total_handled 23 0 0 0 0 0 23
            carried_forward 0 0 0 0 0 0 0
        """,
        "reviews": "0 0 0 0 0 0 0 0 0 0 0 0 0 0 0",
    },
    2020: {
        "file": "pingtan_2020_report.html",
        "template": "2019",
        "active": """
            regulations 0 0 7
            normative_documents 77 77 166
            licensing 396 442 278
            other_services 10 7 105
            penalty 2648 -18 538
            coercion 126 26 29
            fees 35 -15
            procurement 395 73802895.90元
        """,
        # The source's own error: 自然人's results add up to 26 (6+6+4+3+3+4), its 总计 says 20.
        "applications": """
            new_received 20 0 0 0 0 1 21
            carried_over 0 0 0 0 0 0 0
            granted 6 0 0 0 0 1 7
            partly_granted 6 0 0 0 0 0 6
            withheld_state_secret 0 0 0 0 0 0 0
            withheld_prohibited 0 0 0 0 0 0 0
            withheld_security 0 0 0 0 0 0 0
            withheld_third_party 0 0 0 0 0 0 0
            withheld_internal 0 0 0 0 0 0 0
            withheld_process 0 0 0 0 0 0 0
            withheld_enforcement 0 0 0 0 0 0 0
            withheld_query 0 0 0 0 0 0 0
            unavailable_not_held 4 0 0 0 0 0 4
            unavailable_needs_creation 0 0 0 0 0 0 0
            unavailable_unclear 3 0 0 0 0 0 3
            rejected_petition 0 0 0 0 0 0 0
            rejected_duplicate 3 0 0 0 0 0 3
            rejected_publication 0 0 0 0 0 0 0
            rejected_excessive 0 0 0 0 0 0 0
            rejected_confirmation 0 0 0 0 0 0 0
            other 4 0 0 0 0 0 4
            total_handled 20 0 0 0 0 1 21
            carried_forward 0 0 0 0 0 0 0
        """,
        "reviews": "0 0 0 0 0 0 0 0 0 0 0 0 0 0 0",
    },
    2022: {
        "file": "pingtan_2022_report.html",
        "template": "2021",
        "active": """
            regulations 0 0 0
            normative_documents 88 55 698
            licensing 10690
            penalty 2113
            coercion 0
            fees 9116.36
        """,
        "applications": """
            new_received 71 3 0 0 0 0 74
            carried_over 1 0 0 0 0 0 1
            granted 21 0 0 0 0 0 21
            partly_granted 8 1 0 0 0 0 9
            withheld_state_secret 0 0 0 0 0 0 0
            withheld_prohibited 0 0 0 0 0 0 0
            withheld_security 0 0 0 0 0 0 0
            withheld_third_party 0 0 0 0 0 0 0
            withheld_internal 1 0 0 0 0 0 1
            withheld_process 2 0 0 0 0 0 2
            withheld_enforcement 1 0 0 0 0 0 1
            withheld_query 0 0 0 0 0 0 0
            unavailable_not_held 37 0 0 0 0 0 37
            unavailable_needs_creation 0 0 0 0 0 0 0
            unavailable_unclear 0 0 0 0 0 0 0
            rejected_petition 0 0 0 0 0 0 0
            rejected_duplicate 0 0 0 0 0 0 0
            rejected_publication 0 0 0 0 0 0 0
            rejected_excessive 0 0 0 0 0 0 0
            rejected_confirmation 0 0 0 0 0 0 0
            other_no_correction 2 0 0 0 0 0 2
            other_unpaid_fee 0 0 0 0 0 0 0
            other_other 0 2 0 0 0 0 2
            total_handled 72 3 0 0 0 0 75
            carried_forward 0 0 0 0 0 0 0
        """,
        "reviews": "0 1 1 0 2 1 0 0 0 1 0 0 0 0 0",
    },
    2023: {
        "file": "pingtan_2023_report.html",
        "template": "2021",
        "active": """
            regulations 0 0 0
            normative_documents 77 132 470
            licensing 2629
            penalty 1330
            coercion 54
            fees 5949.088667
        """,
        "applications": """
            new_received 80 1 0 0 0 0 81
            carried_over 0 0 0 0 0 0 0
            granted 22 0 0 0 0 0 22
            partly_granted 19 1 0 0 0 0 20
            withheld_state_secret 0 0 0 0 0 0 0
            withheld_prohibited 0 0 0 0 0 0 0
            withheld_security 0 0 0 0 0 0 0
            withheld_third_party 1 0 0 0 0 0 1
            withheld_internal 0 0 0 0 0 0 0
            withheld_process 1 0 0 0 0 0 1
            withheld_enforcement 1 0 0 0 0 0 1
            withheld_query 2 0 0 0 0 0 2
            unavailable_not_held 31 0 0 0 0 0 31
            unavailable_needs_creation 0 0 0 0 0 0 0
            unavailable_unclear 0 0 0 0 0 0 0
            rejected_petition 0 0 0 0 0 0 0
            rejected_duplicate 1 0 0 0 0 0 1
            rejected_publication 0 0 0 0 0 0 0
            rejected_excessive 0 0 0 0 0 0 0
            rejected_confirmation 0 0 0 0 0 0 0
            other_no_correction 1 0 0 0 0 0 1
            other_unpaid_fee 0 0 0 0 0 0 0
            other_other 1 0 0 0 0 0 1
            total_handled 80 1 0 0 0 0 81
            carried_forward 0 0 0 0 0 0 0
        """,
        "reviews": "1 1 0 0 2 4 0 0 1 5 1 0 1 0 2",
    },
    2025: {
        "file": "pingtan_2025_report.html",
        "template": "2021",
        "active": """
            regulations 0 0 0
            normative_documents 58 45 546
            licensing 2418
            penalty 644
            coercion 64
            fees 4166.241619
        """,
        "applications": """
            new_received 151 3 0 0 0 0 154
            carried_over 0 0 0 0 0 0 0
            granted 33 0 0 0 0 0 33
            partly_granted 38 0 0 0 0 0 38
            withheld_state_secret 0 0 0 0 0 0 0
            withheld_prohibited 0 0 0 0 0 0 0
            withheld_security 0 0 0 0 0 0 0
            withheld_third_party 0 0 0 0 0 0 0
            withheld_internal 3 0 0 0 0 0 3
            withheld_process 2 0 0 0 0 0 2
            withheld_enforcement 3 0 0 0 0 0 3
            withheld_query 3 0 0 0 0 0 3
            unavailable_not_held 49 1 0 0 0 0 50
            unavailable_needs_creation 3 0 0 0 0 0 3
            unavailable_unclear 0 0 0 0 0 0 0
            rejected_petition 2 0 0 0 0 0 2
            rejected_duplicate 0 0 0 0 0 0 0
            rejected_publication 0 0 0 0 0 0 0
            rejected_excessive 0 0 0 0 0 0 0
            rejected_confirmation 0 0 0 0 0 0 0
            other_no_correction 8 0 0 0 0 0 8
            other_unpaid_fee 2 0 0 0 0 0 2
            other_other 1 0 0 0 0 0 1
            total_handled 147 1 0 0 0 0 148
            carried_forward 4 2 0 0 0 0 6
        """,
        "reviews": "25 3 8 0 36 3 3 0 0 6 3 0 0 0 3",
    },
}

# The legacy report's 政府信息公开情况统计表: indicator, unit, 2018年度, 历年累计, as printed.
LEGACY_2018 = {
    "file": "pingtan_2018_report_legacy.html",
    "columns": ("2018年度", "历年累计"),
    "rows": [
        ("主动公开文件数", "条", "2069", "12106"),
        ("其中：1.政府网站公开数", "条", "2069", "12106"),
        ("2.政府公报公开数", "条", "0", "0"),
        ("受理依申请公开信息总数", "条", "0", "0"),
        ("其中：1.当面申请数", "条", "0", "0"),
        ("2.网上申请数", "条", "0", "0"),
        ("3.信函、传真申请数", "条", "0", "0"),
        ("对申请的答复总数", "条", "0", "0"),
        ("其中：1.同意公开答复数", "条", "0", "0"),
        ("2.同意部分公开答复数", "条", "0", "0"),
        ("3.不予公开答复数", "条", "0", "0"),
        ("4.其他类型答复数", "条", "0", "0"),
        ("接受行政诉讼、举报数", "件", "0", "0"),
        ("行政复议数", "件", "0", "0"),
        ("行政诉讼数", "件", "0", "0"),
    ],
}


def printed_cells(year: int) -> dict[tuple[str, str, str], str]:
    """(table, row, column) → raw text, for one of REPORTS."""
    report = REPORTS[year]
    cells: dict[tuple[str, str, str], str] = {}
    for line in report["active"].split("\n"):
        if line.strip():
            row, *values = line.split()
            columns = ACTIVE_COLUMNS[report["template"]][row]
            assert len(values) == len(columns), line
            cells.update({("active_disclosure", row, col): v for col, v in zip(columns, values)})
    for line in report["applications"].split("\n"):
        if line.strip():
            row, *values = line.split()
            assert len(values) == len(APPLICANTS), line
            cells.update({("applications", row, col): v for col, v in zip(APPLICANTS, values)})
    reviews = report["reviews"].split()
    assert len(reviews) == len(REVIEW_CELLS)
    cells.update({("reviews_litigation", p, o): v for (p, o), v in zip(REVIEW_CELLS, reviews)})
    return cells
