"""The catalogue: every indicator and county measure kegong knows, with one code and its Chinese name.

Plain data. Everything that shows a name — the CLI, the web pages, the exports, the audit findings, the
targets and the documents — reads it from here.

- ``INDICATORS``: what enterprises report month by month (企业月报). Money is stored in 万元, electricity in
  万千瓦时 (energy, never 万千瓦, which is power).
- ``COUNTY_MEASURES``: numbers kept for the whole county per period (全县数据): figures the statistics
  bureau publishes (``PUBLISHED``) and facts staff keep (``FACTS``: 5G 站点, 墙材产量 …).
- ``DERIVED``: counts computed from the records (新增规上企业).
- ``RECORD_COUNTS``: counts of ledger records (台账) the documents name with the facts (国家级高新技术企业数:
  the 高新技术企业证书 valid at the period's end, kegong.tech.measures; 研发费用备案企业数, 科技型中小企业数 …:
  kegong.tech.measures_counts) — never typed in.
- ``TEXTS``: the prose sections staff write per period for the documents.
- ``SCOPE_KINDS``, ``SOURCES``, ``KINDS``: the names of scopes, sources and indicator kinds.
"""

from __future__ import annotations

from dataclasses import dataclass

from kegong.core import units


@dataclass(frozen=True)
class IndicatorDef:
    code: str
    name: str
    unit: str
    kind: str  # "flow": summed over months; "stock": level at the period's end
    source: str  # tongji | tax | power | project | manual
    aggregation: str = "sum"
    order: int = 0


WAN_YUAN = units.WAN_YUAN
WAN_KWH = units.WAN_KWH

INDICATORS: tuple[IndicatorDef, ...] = (
    IndicatorDef("gross_output", "工业总产值", WAN_YUAN, "flow", "tongji", order=10),
    IndicatorDef("sales_output", "工业销售产值", WAN_YUAN, "flow", "tongji", order=20),
    IndicatorDef("export_delivery", "出口交货值", WAN_YUAN, "flow", "tongji", order=30),
    IndicatorDef("revenue", "营业收入", WAN_YUAN, "flow", "tongji", order=40),
    IndicatorDef("profit", "利润总额", WAN_YUAN, "flow", "tongji", order=50),
    IndicatorDef("electricity", "工业用电量", WAN_KWH, "flow", "power", order=60),
    IndicatorDef("tax", "纳税总额", WAN_YUAN, "flow", "tax", order=70),
    IndicatorDef("industrial_investment", "工业投资", WAN_YUAN, "flow", "project", order=80),
    IndicatorDef("renovation_investment", "技改投资", WAN_YUAN, "flow", "project", order=90),
    IndicatorDef("rd_spend", "研发投入", WAN_YUAN, "flow", "manual", order=100),
)

BY_CODE = {d.code: d for d in INDICATORS}
SOURCES = {"tongji": "统计局", "tax": "税务局", "power": "供电公司", "project": "项目库", "manual": "手工录入",
           "template": "kegong 模板", "demo": "演示数据"}
KINDS = {"flow": "流量（按月累加）", "stock": "存量（期末值）"}
AGGREGATIONS = {"sum": "求和"}

# the scopes figures are summed over (kegong indicators --scope KIND:KEY, kegong ranking --by KIND)
SCOPE_KINDS = {"all": "全县", "industry": "行业门类", "division": "行业大类", "town": "乡镇（街道）", "park": "园区",
               "chain": "产业链", "enterprise": "企业"}


# kegong ranking --by KIND → the enterprise attribute the panel groups on
RANK_BY = {"industry": "section", "division": "division", "town": "town", "park": "park", "chain": "chain",
           "enterprise": "enterprise"}


def indicator_name(code: str) -> str:
    """The Chinese name of an indicator, county measure or derived measure; the code itself when unknown."""
    d = BY_CODE.get(code)
    if d is not None:
        return d.name
    m = COUNTY_MEASURES.get(code) or DERIVED.get(code) or RECORD_COUNTS.get(code)
    return m.name if m is not None else code



# --- county measures (全县数据) ------------------------------------------------------------------------


@dataclass(frozen=True)
class FactDef:
    code: str
    name: str
    unit: str
    group: str
    digits: int = 0  # decimals shown in documents


GROUPS = {"published": "统计部门公布", "industry": "工业企业", "science": "科技创新", "informatization": "信息化与两化融合",
          "wall": "节能、建材、环保", "zone": "可持续发展议程创新示范区"}

