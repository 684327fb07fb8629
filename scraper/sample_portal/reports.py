"""Every figure of the sample portal's reports, in one place; build.py renders them to HTML."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field

Six = tuple[int, int, int, int, int, int]
CMS_COLUMN = "zfgknb-xxgknb"

# Row codes follow shared/spec/report-tables.md; the labels are the printed 2021/2019 ones.
WITHHELD = (
    ("withheld_state_secret", "1.属于国家秘密"),
    ("withheld_prohibited", "2.其他法律行政法规禁止公开"),
    ("withheld_security", "3.危及“三安全一稳定”"),
    ("withheld_third_party", "4.保护第三方合法权益"),
    ("withheld_internal", "5.属于三类内部事务信息"),
    ("withheld_process", "6.属于四类过程性信息"),
    ("withheld_enforcement", "7.属于行政执法案卷"),
    ("withheld_query", "8.属于行政查询事项"),
)
UNAVAILABLE = (
    ("unavailable_not_held", "1.本机关不掌握相关政府信息"),
    ("unavailable_needs_creation", "2.没有现成信息需要另行制作"),
    ("unavailable_unclear", "3.补正后申请内容仍不明确"),
)
REJECTED = (
    ("rejected_petition", "1.信访举报投诉类申请"),
    ("rejected_duplicate", "2.重复申请"),
    ("rejected_publication", "3.要求提供公开出版物"),
    ("rejected_excessive", "4.无正当理由大量反复申请"),
    ("rejected_confirmation", "5.要求行政机关确认或重新出具已获取信息"),
)
OTHER_2021 = (
    ("other_no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other_unpaid_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other_other", "3.其他"),
)


def leaf_rows(template: str) -> tuple[str, ...]:
    other = tuple(code for code, _ in OTHER_2021) if template == "2021" else ("other",)
    groups = (WITHHELD, UNAVAILABLE, REJECTED)
    return ("granted", "partly_granted", *(code for g in groups for code, _ in g), *other)


@dataclass(frozen=True)
class Requests:
    """Applications per applicant column (自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他)."""

    new_received: Six = (0, 0, 0, 0, 0, 0)
    carried_over: Six = (0, 0, 0, 0, 0, 0)
    results: Mapping[str, Six] = field(default_factory=dict)


@dataclass(frozen=True)
class SampleReport:
    """One report as published. `overrides` replace printed cells to reproduce real mistakes."""

    agency: str
    year: int
    published_on: str
    template: str
    title: str
    publisher: str
    index_no: str
    overview: tuple[str, ...]
    requests: Requests
    active: Mapping[str, tuple[str, ...]]
    reviews: tuple[Six | tuple[int, int, int, int], ...] = ((0, 0, 0, 0),) * 3
    overrides: Mapping[tuple[str, int], str] = field(default_factory=dict)
    blank_detail_totals: bool = False
    quirk: str = "adds up"
    agency_line: bool = False
    # "baoshan": 宝山-style article.html?infoid=; "district_cms": 长宁-style <column>/YYYY/DDD/ID.html,
    # where `created` is that YYYY/DDD/ID (the day the page was created, not always the publication day).
    family: str = "baoshan"
    created: str = ""
    attachment: bool = False

    @property
    def infoid(self) -> str:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"nianbao-sample/{self.agency}/{self.year}"))

    @property
    def path(self) -> str:
        """The page's URL path (and query) on the sample portal."""
        if self.family == "district_cms":
            return f"/xxgk/{CMS_COLUMN}/{self.created}.html"
        return f"/article.html?infoid={self.infoid}"

    @property
    def attachment_path(self) -> str | None:
        if not self.attachment:
            return None
        return f"/xxgk/{CMS_COLUMN}/{self.created}/{self.infoid.replace('-', '')}.pdf"

    def application_cells(self) -> dict[str, list[str]]:
        """Table 三 as printed: seven strings per row, derived totals, then the overrides."""
        req = self.requests
        leaves = leaf_rows(self.template)
        zero: Six = (0, 0, 0, 0, 0, 0)
        rows: dict[str, list[int]] = {"new_received": list(req.new_received), "carried_over": list(req.carried_over)}
        for code in leaves:
            rows[code] = list(req.results.get(code, zero))
        handled = [sum(rows[code][i] for code in leaves) for i in range(6)]
        rows["total_handled"] = handled
        rows["carried_forward"] = [req.new_received[i] + req.carried_over[i] - handled[i] for i in range(6)]
        if any(v < 0 for v in rows["carried_forward"]):
            raise ValueError(f"{self.title}: more applications handled than received")
        printed: dict[str, list[str]] = {}
        for code, values in rows.items():
            total = "" if self.blank_detail_totals and code in leaves else str(sum(values))
            printed[code] = [str(v) for v in values] + [total]
        for (code, column), raw in self.overrides.items():
            printed[code][column] = raw
        return printed

    def review_cells(self) -> list[str]:
        cells: list[str] = []
        for group in self.reviews:
            cells += [str(v) for v in group] + [str(sum(group))]
        return cells


