"""The column vocabulary: every header word a reader places, one row per word, naming the form it comes
from. Adding a synonym is adding a row to ``WORDS``; the readers walk a sheet's header with the patterns
built here (pure data and pure functions: no Django, no I/O).

A *field* is what a column holds for a source (``FIELDS``): an identifying field (the credit code, the
name…), an indicator (工业总产值…), or one of an indicator's four *parts* (本月, 1-本月, 上年同月, 上年同期).
A *word* (``WORDS``) is a regular expression over the header label as :func:`kegong.readers.cells.norm_label`
leaves it (NFKC, no spaces, one kind of bracket and dash), brackets stripped: identifying fields and
parts must match the whole label, indicators its start (the rest may name a part: 工业总产值本月).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kegong.readers.cells import strip_brackets

ID, INDICATOR, PART, DERIVED, KNOWN = "id", "indicator", "part", "derived", "known"

# the forms the words come from
F_DIRECT = "联网直报 B201-1 工业产销总值及主要产品产量 / B204-1 财务状况"
F_TONGJI = "统计局规上工业企业主要指标月报（汇总表）"
F_TAX = "税务局入库税收明细"
F_POWER = "供电公司工业用户用电量清单"
F_PROJECT = "工业投资项目库（项目调度表）"
F_TEMPLATE = "kegong 数据模板"
F_COMMON = "各类报表通用写法"


@dataclass(frozen=True)
class Field:
    source: str
    key: str
    label: str  # the name a message uses
    role: str = ID
    required: bool = True


@dataclass(frozen=True)
class Word:
    source: str
    field: str
    pattern: str  # regex over the normalised, bracket-stripped label
    form: str


FIELDS: tuple[Field, ...] = (
    # 统计局 (tongji): identifying columns, indicators, and the four parts of each indicator
    Field("tongji", "seq", "序号", ID, required=False),
    Field("tongji", "uscc", "统一社会信用代码"),
    Field("tongji", "name", "单位详细名称"),
    Field("tongji", "industry", "行业代码"),
    Field("tongji", "town", "所在乡镇（街道）"),
    Field("tongji", "gross_output", "工业总产值", INDICATOR),
    Field("tongji", "sales_output", "工业销售产值", INDICATOR),
    Field("tongji", "export_delivery", "出口交货值", INDICATOR),
    Field("tongji", "revenue", "营业收入", INDICATOR),
    Field("tongji", "profit", "利润总额", INDICATOR),
    Field("tongji", "electricity", "工业用电量", INDICATOR),
    Field("tongji", "value", "本月", PART),
    Field("tongji", "cumulative", "1-本月", PART),
    Field("tongji", "prior_year_value", "上年同月", PART),
    Field("tongji", "prior_year_cumulative", "上年同期", PART),
    Field("tongji", "derived", "增速等计算列", DERIVED),
    Field("tongji", "known", "不导入的已知列", KNOWN),
    # 税务局 (tax)
    Field("tax", "uscc", "纳税人识别号"),
    Field("tax", "name", "纳税人名称", required=False),
    Field("tax", "industry", "行业", required=False),
    Field("tax", "period_end", "税款所属期止", required=False),
    Field("tax", "period", "税款所属期", required=False),
    Field("tax", "kind", "征收项目", required=False),
    Field("tax", "amount", "实缴税额", required=False),
    # 供电公司 (power)
    Field("power", "account", "户号"),
    Field("power", "name", "户名"),
    Field("power", "address", "用电地址", required=False),
    Field("power", "period", "月份", required=False),
    Field("power", "kwh", "用电量"),
    # 项目库 (project)
    Field("project", "project", "项目名称"),
    Field("project", "enterprise", "企业名称"),
    Field("project", "uscc", "统一社会信用代码", required=False),
    Field("project", "renovation", "是否技改"),
    Field("project", "planned", "计划总投资", required=False),
    Field("project", "month_value", "本月完成投资", required=False),
    Field("project", "cumulative", "本年完成投资", required=False),
    # kegong 模板 (template)
    Field("template", "uscc", "统一社会信用代码"),
    Field("template", "name", "单位详细名称", required=False),
    Field("template", "indicator", "指标"),
    Field("template", "period", "期别"),
    Field("template", "value", "本月", required=False),
    Field("template", "cumulative", "1-本月累计", required=False),
    Field("template", "prior_year_value", "上年同月", required=False),
    Field("template", "prior_year_cumulative", "上年同期累计", required=False),
)

_CUM = r"(本年)?1-(本|当)月(止)?(累计)?(数)?"
WORDS: tuple[Word, ...] = (
    # --- 统计局: identifying columns
    Word("tongji", "seq", r"序号|序|编号", F_COMMON),
    Word("tongji", "uscc", r"(统一)?社会信用代码|信用代码|统一代码", F_TONGJI),
    Word("tongji", "uscc", r"单位代码|(法人)?单位统一代码|统一社会信用代码\(单位代码\)", F_DIRECT),
    Word("tongji", "name", r"单位(详细)?名称|企业(详细)?名称|法人单位(详细)?名称", F_TONGJI),
    Word("tongji", "name", r"详细名称|单位名称\(盖章\)|填报单位", F_DIRECT),
    Word("tongji", "industry", r"(国民经济)?行业(小类)?代码|行业小类", F_TONGJI),
    Word("tongji", "industry", r"行业代码\(GB/T4754-2017\)|主要业务活动代码|行业类别代码", F_DIRECT),
    Word("tongji", "town", r"(所在)?乡镇(街道|\(街道\))?(名称)?|所在街道|所在乡镇街道", F_TONGJI),
    Word("tongji", "town", r"乡镇\(街道\)|所在地(乡镇|街道)|乡镇街道名称|区划名称", F_DIRECT),
    # --- 统计局: indicators (matched at the start of the label; longest words first)
    Word("tongji", "gross_output", r"工业总产值", F_TONGJI),
    Word("tongji", "sales_output", r"工业销售产值|销售产值", F_TONGJI),
    Word("tongji", "export_delivery", r"出口交货值", F_TONGJI),
    Word("tongji", "revenue", r"营业收入|主营业务收入", F_TONGJI),
    Word("tongji", "profit", r"利润总额", F_TONGJI),
    Word("tongji", "electricity", r"工业用电量|用电量|综合用电量", F_TONGJI),
    # --- 统计局: the four parts
    Word("tongji", "prior_year_value", r"(上年|去年)(同月|本月|当月)(数)?", F_TONGJI),
    Word("tongji", "prior_year_cumulative", r"(上年|去年)(同期|1-本月|1-当月|累计)(累计)?(数)?", F_TONGJI),
    Word("tongji", "value", r"(本月|当月)(数|实际)?", F_TONGJI),
    Word("tongji", "cumulative", _CUM + r"|本年累计(数)?|累计(数)?|本月累计|本期累计", F_TONGJI),
    Word("tongji", "prior_year_value", r"上年同期本月|上年本月数?", F_DIRECT),
    Word("tongji", "prior_year_cumulative", r"上年1-本月(累计)?|上年同期1-本月|上年1至本月", F_DIRECT),
    Word("tongji", "value", r"本年本月(数)?|本期(数)?", F_DIRECT),
    Word("tongji", "cumulative", r"本年1至本月|1至本月(累计)?", F_DIRECT),
    Word("tongji", "derived", r".*(增速|增长|增幅|%|比上年|同比|位次|排名|比重|占比).*", F_COMMON),
    Word("tongji", "known", r"(联系|固定|移动)?电话(号码)?|手机(号码)?|联系人|邮(政)?编(码)?|法定代表人|单位负责人|"
                            r"统计负责人|填表人|(开业|成立)(时间|年份|年月)?|(详细)?地址|(登记)?注册类型|控股情况|"
                            r"企业规模|规模|隶属关系|机构类型|备注|说明|企业状态|运行状态", F_COMMON),
    # --- 税务局
    Word("tax", "uscc", r"纳税人识别号.*|(统一)?社会信用代码.*|识别号", F_TAX),
    Word("tax", "name", r"纳税人名称|企业名称|单位名称", F_TAX),
    Word("tax", "industry", r"(所属)?行业(名称)?", F_TAX),
    Word("tax", "period_end", r"(税款)?所属期止|所属时期止", F_TAX),
    Word("tax", "period", r"(税款)?所属(期|时期|月份)(起)?|月份|入库(日期|期)|年月", F_TAX),
    Word("tax", "kind", r"征收项目|税种|税\(费\)种|税费种|征收品目", F_TAX),
    Word("tax", "amount", r"实缴(税额|金额|税款|税费|税\(费\)额)?(合计)?|\(?实缴\)?入库税额|入库(税额|金额)", F_TAX),
    Word("tax", "amount", r"税额|合计|税收合计|纳税总额|税款合计", F_TAX),
    # --- 供电公司
    Word("power", "account", r"(用电|用户|客户)?户号|用户编号|客户编号|户号编码", F_POWER),
    Word("power", "name", r"户名|用户名称|客户名称|用电户名", F_POWER),
    Word("power", "address", r"(用电)?地址", F_POWER),
    Word("power", "period", r"(电费|抄表|用电|结算)?(年月|月份)|所属期|期间", F_POWER),
    Word("power", "kwh", r"(月)?(用电量|售电量|抄见电量|结算电量|电量)(合计)?", F_POWER),
    # --- 项目库
    Word("project", "project", r"项目名称|项目", F_PROJECT),
    Word("project", "enterprise", r"(建设|项目|业主|投资|实施)?单位(名称)?|企业(名称)?|(项目)?业主|建设主体",
         F_PROJECT),
    Word("project", "uscc", r"(统一)?社会信用代码", F_PROJECT),
    Word("project", "renovation", r"是否(为)?技改(项目)?|是否技术改造(项目)?|技改项目|技改", F_PROJECT),
    Word("project", "planned", r"计划(总)?投资|总投资", F_PROJECT),
    Word("project", "month_value", r"(本|当)月完成(投资)?", F_PROJECT),
    Word("project", "cumulative", r"本年(累计)?完成(投资)?|1-本月完成(投资)?|本年累计(完成)?", F_PROJECT),
    # --- kegong 模板
    Word("template", "uscc", r"(统一)?社会信用代码", F_TEMPLATE),
    Word("template", "name", r"单位(详细)?名称|企业名称", F_TEMPLATE),
    Word("template", "indicator", r"指标(代码|名称)?", F_TEMPLATE),
    Word("template", "period", r"期别|月份|年月", F_TEMPLATE),
    Word("template", "value", r"本月(数)?", F_TEMPLATE),
    Word("template", "cumulative", r"1-本月(累计)?|本年累计", F_TEMPLATE),
    Word("template", "prior_year_value", r"上年同月", F_TEMPLATE),
    Word("template", "prior_year_cumulative", r"上年同期(累计)?", F_TEMPLATE),
)


# --- lookups -----------------------------------------------------------------------------------------

def fields(source: str, role: str | None = None) -> tuple[Field, ...]:
    return tuple(f for f in FIELDS if f.source == source and (role is None or f.role == role))


def field(source: str, key: str) -> Field:
    for f in FIELDS:
        if f.source == source and f.key == key:
            return f
    raise KeyError(f"{source}.{key}")


def label(source: str, key: str) -> str:
    return field(source, key).label


@cache
def pattern(source: str, key: str) -> re.Pattern:
    """The field's words as one pattern, in the order of the table."""
    words = [w.pattern for w in WORDS if w.source == source and w.field == key]
    if not words:
        raise KeyError(f"没有“{source}.{key}”的表头词")
    return re.compile("|".join(f"(?:{p})" for p in words))


