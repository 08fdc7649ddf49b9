"""The 科技创新 ledgers of the bureau's other science work: 科技型中小企业入库 (as the province publishes its
lists: 登记编号, 企业名称, 统一社会信用代码), 研发费用备案, 研发财政奖补申报, 创新平台 and 科技项目."""

from __future__ import annotations

import re

from kegong.ledgers.base import Ledger, register
from kegong.readers.ledger import ENTERPRISE, Column, LedgerSpec
from kegong.tech.models import InnovationPlatform, RdFiling, RdSubsidy, TechProject, TechSmeRegistration
from kegong.tech.rows import choices, export_row, fields

NOTE = Column("note", "备注", (r"备注",))
WAN = "万元"
_LEVELS = (("city", "市"), ("province", "省"), ("national", "国家"))


# --- 科技型中小企业入库 -----------------------------------------------------------------------------------------
Sme = TechSmeRegistration
SME_SPEC = LedgerSpec("科技型中小企业入库", (
    *ENTERPRISE,
    Column("number", "入库登记编号", (r"(入库)?登记(编号|号)", r"入库编号", r"编号")),
    Column("year", "评价年度", (r"(评价|入库)?年(度|份)",), kind="int"),
    Column("score", "评价得分", (r"(评价)?(得分|分数|评分)",), kind="int"),
    # "state", not "status": a list without the column (the published 入库 list) still marks its firms 入库
    Column("state", "状态", (r"(入库|评价)?(状态|结果)",), kind="choice",
           choices=choices(Sme.Status.choices, ("registered", "已入库"), ("public", "公示中"), ("rejected", "不通过"))),
    Column("date", "入库日期", (r"(入库|公示|公告|登记)(日期|时间)", r"日期"), kind="date"),
    NOTE,
))
_NUMBER_YEAR = re.compile(r"(20\d\d)\d{6,}")  # 2026 + the county's division code + batch and serial


def _sme(v: dict) -> dict:
    out = fields(v, ("year", "score", "date"), ("number", "note"))
    if out["year"] is None and (m := _NUMBER_YEAR.fullmatch(out["number"])):
        out["year"] = int(m[1])  # the published list gives the year in the number only
    if v.get("state"):
        out["status"] = v["state"]
    elif out["number"]:
        out["status"] = Sme.Status.REGISTERED  # a registration number is given on 入库
    return out


TECH_SME = register(Ledger(
    slug="tech-sme", name="科技型中小企业入库", group="科技创新", model=Sme, spec=SME_SPEC,
    key=("enterprise", "year"), to_fields=_sme, to_row=export_row(SME_SPEC, {"state": "status"}),
    list_columns=(("enterprise", "企业"), ("year", "评价年度"), ("number", "入库登记编号"), ("score", "评价得分"),
                  ("get_status_display", "状态"), ("date", "入库日期")),
    search=("enterprise__name", "enterprise__uscc", "number"),
    order=("-year", "number", "enterprise__name"),
    form_fields=("enterprise", "year", "number", "score", "status", "date", "note"),
))


# --- 研发费用备案 -------------------------------------------------------------------------------------------
RD_FILING_SPEC = LedgerSpec("研发费用备案", (
    *ENTERPRISE,
    Column("year", "备案年度", (r"(备案)?年(度|份)",), kind="int", required=True),
    Column("amount", "备案金额", (r"(研发(费用|投入))?备案(金额|额)", r"研发(费用|投入|经费)(总额|金额|合计)?"),
           kind="number", unit=WAN),
    Column("filed", "备案日期", (r"备案(日期|时间)", r"(填报|提交)(日期|时间)"), kind="date", required=True),
    NOTE,
))

RD_FILINGS = register(Ledger(
    slug="rd-filings", name="研发费用备案", group="科技创新", model=RdFiling, spec=RD_FILING_SPEC,
    key=("enterprise", "year"), to_fields=lambda v: fields(v, ("year", "amount", "filed"), ("note",)),
    to_row=export_row(RD_FILING_SPEC),
    list_columns=(("enterprise", "企业"), ("year", "备案年度"), ("amount", "备案金额（万元）"), ("filed", "备案日期")),
    order=("-year", "-filed", "enterprise__name"),
    form_fields=("enterprise", "year", "amount", "filed", "note"),
))


# --- 研发财政奖补申报 -----------------------------------------------------------------------------------------
RD_SUBSIDY_SPEC = LedgerSpec("研发财政奖补申报", (
    *ENTERPRISE,
    Column("year", "申报年度", (r"(申报)?年(度|份)",), kind="int", required=True),
    Column("applied_amount", "申报金额", (r"申报(奖补)?(金额|资金)", r"申请(奖补)?(金额|资金)"), kind="number",
           required=True, unit=WAN),
    Column("granted_amount", "拨付金额", (r"(拨付|核定|下达|实际)(奖补)?(金额|资金)",), kind="number", unit=WAN),
    Column("status", "状态", (r"(申报|办理)?(状态|进度)",), kind="choice",
           choices=choices(RdSubsidy.Status.choices, ("granted", "拨付"), ("review", "审核中"))),
    Column("applied", "申报日期", (r"申报(日期|时间)", r"(填报|提交)(日期|时间)"), kind="date", required=True),
    NOTE,
))