def _active_2021(regs: tuple[int, int, int], norm: tuple[int, int, int], licensing: int, penalty: int,
                 coercion: int, fees: str) -> dict[str, tuple[str, ...]]:
    return {
        "regulations": tuple(map(str, regs)),
        "normative_documents": tuple(map(str, norm)),
        "licensing": (str(licensing),),
        "penalty": (str(penalty),),
        "coercion": (str(coercion),),
        "fees": (fees,),
    }


REPORTS: tuple[SampleReport, ...] = (
    SampleReport(
        # The seed report (shared/seed/baoshan-service-center-2021.txt), figures exactly as printed,
        # including row 一: 自然人 2 + 其他 2 printed with 总计 2.
        agency="上海市宝山区行政服务中心",
        year=2021,
        published_on="2022-01-10",
        template="2021",
        title="上海市宝山区行政服务中心2021年政府信息公开工作年度报告",
        publisher="宝山区行政服务中心",
        index_no="BS-XZFWZX-2022-000003",
        overview=(
            "2021年，区行政服务中心依照《中华人民共和国政府信息公开条例》和市、区有关要求，"
            "坚持以公开为常态、不公开为例外，推进政务公开规范化建设。",
            "中心推进线上线下政务服务融合，建立政务服务标准化体系，并以申报“错题库”降低退件率。"
            "全年通过微信平台推送信息80篇，通过中心简报解读政策15篇、发布审批案例5个，主动公开政务信息10条。",
            "中心全年回复各类咨询27132次，受理政府信息公开申请2件，均予以公开。",
        ),
        requests=Requests(new_received=(2, 0, 0, 0, 0, 0), results={"granted": (2, 0, 0, 0, 0, 0)}),
        active=_active_2021((0, 0, 0), (0, 0, 0), 0, 0, 0, "0"),
        overrides={("new_received", 5): "2"},
        quirk="seed figures: row 一 prints 其他 2 but 总计 2 (row_total and balance fail)",
    ),
    SampleReport(
        agency="上海市宝山区人民政府办公室",
        year=2022,
        published_on="2023-01-29",
        template="2021",
        title="上海市宝山区人民政府办公室2022年政府信息公开工作年度报告",
        publisher="宝山区人民政府办公室",
        index_no="BS-QZFB-2023-000011",
        overview=(
            "2022年，区政府办公室围绕政务公开工作要点，做好政策文件的主动公开和解读，"
            "全年主动公开政府信息326条，其中行政规范性文件4件。",
            "全年新收政府信息公开申请63件，上年结转3件；办结63件，结转下年度3件。",
        ),
        requests=Requests(
            new_received=(51, 8, 0, 1, 2, 1),
            carried_over=(3, 0, 0, 0, 0, 0),
            results={
                "granted": (20, 3, 0, 1, 1, 0),
                "partly_granted": (6, 1, 0, 0, 0, 0),
                "withheld_third_party": (2, 0, 0, 0, 0, 0),
                "withheld_process": (3, 1, 0, 0, 0, 0),
                "unavailable_not_held": (12, 2, 0, 0, 1, 1),
                "unavailable_unclear": (2, 0, 0, 0, 0, 0),
                "rejected_petition": (3, 0, 0, 0, 0, 0),
                "rejected_duplicate": (1, 0, 0, 0, 0, 0),
                "other_no_correction": (1, 0, 0, 0, 0, 0),
                "other_other": (1, 1, 0, 0, 0, 0),
            },
        ),
        active=_active_2021((0, 0, 0), (4, 2, 31), 0, 0, 0, "0"),
        reviews=((2, 0, 0, 1), (1, 0, 0, 0), (0, 0, 0, 0)),
        quirk="adds up; one review and one suit pending",
    ),
    SampleReport(
        agency="上海市宝山区大场镇人民政府",
        year=2023,
        published_on="2024-01-22",
        template="2021",
        title="上海市宝山区大场镇人民政府关于2023年政府信息公开工作年度报告",
        publisher="大场镇人民政府",
        index_no="BS-DCZ-2024-000002",
        overview=(
            "2023年，大场镇继续推进基层政务公开标准化规范化，全年主动公开政府信息148条。",
            "全年新收政府信息公开申请17件，全部在法定期限内答复，无结转。",
        ),
        requests=Requests(
            new_received=(15, 2, 0, 0, 0, 0),
            results={
                "granted": (6, 1, 0, 0, 0, 0),
                "partly_granted": (2, 0, 0, 0, 0, 0),
                "unavailable_not_held": (5, 1, 0, 0, 0, 0),
                "rejected_petition": (2, 0, 0, 0, 0, 0),
            },
        ),
        active=_active_2021((0, 0, 0), (0, 0, 0), 12, 37, 4, "0"),
        blank_detail_totals=True,
        agency_line=True,
        quirk="总计 column left blank on every result row (blank-total-column)",
    ),
    SampleReport(
        agency="上海市宝山区人力资源和社会保障局",
        year=2022,
        published_on="2023-01-18",
        template="2021",
        title="2022年上海市宝山区人力资源和社会保障局政府信息公开工作年度报告",
        publisher="宝山区人力资源和社会保障局",
        index_no="BS-RSJ-2023-000005",
        overview=(
            "2022年，区人社局围绕就业、社保和人才政策做好主动公开，全年主动公开政府信息212条。",
            "全年新收政府信息公开申请31件，全部办结。",
        ),
        requests=Requests(
            new_received=(28, 3, 0, 0, 0, 0),
            results={
                "granted": (14, 2, 0, 0, 0, 0),
                "partly_granted": (3, 0, 0, 0, 0, 0),
                "withheld_third_party": (2, 0, 0, 0, 0, 0),
                "unavailable_not_held": (7, 1, 0, 0, 0, 0),
                "rejected_confirmation": (2, 0, 0, 0, 0, 0),
            },
        ),
        active=_active_2021((0, 0, 0), (2, 1, 9), 1432, 18, 0, "0"),
        # The printed 总计 row claims one more natural-person case than its result rows hold.
        overrides={("total_handled", 0): "29", ("total_handled", 6): "32"},
        quirk="（七）总计 printed 29 but the result rows add up to 28 (results_sum fails)",
    ),
    SampleReport(
        agency="上海市宝山区行政服务中心",
        year=2022,
        published_on="2023-01-12",
        template="2021",
        title="上海市宝山区行政服务中心2022年政府信息公开工作年度报告",
        publisher="宝山区行政服务中心",
        index_no="BS-XZFWZX-2023-000002",
        overview=(
            "2022年，中心深化“一网通办”，持续做好办事指南和政策解读的主动公开，主动公开政务信息14条。",
            "全年受理政府信息公开申请3件，其中予以公开2件，本机关不掌握相关政府信息1件。",
        ),
        requests=Requests(
            new_received=(3, 0, 0, 0, 0, 0),
            results={"granted": (2, 0, 0, 0, 0, 0), "unavailable_not_held": (1, 0, 0, 0, 0, 0)},
        ),
        active=_active_2021((0, 0, 0), (0, 0, 0), 0, 0, 0, "0"),
        quirk="adds up",
    ),
    SampleReport(
        agency="上海市宝山区顾村镇人民政府",
        year=2020,
        published_on="2021-01-28",
        template="2019",
        title="上海市宝山区顾村镇人民政府2020年政府信息公开工作年度报告",
        publisher="顾村镇人民政府",
        index_no="BS-GCZ-2021-000004",
        overview=(
            "2020年，顾村镇按照2019年修订的《条例》要求做好政府信息公开，全年主动公开政府信息173条。",
            "全年新收政府信息公开申请24件，上年结转1件，办结24件，结转下年度1件。",
        ),
        requests=Requests(
            new_received=(21, 2, 0, 0, 1, 0),
            carried_over=(1, 0, 0, 0, 0, 0),
            results={
                "granted": (9, 1, 0, 0, 1, 0),
                "partly_granted": (3, 0, 0, 0, 0, 0),
                "withheld_process": (1, 0, 0, 0, 0, 0),
                "unavailable_not_held": (4, 1, 0, 0, 0, 0),
                "unavailable_needs_creation": (1, 0, 0, 0, 0, 0),
                "rejected_petition": (2, 0, 0, 0, 0, 0),
                "other": (1, 0, 0, 0, 0, 0),
            },
        ),
        active={
            "regulations": ("0", "0", "0"),
            "normative_documents": ("1", "1", "6"),
            "licensing": ("38", "-3", "412"),
            "other_services": ("5", "0", "27"),
            "penalty": ("14", "2", "96"),
            "coercion": ("3", "0", "5"),
            "fees": ("0", "0"),
            "procurement": ("2", "186000元"),
        },
        reviews=((1, 0, 0, 0), (0, 0, 0, 0), (0, 0, 0, 0)),
        quirk="2019 template; 本年增/减 negative; unit written inside a cell",
    ),
    SampleReport(
        agency="上海市宝山区庙行镇人民政府",
        year=2019,
        published_on="2020-01-21",
        template="2019",
        title="上海市宝山区庙行镇人民政府2019年政府信息公开工作年度报告",
        publisher="庙行镇人民政府",
        index_no="BS-MHZ-2020-000001",
        overview=(
            "2019年，庙行镇落实新修订《条例》，全年主动公开政府信息96条。",
            "全年新收政府信息公开申请5件，均已办结。",
        ),
        requests=Requests(
            new_received=(5, 0, 0, 0, 0, 0),
            results={"granted": (2, 0, 0, 0, 0, 0), "unavailable_not_held": (2, 0, 0, 0, 0, 0),
                     "rejected_duplicate": (1, 0, 0, 0, 0, 0)},
        ),
        active={
            "regulations": ("\u00a0", "\u00a0", "\u00a0"),
            "normative_documents": ("0", "0", "2"),
            "licensing": ("\u00a0", "\u00a0", "\u00a0"),
            "other_services": ("—", "—", "—"),
            "penalty": ("6", "1", "11"),
            "coercion": ("0", "0", "0"),
            "fees": ("0", "0"),
            "procurement": ("0", "0"),
        },
        # 科研机构 on the 予以公开 row printed as a non-breaking space, as some CMS editors leave it.
        overrides={("granted", 2): "\u00a0", ("withheld_query", 1): "-"},
        quirk="2019 template; &nbsp; and dash cells in tables 二 and 三",
    ),
)

