"""The 科技创新 ledgers declared for the generic pages, import and export: the 高新技术企业 certificates, the
applications of each batch, the yearly 火炬统计 and 年报 filings and the statistics bureau's list of the
enterprises in 高新技术产业增加值 (kegong.tech.ledgers_rd: tech SMEs, R&D filings and subsidies, platforms and
projects). The header words are those of the lists the province, the city and the statistics bureau send."""

from __future__ import annotations

from kegong.ledgers.base import Ledger, register
from kegong.readers.ledger import ENTERPRISE, Column, LedgerSpec
from kegong.tech.models import (
    FilingStatus,
    HighTechApplication,
    HighTechCertificate,
    HighTechFiling,
    HighTechStatEnterprise,
)
from kegong.tech.rows import choices, export_row, fields

NOTE = Column("note", "备注", (r"备注",))

CERTIFICATES = register(Ledger(
    slug="high-tech", name="高新技术企业证书", group="科技创新", model=HighTechCertificate,
    spec=LedgerSpec("高新技术企业证书", (
        *ENTERPRISE,
        Column("number", "证书编号", (r"证书(编)?号", r"编号"), required=True),
        Column("issued", "发证日期", (r"发证(日期|时间)", r"认定(日期|时间)", r"颁发日期"), kind="date", required=True),
        Column("batch", "认定批次", (r"(认定)?批次",)),
        NOTE,
    )),
    key=("number",),
    to_fields=lambda v: {"enterprise": v["enterprise"], "number": v.get("number"), "issued": v.get("issued"),
                         "batch": v.get("batch") or "", "note": v.get("note") or ""},
    list_columns=(("enterprise", "企业"), ("number", "证书编号"), ("issued", "发证日期"),
                  ("valid_until", "有效期至"), ("batch", "认定批次")),
    order=("-issued", "number"),
    form_fields=("enterprise", "number", "issued", "batch", "note"),
))


# --- 高新技术企业申报 -----------------------------------------------------------------------------------------
App = HighTechApplication
APPLICATION_SPEC = LedgerSpec("高新技术企业申报", (
    *ENTERPRISE,
    Column("year", "申报年度", (r"(申报)?年(度|份)",), kind="int", required=True),
    Column("batch", "申报批次", (r"(申报|认定)?批次",), kind="choice",
           choices=choices(App.Batch.choices, ("first", "一批"), ("second", "二批"))),
    Column("stage", "阶段", (r"(申报)?(阶段|状态|进度)", r"(评审|认定)结果"), kind="choice",
           choices=choices(App.Stage.choices, ("cultivating", "培育中"), ("applied", "已申报"),
                           ("review", "评审中"), ("certified", "已认定"), ("certified", "通过"))),
    Column("applied", "申报日期", (r"申报(日期|时间)", r"提交(日期|时间)"), kind="date"),
    Column("result_date", "结果日期", (r"(结果|认定|公示|公布)(日期|时间)",), kind="date"),
    Column("certificate_number", "证书编号", (r"证书(编)?号",)),
    NOTE,
))


def _application(v: dict) -> dict:
    out = fields(v, ("year", "batch", "stage", "applied", "result_date"), ("certificate_number", "note"),
                 {"batch": App.Batch.FIRST})
    if out["stage"] is None:  # a new record without a stage: what its other cells say
        out["stage"] = (App.Stage.CERTIFIED if out["certificate_number"] else
                        App.Stage.APPLIED if out["applied"] else App.Stage.CULTIVATING)
    return out


APPLICATIONS = register(Ledger(
    slug="high-tech-applications", name="高新技术企业申报", group="科技创新", model=App, spec=APPLICATION_SPEC,
    key=("enterprise", "year", "batch"), to_fields=_application, to_row=export_row(APPLICATION_SPEC),
    list_columns=(("enterprise", "企业"), ("year", "申报年度"), ("get_batch_display", "申报批次"),
                  ("get_stage_display", "阶段"), ("applied", "申报日期"), ("result_date", "结果日期"),
                  ("certificate_number", "证书编号")),
    order=("-year", "batch", "enterprise__name"),
    form_fields=("enterprise", "year", "batch", "stage", "applied", "result_date", "certificate_number", "note"),
))