# nothing the documents print is typed any more: the last one, 预计下月新增规上工业企业数, is now the 升规入统
# list's firms already past the threshold (kegong.reports.outlooks.ready_to_enter); the mechanism stays for a
# figure a bureau keeps that no ledger holds
FACTS: tuple[FactDef, ...] = ()
FACTS_BY_CODE = {f.code: f for f in FACTS}


@dataclass(frozen=True)
class TextDef:
    kind: str
    name: str
    help: str


TEXTS: tuple[TextDef, ...] = (
    TextDef("intro", "开头语", "总结开头一段：贯彻落实的精神、总体情况。"),
    TextDef("science", "科技项目推进（补充）", "接在研发备案、奖补申报数字之后的文字。"),
    TextDef("informatization", "企业信息化（补充）", "接在信息化“四率”数字之后的文字。"),
    TextDef("integration", "两化融合（补充）", "接在5G站点数字之后的文字。"),
    TextDef("wall", "节能、建材、环保其他工作", "墙材生产数字之后的各项工作，每段一项。"),
    TextDef("zone", "示范区建设工作", "示范区日常工作、科技创新等，每段一项。"),
    TextDef("problems", "存在问题和不足", "每段一个问题，可以“（一）……。”开头。"),
    TextDef("thinking", "发展思想", "下阶段工作的总体思路。"),
    TextDef("measures", "工作举措", "每段一项举措，可以“（一）……。”开头。"),
)
TEXTS_BY_KIND = {t.kind: t for t in TEXTS}