DISTRICT_CMS_REPORTS: tuple[SampleReport, ...] = (
    SampleReport(
        agency="上海市长宁区人民政府",
        year=2023,
        published_on="2024-02-12",
        template="2021",
        title="长宁区2023年政府信息公开工作年度报告",
        publisher="上海市长宁区人民政府办公室",
        index_no="CN-QFB-2024-000043",
        overview=(
            "2023年，长宁区坚持以公开为常态、不公开为例外，全区主动公开政府信息12386条。",
            "全年新收政府信息公开申请485件，上年结转25件；办结468件，结转下年度42件。",
            "全年因政府信息公开被申请行政复议20件，被提起行政诉讼13件。",
        ),
        requests=Requests(
            new_received=(412, 58, 2, 3, 6, 4),
            carried_over=(21, 3, 0, 0, 1, 0),
            results={
                "granted": (150, 22, 1, 1, 2, 1),
                "partly_granted": (40, 6, 0, 0, 1, 0),
                "withheld_state_secret": (1, 0, 0, 0, 0, 0),
                "withheld_prohibited": (2, 0, 0, 0, 0, 0),
                "withheld_third_party": (12, 2, 0, 0, 0, 0),
                "withheld_internal": (4, 1, 0, 0, 0, 0),
                "withheld_process": (9, 2, 0, 0, 0, 0),
                "withheld_enforcement": (3, 0, 0, 0, 0, 0),
                "withheld_query": (5, 0, 0, 0, 0, 0),
                "unavailable_not_held": (98, 12, 1, 1, 2, 1),
                "unavailable_needs_creation": (14, 3, 0, 0, 0, 0),
                "unavailable_unclear": (11, 2, 0, 0, 0, 0),
                "rejected_petition": (18, 1, 0, 0, 0, 0),
                "rejected_duplicate": (9, 1, 0, 0, 0, 0),
                "rejected_publication": (2, 0, 0, 0, 0, 0),
                "rejected_excessive": (6, 0, 0, 0, 0, 0),
                "rejected_confirmation": (4, 0, 0, 0, 0, 0),
                "other_no_correction": (7, 1, 0, 0, 0, 0),
                "other_other": (5, 2, 0, 1, 0, 1),
            },
        ),
        active=_active_2021((0, 0, 0), (12, 5, 87), 15234, 2873, 121, "20.3"),
        reviews=((14, 2, 1, 3), (6, 1, 0, 2), (3, 0, 0, 1)),
        family="district_cms",
        created="2024/43/76483",
        attachment=True,
        quirk="consolidated district report; the same report attached as a PDF",
    ),
    SampleReport(
        agency="上海市长宁区人民政府办公室",
        year=2022,
        published_on="2023-02-17",
        template="2021",
        title="上海市长宁区人民政府办公室2022年政府信息公开工作年度报告",
        publisher="上海市长宁区人民政府办公室",
        index_no="CN-QFB-2023-000017",
        overview=(
            "2022年，区政府办公室做好区政府文件的主动公开和政策解读，全年主动公开政府信息523条。",
            "全年新收政府信息公开申请42件，上年结转2件；办结38件，结转下年度6件。",
        ),
        requests=Requests(
            new_received=(36, 5, 0, 0, 1, 0),
            carried_over=(2, 0, 0, 0, 0, 0),
            results={
                "granted": (12, 2, 0, 0, 1, 0),
                "partly_granted": (4, 0, 0, 0, 0, 0),
                "withheld_third_party": (2, 1, 0, 0, 0, 0),
                "unavailable_not_held": (10, 2, 0, 0, 0, 0),
                "rejected_petition": (3, 0, 0, 0, 0, 0),
                "other_no_correction": (1, 0, 0, 0, 0, 0),
            },
        ),
        active=_active_2021((0, 0, 0), (3, 1, 22), 0, 0, 0, "0"),
        reviews=((1, 0, 0, 0), (0, 0, 0, 0), (0, 0, 0, 0)),
        family="district_cms",
        # Created on day 266 of 2022 (a re-hosted page) but published on 17 Feb 2023, as 长宁 does.
        created="2022/266/8781",
        quirk="URL day-of-year is not the publication date",
    ),
    SampleReport(
        agency="上海市长宁区新华路街道办事处",
        year=2023,
        published_on="2024-01-23",
        template="2021",
        title="2023年政府信息公开工作年度报告(上海市长宁区新华路街道办事处)",
        publisher="新华路街道办事处",
        index_no="CN-XHL-2024-000023",
        overview=(
            "2023年，新华路街道推进基层政务公开，全年主动公开政府信息87条。",
            "全年新收政府信息公开申请8件，全部办结。",
        ),
        requests=Requests(
            new_received=(7, 1, 0, 0, 0, 0),
            results={"granted": (3, 1, 0, 0, 0, 0), "unavailable_not_held": (3, 0, 0, 0, 0, 0),
                     "rejected_petition": (1, 0, 0, 0, 0, 0)},
        ),
        active=_active_2021((0, 0, 0), (0, 0, 0), 0, 4, 0, "0"),
        family="district_cms",
        created="2024/23/76146",
        quirk="agency in parentheses after the title",
    ),
)

PAGE_SIZE = 3
CMS_PAGE_SIZE = 2


def by_publication(reports: tuple[SampleReport, ...] = REPORTS) -> list[SampleReport]:
    """Newest first, as district portals list them."""
    return sorted(reports, key=lambda r: (r.published_on, r.title), reverse=True)