RD_SUBSIDIES = register(Ledger(
    slug="rd-subsidies", name="研发财政奖补申报", group="科技创新", model=RdSubsidy, spec=RD_SUBSIDY_SPEC,
    key=("enterprise", "year"), to_row=export_row(RD_SUBSIDY_SPEC),
    to_fields=lambda v: fields(v, ("year", "applied_amount", "granted_amount", "status", "applied"), ("note",),
                               {"status": RdSubsidy.Status.APPLIED}),
    list_columns=(("enterprise", "企业"), ("year", "申报年度"), ("applied_amount", "申报金额（万元）"),
                  ("granted_amount", "拨付金额（万元）"), ("get_status_display", "状态"), ("applied", "申报日期")),
    order=("-year", "-applied", "enterprise__name"),
    form_fields=("enterprise", "year", "applied_amount", "granted_amount", "status", "applied", "note"),
))


# --- 创新平台 -----------------------------------------------------------------------------------------------
P = InnovationPlatform
PLATFORM_SPEC = LedgerSpec("创新平台", (
    *ENTERPRISE,
    Column("name", "平台名称", (r"(平台|中心|基地)名称",)),
    Column("kind", "平台类型", (r"(平台)?(类型|类别)",), kind="choice", required=True,
           choices=choices(P.Kind.choices, ("rd_centre", "研发中心"), ("engineering", "工程技术中心"))),
    Column("level", "级别", (r"(平台)?(级别|层级)",), kind="choice", required=True,
           choices=choices(P.Level.choices, *_LEVELS)),
    Column("status", "状态", (r"(申报|认定)?(状态|结果)",), kind="choice",
           choices=choices(P.Status.choices, ("recognised", "已认定"), ("applied", "已申报"))),
    Column("year", "申报年度", (r"(申报)?年(度|份)",), kind="int", required=True),
    Column("recognised", "认定日期", (r"(认定|批复|授牌)(日期|时间)",), kind="date"),
    NOTE,
))

PLATFORMS = register(Ledger(
    slug="platforms", name="创新平台", group="科技创新", model=P, spec=PLATFORM_SPEC,
    key=("enterprise", "kind", "level", "year"), to_row=export_row(PLATFORM_SPEC),
    to_fields=lambda v: fields(v, ("kind", "level", "status", "year", "recognised"), ("name", "note"),
                               {"status": P.Status.APPLIED}),
    list_columns=(("enterprise", "企业"), ("name", "平台名称"), ("get_kind_display", "平台类型"),
                  ("get_level_display", "级别"), ("year", "申报年度"), ("get_status_display", "状态"),
                  ("recognised", "认定日期")),
    search=("enterprise__name", "enterprise__uscc", "name"),
    order=("-year", "level", "kind", "enterprise__name"),
    form_fields=("enterprise", "name", "kind", "level", "status", "year", "recognised", "note"),
))


# --- 科技项目 -----------------------------------------------------------------------------------------------
PROJECT_SPEC = LedgerSpec("科技项目", (
    Column("name", "项目名称", (r"项目名称", r"项目"), required=True),
    ENTERPRISE[0],
    Column("enterprise_name", "企业名称", (*ENTERPRISE[1].words, r"(承担|申报)(企业|单位)(名称)?")),
    Column("level", "级别", (r"(项目)?(级别|层级)",), kind="choice", required=True,
           choices=choices(TechProject.Level.choices, *_LEVELS)),
    Column("programme", "项目类别", (r"(项目|计划)(类别|类型)", r"(科技)?计划(名称)?", r"专项(名称)?")),
    Column("amount", "支持资金", (r"(支持|资助|补助|立项|申请)(资金|金额|经费)", r"金额"), kind="number", unit=WAN),
    Column("status", "状态", (r"(项目)?(状态|进展)",), kind="choice",
           choices=choices(TechProject.Status.choices, ("approved", "已立项"), ("accepted", "已验收"))),
    Column("year", "申报年度", (r"(申报|立项)?年(度|份)",), kind="int", required=True),
    NOTE,
))

PROJECTS = register(Ledger(
    slug="tech-projects", name="科技项目", group="科技创新", model=TechProject, spec=PROJECT_SPEC,
    key=("enterprise", "name", "year"), to_row=export_row(PROJECT_SPEC),
    to_fields=lambda v: fields(v, ("name", "level", "amount", "status", "year"), ("programme", "note"),
                               {"status": TechProject.Status.APPLIED}),
    list_columns=(("name", "项目名称"), ("enterprise", "企业"), ("get_level_display", "级别"),
                  ("programme", "项目类别"), ("amount", "支持资金（万元）"), ("get_status_display", "状态"),
                  ("year", "申报年度")),
    search=("enterprise__name", "enterprise__uscc", "name"),
    order=("-year", "level", "enterprise__name"),
    form_fields=("enterprise", "name", "level", "programme", "amount", "status", "year", "note"),
))