# --- 火炬统计与高企年报 ----------------------------------------------------------------------------------------
_STATUS = choices(FilingStatus.choices, ("none", "未报"), ("filed", "已报送"), ("filed", "已报"),
                  ("checked", "审核通过"), ("returned", "退回"))
FILING_SPEC = LedgerSpec("火炬统计与高企年报", (
    *ENTERPRISE,
    Column("year", "报告年度", (r"(报告|统计|填报)?年(度|份)",), kind="int", required=True),
    Column("torch_date", "火炬统计填报日期", (r"火炬(统计)?(报表)?(填报|报送)(日期|时间)",), kind="date"),
    Column("torch_status", "火炬统计", (r"火炬(统计)?(报表)?(填报)?(状态|情况)?",), kind="choice", choices=_STATUS),
    Column("report_date", "高企年报填报日期", (r"(高企|高新技术企业)?年(度)?报(表)?(填报|报送)(日期|时间)",
                                               r"年度发展情况(报表)?(填报|报送)(日期|时间)"), kind="date"),
    Column("report_status", "高企年报", (r"(高企|高新技术企业)?年(度)?报(表)?(填报)?(状态|情况)?",
                                         r"(高企|高新技术企业)?年度发展情况(报表)?(填报)?(状态|情况)?"),
           kind="choice", choices=_STATUS),
    NOTE,
))

FILINGS = register(Ledger(
    slug="high-tech-filings", name="火炬统计与高企年报", group="科技创新", model=HighTechFiling, spec=FILING_SPEC,
    key=("enterprise", "year"), to_row=export_row(FILING_SPEC),
    to_fields=lambda v: fields(v, ("year", "torch_status", "torch_date", "report_status", "report_date"), ("note",),
                               {"torch_status": FilingStatus.NONE, "report_status": FilingStatus.NONE}),
    list_columns=(("enterprise", "企业"), ("year", "报告年度"), ("get_torch_status_display", "火炬统计"),
                  ("torch_date", "火炬统计填报日期"), ("get_report_status_display", "高企年报"),
                  ("report_date", "高企年报填报日期")),
    order=("-year", "enterprise__name"),
    form_fields=("enterprise", "year", "torch_status", "torch_date", "report_status", "report_date", "note"),
))


# --- 纳入高新技术产业增加值统计的企业 --------------------------------------------------------------------------
Q = HighTechStatEnterprise.Quarter
STAT_SPEC = LedgerSpec("纳入高新技术产业增加值统计的企业", (
    *ENTERPRISE,
    Column("year", "年度", (r"(统计)?年(度|份)",), kind="int", required=True),
    Column("quarter", "季度", (r"(统计)?季度", r"(统计)?期(别|间)"), kind="choice", required=True,
           choices=choices(Q.choices, *((q, f"第{Q(q).label}") for q in Q.values),
                           *((q, f"1-{3 * q}月") for q in Q.values), *((q, f"{q}季度") for q in Q.values))),
    Column("domain", "技术领域", (r"(高新)?技术领域", r"领域", r"(所属)?(高新技术)?产业(领域|类别)")),
    NOTE,
))

STAT_ENTERPRISES = register(Ledger(
    slug="high-tech-stat", name="纳入高新技术产业增加值统计的企业", group="科技创新", model=HighTechStatEnterprise,
    spec=STAT_SPEC, key=("enterprise", "year", "quarter"), to_row=export_row(STAT_SPEC),
    to_fields=lambda v: {**fields(v, ("year",), ("domain", "note")),
                         "quarter": int(v["quarter"]) if v.get("quarter") else None},
    list_columns=(("enterprise", "企业"), ("year", "年度"), ("get_quarter_display", "季度"), ("domain", "技术领域")),
    order=("-year", "-quarter", "enterprise__name"),
    form_fields=("enterprise", "year", "quarter", "domain", "note"),
))
