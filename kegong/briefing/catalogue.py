"""The period facts and prose sections the bureau keeps for its reports — plain data.

A *fact* is one number per period (year, cumulative end month) that no enterprise file carries: how many
enterprises filed R&D funds, how many 5G sites were built, how many bricks the wall-material plants made…
A *text* is one prose section per period (problems, measures, …) written by staff.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FactDef:
    code: str
    name: str
    unit: str
    group: str
    digits: int = 0  # decimals shown in documents


GROUPS = {"industry": "工业企业", "science": "科技创新", "informatization": "信息化与两化融合",
          "wall": "节能、建材、环保", "zone": "可持续发展议程创新示范区"}

FACTS: tuple[FactDef, ...] = (
    FactDef("new_enterprises_expected", "预计下月新增规上工业企业数", "家", "industry"),
    FactDef("rd_filing_enterprises", "研发资金备案企业数", "家", "science"),
    FactDef("rd_subsidy_enterprises", "研发财政奖补申报企业数", "家", "science"),
    FactDef("rd_subsidy_amount", "研发财政奖补申报资金", "万元", "science"),
    FactDef("platform_applicants", "申报市级科普基地和技术研发中心企业数", "家", "science"),
    FactDef("tech_sme", "成功申报科技型中小企业数", "家", "science"),
    FactDef("hightech_applicants", "申报国家级高新技术企业数", "家", "science"),
    FactDef("hightech_stat_enterprises", "纳入高新技术产业增加值统计企业数", "家", "science"),
    FactDef("hightech_enterprises", "国家级高新技术企业数", "家", "science"),
    FactDef("it_lan_share", "组建企业内部局域网的规上企业占比", "%", "informatization"),
    FactDef("it_ecommerce_share", "利用互联网开展电子商务的规上企业占比", "%", "informatization"),
    FactDef("it_website_share", "建立门户网站的规上企业占比", "%", "informatization"),
    FactDef("g5_plan_investment", "5G建设年度计划投资", "万元", "informatization"),
    FactDef("g5_plan_sites", "5G站点年度计划建设数", "个", "informatization"),
    FactDef("g5_done_investment", "5G建设累计完成投资", "万元", "informatization"),
    FactDef("g5_done_sites", "5G站点累计建成数", "个", "informatization"),
    FactDef("g5_open_sites", "5G站点已开通数", "个", "informatization"),
    FactDef("wall_enterprises", "正常生产墙材企业数", "家", "wall"),
    FactDef("wall_sintered_enterprises", "烧结墙材企业数", "家", "wall"),
    FactDef("wall_concrete_enterprises", "混凝土墙材企业数", "家", "wall"),
    FactDef("wall_sintered_output", "烧结墙材产量（折标砖）", "亿块", "wall", 2),
    FactDef("wall_concrete_output", "混凝土砖产量", "万块", "wall"),
    FactDef("wall_land_saved", "节约土地", "亩", "wall"),
    FactDef("wall_energy_saved", "节约能源", "万吨标煤", "wall", 2),
    FactDef("wall_waste_used", "利用工业废渣", "万吨", "wall", 2),
    FactDef("zone_projects", "示范区年度计划实施项目数", "个", "zone"),
    FactDef("zone_total_investment", "示范区项目总投资", "亿元", "zone", 1),
    FactDef("zone_plan_investment", "示范区年度计划投资", "亿元", "zone", 2),
    FactDef("zone_done_investment", "示范区累计完成投资", "亿元", "zone", 2),
    FactDef("furniture_building", "家居产业园在建企业数", "家", "zone"),
    FactDef("furniture_operating", "家居产业园竣工投产企业数", "家", "zone"),
    FactDef("wind_farms", "已建成风电场", "个", "zone"),
    FactDef("solar_bases", "已建成光伏基地", "个", "zone"),
    FactDef("renewable_capacity", "新能源装机容量", "兆瓦", "zone"),
)
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