def paragraphs(text: str) -> list[str]:
    """Prose as paragraphs: one per non-blank line, surrounding blanks trimmed."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


# Figures the statistics bureau publishes for the county (not from enterprise forms).
PUBLISHED: tuple[FactDef, ...] = (
    FactDef("value_added_growth", "规上工业增加值增速", "%", "published", 1),
    FactDef("ppi", "工业生产者出厂价格指数", "上年同期=100", "published", 1),
    FactDef("gdp", "地区生产总值", "万元", "published", 2),
    FactDef("high_tech_value_added", "高新技术产业增加值", "万元", "published", 2),
    FactDef("electricity_total", "全社会用电量", "万千瓦时", "published", 2),
    # the growth rates published with the amounts, at comparable prices (按可比价格计算), in percent
    FactDef("gdp_growth", "地区生产总值增速（按可比价格计算）", "%", "published", 1),
    FactDef("high_tech_value_added_growth", "高新技术产业增加值增速（按可比价格计算）", "%", "published", 1),
)
# a published amount → the code of the growth the statistics bureau publishes with it (for the same period,
# at comparable prices); documents say that rate, not the ratio of the two typed levels (at current prices)
REPORTED_GROWTH: dict[str, str] = {"gdp": "gdp_growth", "high_tech_value_added": "high_tech_value_added_growth"}
COUNTY_MEASURES: dict[str, FactDef] = {d.code: d for d in (*PUBLISHED, *FACTS)}

# Measures derived from the records and the county figures that a target can be set on: a count of the
# scope statuses and the ratios to GDP (kegong.core.stats.ratios).
DERIVED: dict[str, FactDef] = {d.code: d for d in (
    FactDef("new_above_scale", "新增规上工业企业数", "家", "industry"),
    FactDef("rd_gdp_share", "研发投入占GDP比重", "%", "science", 2),
    FactDef("high_tech_gdp_share", "高新技术产业增加值占GDP比重", "%", "science", 2),
)}


# Counts of ledger records (台账), computed by the ledger's measure (kegong.tech.measures) and shown where a
# fact would be (``facts.<code>`` in the documents): what the ledger's pages list, so nobody types them in.
RECORD_COUNTS: dict[str, FactDef] = {d.code: d for d in (
    FactDef("high_tech_enterprises", "国家级高新技术企业数", "家", "science"),
    FactDef("rd_filing_enterprises", "研发资金备案企业数", "家", "science"),
    FactDef("rd_subsidy_enterprises", "研发财政奖补申报企业数", "家", "science"),
    FactDef("rd_subsidy_amount", "研发财政奖补申报资金", "万元", "science"),
    FactDef("platform_applicants", "申报市级科普基地和技术研发中心企业数", "家", "science"),
    FactDef("tech_sme", "成功申报科技型中小企业数", "家", "science"),
    FactDef("hightech_applicants", "申报国家级高新技术企业数", "家", "science"),
    FactDef("hightech_stat_enterprises", "纳入高新技术产业增加值统计企业数", "家", "science"),
    FactDef("high_tech_new", "成功申报国家高新技术企业数", "家", "science"),
    # 信息化 (kegong.informatization.measures): the 四率 are shares of the year's above-scale enterprises
    FactDef("it_broadband_share", "宽带接入的规上企业占比", "%", "informatization"),
    FactDef("it_lan_share", "组建企业内部局域网的规上企业占比", "%", "informatization"),
    FactDef("it_ecommerce_share", "利用互联网开展电子商务的规上企业占比", "%", "informatization"),
    FactDef("it_website_share", "建立门户网站的规上企业占比", "%", "informatization"),
    FactDef("cloud_enterprises", "上云规上企业数", "家", "informatization"),
    FactDef("g5_plan_investment", "5G建设年度计划投资", "万元", "informatization"),
    FactDef("g5_plan_sites", "5G站点年度计划建设数", "个", "informatization"),
    FactDef("g5_done_investment", "5G建设累计完成投资", "万元", "informatization"),
    FactDef("g5_done_sites", "5G站点累计建成数", "个", "informatization"),
    FactDef("g5_open_sites", "5G站点已开通数", "个", "informatization"),
    # 墙材与节能 (kegong.wall.measures): counted and derived from the producers and their monthly output
    FactDef("wall_enterprises", "正常生产墙材企业数", "家", "wall"),
    FactDef("wall_sintered_enterprises", "烧结墙材企业数", "家", "wall"),
    FactDef("wall_concrete_enterprises", "混凝土墙材企业数", "家", "wall"),
    FactDef("wall_sintered_output", "烧结墙材产量（折标砖）", "亿块", "wall", 2),
    FactDef("wall_concrete_output", "混凝土砖产量", "万块", "wall"),
    FactDef("wall_land_saved", "节约土地", "亩", "wall"),
    FactDef("wall_energy_saved", "节约能源", "万吨标煤", "wall", 2),
    FactDef("wall_waste_used", "利用工业废渣", "万吨", "wall", 2),
    FactDef("wall_applications", "申请新型墙材产品认定企业数", "家", "wall"),
    # 中小微企业 (kegong.sme.measures): the 信心指数 survey of the period's quarter and the 认定 field checks
    FactDef("sme_confidence_answers", "中小微企业信心指数调查问卷份数", "份", "wall"),
    FactDef("sme_confidence_index", "中小微企业信心指数", "", "wall", 1),
    FactDef("sme_size_checks", "中小微企业认定实地核查企业数", "家", "wall"),
    # 示范区项目与新能源 (kegong.projects.measures): counted from the projects, their months and the farms
    FactDef("zone_projects", "示范区年度计划实施项目数", "个", "zone"),
    FactDef("zone_total_investment", "示范区项目总投资", "亿元", "zone", 1),
    FactDef("zone_plan_investment", "示范区年度计划投资", "亿元", "zone", 2),
    FactDef("zone_done_investment", "示范区累计完成投资", "亿元", "zone", 2),
    FactDef("furniture_building", "家居产业园在建企业数", "家", "zone"),
    FactDef("furniture_operating", "家居产业园竣工投产企业数", "家", "zone"),
    FactDef("wind_farms", "已建成风电场", "个", "zone"),
    FactDef("solar_bases", "已建成光伏基地", "个", "zone"),
    FactDef("renewable_capacity", "新能源装机容量", "兆瓦", "zone"),
    FactDef("wind_building_farms", "在建待建风电场", "个", "zone"),
    FactDef("wind_building_capacity", "在建待建风电装机容量", "兆瓦", "zone"),
    FactDef("solar_building_bases", "在建待建光伏基地", "个", "zone"),
    FactDef("solar_building_capacity", "在建待建光伏装机容量", "兆瓦", "zone"),
)}


def text_kind(value: str) -> str:
    """The code of a prose section given its code or its Chinese name (``problems`` or 存在问题和不足)."""
    from kegong.core.errors import InputError

    v = value.strip()
    if v in TEXTS_BY_KIND:
        return v
    for t in TEXTS:
        if v == t.name or (v and v in t.name):
            return t.kind
    known = "、".join(f"{t.name}（{t.kind}）" for t in TEXTS)
    raise InputError(f"未知的文字栏目“{value}”（可用：{known}）")
