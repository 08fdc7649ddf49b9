"""企业年度科技情况: the ledger of what each enterprise declares of a year (kegong.enterprises.models.EnterpriseYear)
— staff, sales, R&D, income, assets, costs, intellectual property and the direct routes of the 科技型中小企业
evaluation — declared for the generic pages, and imported from the yearly form as enterprises fill it (the
header words of the 高企 / 科技型中小企业 forms; money in 万元; 是/否 for the yes-or-no columns; a blank cell is
not known, never zero). Rows are matched on the enterprise and the year, so the same form again changes
nothing. The self-checks read it (kegong.tech.selfcheck)."""

from __future__ import annotations

from kegong.enterprises.models import EnterpriseYear
from kegong.ledgers.base import Ledger, register
from kegong.readers.ledger import ENTERPRISE, Column, LedgerSpec

_NUMBERS = ("staff", "tech_staff", "sales", "total_income", "total_assets", "total_cost", "rd", "domestic_rd",
            "high_tech_income", "core_ip_count", "ip_class1", "ip_class2")
_FLAGS = ("national_award", "provincial_rd_institution", "led_standard")
FIELDS = ("year", *_NUMBERS, *_FLAGS, "note")


def _money(key: str, label: str, *words: str) -> Column:
    return Column(key, label, words, kind="number", unit="万元")


def _count(key: str, label: str, unit: str, *words: str) -> Column:
    return Column(key, label, words, kind="int", unit=unit)


COLUMNS = (
    *ENTERPRISE,
    Column("year", "年度", (r"(统计|申报|所属|填报)?年(度|份)",), kind="int", required=True),
    _count("staff", "职工总数", "人", r"(当年|年末)?(职工(总数|人数|总人数)|从业人员(数|总数|期末人数)?)"),
    _count("tech_staff", "科技人员数", "人", r"(其中[:：]?)?科技(活动)?人员(数|人数|总数)?"),
    _money("sales", "销售收入", r"(年|当年|近一年)?销售收入(总额|合计)?", r"营业收入(合计)?"),
    _money("total_income", "总收入", r"(企业|近一年)?总收入", r"收入总额"),
    _money("total_assets", "资产总额", r"(年末)?资产总(额|计)"),
    _money("total_cost", "成本费用总额", r"成本费用(支出)?(总额|合计)"),
    _money("rd", "研发费用", r"(近一年|当年)?研(究开)?发(费用|经费|投入)(总额|合计|支出)?", r"R&D经费(支出)?"),
    _money("domestic_rd", "境内研发费用", r"(其中[:：]?)?(在中国)?境内(发生的)?研(究开)?发费用(总额|合计)?"),
    _money("high_tech_income", "高新技术产品（服务）收入", r"(近一年)?高新技术产品(\(服务\))?收入(合计)?"),
    _count("core_ip_count", "核心知识产权数", "项", r"(拥有)?核心(自主)?知识产权(数|数量|项数)?"),
    _count("ip_class1", "Ⅰ类知识产权数", "项", r"(Ⅰ|I|一)类知识产权(数|数量|项数)?"),
    _count("ip_class2", "Ⅱ类知识产权数", "项", r"(Ⅱ|II|二)类知识产权(数|数量|项数)?"),
    Column("national_award", "近五年获国家级科技奖励", (r".*国家级科技奖.*",), kind="bool"),
    Column("provincial_rd_institution", "拥有省部级以上研发机构", (r".*省部级(以上)?(研发|研究开发)机构.*",), kind="bool"),
    Column("led_standard", "近五年主导制定标准", (r".*主导制定.*标准.*",), kind="bool"),
    Column("note", "备注", (r"备注",)),
)


def _fields(v: dict) -> dict:
    out = {k: v.get(k) for k in ("enterprise", *FIELDS)}
    out["note"] = out["note"] or ""
    return out


def _row(obj: EnterpriseYear) -> dict:
    """The export row: the yes-or-no columns as 是 / 否 (blank: not known), so the file reads back unchanged."""
    out = {"uscc": obj.enterprise.uscc, "enterprise_name": obj.enterprise.name}
    for k in FIELDS:
        v = getattr(obj, k)
        out[k] = ("是" if v else "否") if k in _FLAGS and v is not None else v
    return out


ENTERPRISE_YEARS = register(Ledger(
    slug="enterprise-years", name="企业年度科技情况", group="科技创新", model=EnterpriseYear,
    spec=LedgerSpec("企业年度科技情况", COLUMNS),
    key=("enterprise", "year"),
    to_fields=_fields,
    to_row=_row,
    list_columns=(("enterprise", "企业"), ("year", "年度"), ("staff", "职工总数"), ("tech_staff", "科技人员数"),
                  ("sales", "销售收入（万元）"), ("rd", "研发费用（万元）"),
                  ("high_tech_income", "高新技术产品（服务）收入（万元）")),
    order=("-year", "enterprise__name"),
    form_fields=("enterprise", *FIELDS),
))