def full_match(source: str, role: str, lab: str) -> str | None:
    """The field of ``role`` whose words match the whole label (brackets stripped or not)."""
    stem = strip_brackets(lab)
    for f in fields(source, role):
        pat = pattern(source, f.key)
        if pat.fullmatch(stem) or pat.fullmatch(lab):
            return f.key
    return None


def prefix_match(source: str, role: str, stem: str) -> tuple[str, str] | None:
    """(field, the rest of the label) for the field of ``role`` a word of which starts ``stem``; the
    longest word wins (工业销售产值 over 销售产值)."""
    best: tuple[int, str] | None = None
    for f in fields(source, role):
        m = pattern(source, f.key).match(stem)
        if m and (best is None or m.end() > best[0]):
            best = (m.end(), f.key)
    return None if best is None else (best[1], stem[best[0]:])


def words_of(source: str, key: str) -> list[Word]:
    return [w for w in WORDS if w.source == source and w.field == key]


def table(source: str | None = None) -> list[tuple[str, str, str, str, str]]:
    """(来源, 字段, 字段名, 表头词, 出处) rows, for the CLI and the web to show."""
    out = []
    for w in WORDS:
        if source is None or w.source == source:
            out.append((w.source, w.field, field(w.source, w.field).label, w.pattern, w.form))
    return out
