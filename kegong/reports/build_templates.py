"""Build the two default report templates (reproducibly) with python-docx.

    python -m kegong.reports.build_templates            # writes kegong/reports/templates/*.docx

The templates are ordinary Word documents with docxtpl tags: ``{{ … }}`` for a value, ``{%p … %}`` for a
paragraph that repeats or is optional, ``{%tr … %}`` for a table row that repeats. Users copy one, edit it
in Word (keep each tag inside one run: type it in one go, don't format half of it) and pass it with
``kegong report … --template FILE.docx``. What a tag may name is documented in ``CONTEXT.md``.

Each tag sits in a single run here because :func:`docformat.para` writes one run per paragraph.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from docx.enum.text import WD_TAB_ALIGNMENT

from kegong.reports.docformat import (
    RED,
    TEXT_WIDTH,
    bottom_rule,
    grid_table,
    keep_with_next,
    loop_rows,
    new_document,
    page_break_before,
    para,
    table_row,
)

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATES = {"half-year": "half_year_summary.docx", "monthly": "monthly_briefing.docx"}

P = "{%p "  # paragraph-level tag opener


def _ploop(doc, expr: str, body: str, style: str | None = None) -> None:
    """A paragraph per item: ``{%p for … %}`` / body / ``{%p endfor %}``."""
    para(doc, f"{P}for {expr} %}}")
    para(doc, body, style)
    para(doc, f"{P}endfor %}}")


def _pif(doc, cond: str, body: str, style: str | None = None) -> None:
    para(doc, f"{P}if {cond} %}}")
    para(doc, body, style)
    para(doc, f"{P}endif %}}")


def _prose(doc, kind: str) -> None:
    """Staff-written paragraphs of one kind for the period (see the briefing app)."""
    _ploop(doc, f"p in prose.{kind}", "{{ p }}")


def _chart(doc, name: str, caption: str) -> None:
    para(doc, f"{P}if charts.{name} %}}")
    p = para(doc, f"{{{{ charts.{name} }}}}", "图")
    keep_with_next(p)
    para(doc, caption, "图表题")
    para(doc, f"{P}endif %}}")


# --- tables ---------------------------------------------------------------------------------------------
TOWN_WIDTHS = [32, 22, 28, 22, 28, 24]
SECTION_WIDTHS = [50, 22, 26, 20, 24, 14]


def _town_table(doc, number: str) -> None:
    p = para(doc, f"表{number}　{{{{ period.label }}}}分乡镇（街道）规模工业总产值", "图表题")
    keep_with_next(p)
    t = grid_table(doc, ["乡镇（街道）", "企业数（家）", "总产值（亿元）", "同比（%）", "拉动（百分点）", "增速排名"],
                   TOWN_WIDTHS)
    loop_rows(doc, t, "for t in towns", [
        "{{ t.name }}", "{{ t.enterprises }}", "{{ t.gross_output.cumulative_yi }}", "{{ t.gross_output.yoy_num }}",
        "{{ t.contribution }}", "{{ t.rank }}"], TOWN_WIDTHS)
    table_row(doc, t, ["全县合计", "{{ industry.enterprises }}", "{{ industry.gross_output.cumulative_yi }}",
                       "{{ industry.gross_output.yoy_num }}", "{{ industry.gross_output.yoy_num }}", "—"],
              TOWN_WIDTHS, style="表格标题行")
    para(doc, "注：拉动指该乡镇（街道）总产值增量占全县上年同期总产值的百分比，各乡镇拉动之和等于全县增速。", "注释")


def _section_table(doc, number: str) -> None:
    p = para(doc, f"表{number}　{{{{ period.label }}}}分行业门类主要指标", "图表题")
    keep_with_next(p)
    t = grid_table(doc, ["行业门类", "企业数（家）", "总产值（亿元）", "同比（%）", "拉动（百分点）", "排名"],
                   SECTION_WIDTHS)
    loop_rows(doc, t, "for s in sections", [
        "{{ s.name }}", "{{ s.enterprises }}", "{{ s.gross_output.cumulative_yi }}", "{{ s.gross_output.yoy_num }}",
        "{{ s.contribution }}", "{{ s.rank }}"], SECTION_WIDTHS)


INDICATOR_WIDTHS = [32, 22, 28, 28, 20, 26]


def _indicator_table(doc, number: str) -> None:
    p = para(doc, f"表{number}　{{{{ period.label }}}}全县规模工业主要指标", "图表题")
    keep_with_next(p)
    t = grid_table(doc, ["指标", "单位", "{{ period.span }}累计", "上年同期", "同比（%）", "增速变化（百分点）"],
                   INDICATOR_WIDTHS)
    loop_rows(doc, t, "for f in indicators", [
        "{{ f.name }}", "{{ f.display_unit }}", "{{ f.cumulative_display }}", "{{ f.prior_display }}",
        "{{ f.yoy_num }}", "{{ f.pp }}"], INDICATOR_WIDTHS)


# --- the half-year summary (structure of a 县科工局 上半年工作总结及下半年工作计划) -------------------------
def _half_year_title(doc) -> None:
    """Title and the opening paragraphs."""
    para(doc, "{{ bureau.short }}{{ period.common }}工作总结及{{ period.next_part }}工作计划", "公文标题")
    para(doc, "")
    _prose(doc, "intro")


def _half_year_industry(doc) -> None:
    """一、（一）: the industrial economy's indicators, one paragraph each, and the trend chart."""
    para(doc, "一、{{ period.common }}工作完成情况", "一级标题")
    para(doc, "（一）{{ industry.headline }}。", "二级标题")
    para(doc, (
        "一是规模工业总产值{{ industry.gross_output.lead }}。{{ period.span }}，全县{{ industry.enterprises }}家规模"
        "工业企业实现总产值{{ industry.gross_output.cumulative_yi }}亿元，{{ industry.gross_output.growth }}，"
        "{{ industry.gross_output.pp_change_text }}"
        "{% if industry.value_added %}；规模工业增加值{{ industry.value_added.growth }}"
        "{{ industry.value_added.note }}{% if industry.value_added.forecast %}，"
        "{{ industry.value_added.forecast.text }}{% endif %}{% endif %}。"))
    para(doc, (
        "二是工业投资{{ industry.industrial_investment.lead }}。{{ period.span }}，全县实现工业投资"
        "{{ industry.industrial_investment.cumulative_yi }}亿元，{{ industry.industrial_investment.growth_vs }}，"
        "{{ industry.industrial_investment.pp_change_text }}；工业技改投资"
        "{{ industry.renovation_investment.cumulative_yi }}亿元，{{ industry.renovation_investment.growth_vs }}。"
        "{% if industry.industrial_investment.forecast %}{{ industry.industrial_investment.forecast.amount_text }}"
        "{% if industry.renovation_investment.forecast %}；技改投资"
        "{{ industry.renovation_investment.forecast.amount_short }}{% endif %}。{% endif %}"))
    para(doc, (
        "三是工业用电量{{ industry.electricity.lead }}。{{ period.span }}，"
        "{% if county_figures.electricity_total %}全县全社会用电量"
        "{{ county_figures.electricity_total.cumulative_wan }}万千瓦时"
        "{% if county_figures.electricity_total.yoy_pct is not none %}，"
        "{{ county_figures.electricity_total.growth_vs }}{% endif %}；其中，{% endif %}"
        "规模工业用电量{{ industry.electricity.cumulative_wan }}万千瓦时，{{ industry.electricity.growth_vs }}，"
        "{{ industry.electricity.net_change_text }}。"))
    para(doc, (
        "四是工业税收{{ industry.tax.lead }}。{{ period.span }}，全县规模工业企业纳税总额"
        "{{ industry.tax.cumulative_wan }}万元，{{ industry.tax.growth_vs }}。其中，"
        "{% for s in sections %}{{ s.name }}纳税{{ s.tax.cumulative_wan }}万元，{{ s.tax.growth_vs }}"
        "{% if not loop.last %}；{% endif %}{% endfor %}。"))
    para(doc, (
        "五是规上企业培育有序推进。{{ period.span }}，全县新入规工业企业{{ industry.new_enterprises }}家"
        "{% if facts.new_enterprises_expected %}，预计{{ period.next_span }}新增"
        "{{ facts.new_enterprises_expected.text }}{% endif %}。"))
    _chart(doc, "trend", "图1　全县规模工业主要指标累计增速走势")


def _half_year_innovation(doc) -> None:
    """（二）: science and technology projects, high-tech enterprises."""
    para(doc, "（二）科技创新能力明显提升。", "二级标题")
    para(doc, (
        "1.加大科技项目推进力度。{% if facts.rd_filing_enterprises %}组织{{ facts.rd_filing_enterprises.text }}"
        "企业进行了研发资金备案{% if facts.rd_subsidy_enterprises %}，{{ facts.rd_subsidy_enterprises.text }}"
        "企业进行了研发财政奖补申报{% if facts.rd_subsidy_amount %}，申报资金共计"
        "{{ facts.rd_subsidy_amount.text }}{% endif %}{% endif %}"
        "{% if facts.platform_applicants %}；指导{{ facts.platform_applicants.text }}企业申报了市级科普基地和"
        "市级技术研发中心{% endif %}。{% endif %}{{ prose.science|join('') }}"))
    para(doc, (
        "2.积极培育高新技术企业。{% if facts.tech_sme %}组织{{ facts.tech_sme.text }}企业成功申报科技型"
        "中小企业；{% endif %}{% if facts.hightech_applicants %}第一批申报国家级高新技术企业的有"
        "{{ facts.hightech_applicants.text }}。{% endif %}{% if facts.hightech_stat_enterprises %}"
        "我县纳入高新技术产业增加值统计的企业共{{ facts.hightech_stat_enterprises.text }}"
        "{% if facts.high_tech_enterprises %}，其中国家级高新技术企业{{ facts.high_tech_enterprises.text }}"
        "{% endif %}。{% endif %}{% if county_figures.high_tech_value_added %}"
        "{{ county_figures.high_tech_value_added.period_label }}高新技术产业增加值完成"
        "{{ county_figures.high_tech_value_added.cumulative_yi }}亿元"
        "{% if county_figures.high_tech_value_added.yoy_pct is not none %}，"
        "{{ county_figures.high_tech_value_added.growth }}{% endif %}。{% endif %}"
        "{% if industry.rd_spend %}{{ period.span }}规模工业企业完成研发投入{{ industry.rd_spend.cumulative_yi }}亿元，"
        "{{ industry.rd_spend.growth }}{% if industry.rd_spend.forecast %}，{{ industry.rd_spend.forecast.text }}"
        "{% endif %}。{% endif %}"))


def _half_year_informatization(doc) -> None:
    """（三）: informatization and 5G."""
    para(doc, "（三）信息产业融合发展有了新突破。", "二级标题")
    para(doc, (
        "一是企业信息化水平明显提高。{% if facts.it_lan_share %}全县规模以上企业中，"
        "{% if facts.it_broadband_share %}{{ facts.it_broadband_share.text }}的企业实现了互联网宽带接入，{% endif %}"
        "{{ facts.it_lan_share.text }}的企业组建了企业内部局域网{% if facts.it_ecommerce_share %}，{{ facts.it_ecommerce_share.text }}"
        "利用互联网开展电子商务{% endif %}{% if facts.it_website_share %}，{{ facts.it_website_share.text }}"
        "建立了门户网站{% endif %}。{% endif %}{{ prose.informatization|join('') }}"))
    para(doc, (
        "二是两化融合进程不断加快。{% if facts.g5_plan_sites %}{{ period.year }}年计划"
        "{% if facts.g5_plan_investment %}投资{{ facts.g5_plan_investment.text }}，{% endif %}"
        "建设5G站点{{ facts.g5_plan_sites.text }}。{% endif %}"
        "{% if facts.g5_done_sites %}截至{{ period.month }}月底，{% if facts.g5_done_investment %}完成投资"
        "{{ facts.g5_done_investment.text }}，{% endif %}完成5G站点建设{{ facts.g5_done_sites.text }}"
        "{% if facts.g5_open_sites %}（已开通{{ facts.g5_open_sites.text }}）{% endif %}。{% endif %}"
        "{{ prose.integration|join('') }}"))


def _half_year_wall_materials(doc) -> None:
    """（四）: energy saving, wall materials, comprehensive use."""
    para(doc, "（四）节能、建材、环保综合利用工作稳步推进。", "二级标题")
    para(doc, (
        "{% if facts.wall_enterprises %}一是{{ period.common }}全县有{{ facts.wall_enterprises.text }}墙材企业正常生产"
        "{% if facts.wall_sintered_enterprises and facts.wall_concrete_enterprises %}（烧结墙材企业"
        "{{ facts.wall_sintered_enterprises.text }}，混凝土墙材企业{{ facts.wall_concrete_enterprises.text }}）"
        "{% endif %}。"
        "{% if facts.wall_sintered_output %}其中烧结墙材生产总量约{{ facts.wall_sintered_output.text }}（折标砖）"
        "{% if facts.wall_concrete_output %}、混凝土砖约{{ facts.wall_concrete_output.text }}{% endif %}"
        "{% if facts.wall_land_saved %}，节约土地约{{ facts.wall_land_saved.text }}{% endif %}"
        "{% if facts.wall_energy_saved %}、节约能源约{{ facts.wall_energy_saved.text }}{% endif %}"
        "{% if facts.wall_waste_used %}、利用工业废渣{{ facts.wall_waste_used.text }}{% endif %}。{% endif %}"
        "{% endif %}"))
    para(doc, (
        "{% if facts.sme_confidence_answers or facts.sme_size_checks %}二是"
        "{% if facts.sme_confidence_answers %}按照上级工信部门与中小企业服务中心的要求，完成了{{ period.quarter_name }}"
        "中小微企业信心指数调查问卷{{ facts.sme_confidence_answers.text }}"
        "{% if facts.sme_confidence_index %}（信心指数{{ facts.sme_confidence_index.text }}）{% endif %}"
        "{% if facts.sme_size_checks %}，{% endif %}{% endif %}"
        "{% if facts.sme_size_checks %}对申请认定“中小微企业”的{{ facts.sme_size_checks.text }}企业进行了实地调查，"
        "并结合企业实际经营情况给予认定{% endif %}。{% endif %}"
        "{% if facts.wall_applications %}三是积极争取上级工信部门对我县{{ facts.wall_applications.text }}墙材企业的产品"
        "进行新型墙体材料产品认定申请。{% endif %}"))
    _prose(doc, "wall")


def _half_year_zone(doc) -> None:
    """（五）: the sustainable-development demonstration zone."""
    para(doc, "（五）积极推进可持续发展议程创新示范区建设工作。", "二级标题")
    _prose(doc, "zone")
    para(doc, (
        "{% if facts.zone_projects %}项目建设有序推进。{{ period.year }}年计划实施项目{{ facts.zone_projects.text }}"
        "{% if facts.zone_total_investment %}，总投资{{ facts.zone_total_investment.text }}{% endif %}"
        "{% if facts.zone_plan_investment %}，年度计划投资{{ facts.zone_plan_investment.text }}{% endif %}"
        "{% if facts.zone_done_investment %}，{{ period.span }}完成投资{{ facts.zone_done_investment.text }}"
        "{% endif %}。{% endif %}{% if facts.furniture_building %}家居产业园在建企业{{ facts.furniture_building.text }}"
        "{% if facts.furniture_operating %}，竣工投产企业{{ facts.furniture_operating.text }}{% endif %}。{% endif %}"
        "{% if facts.wind_farms %}全县已建成风电场{{ facts.wind_farms.text }}{% if facts.solar_bases %}、光伏基地"
        "{{ facts.solar_bases.text }}{% endif %}{% if facts.renewable_capacity %}，装机容量"
        "{{ facts.renewable_capacity.text }}{% endif %}{% if facts.wind_building_farms or facts.solar_building_bases %}；"
        "在建待建{% if facts.wind_building_farms %}风电场{{ facts.wind_building_farms.text }}"
        "{% if facts.wind_building_capacity %}、{{ facts.wind_building_capacity.text }}{% endif %}{% endif %}"
        "{% if facts.wind_building_farms and facts.solar_building_bases %}，{% endif %}"
        "{% if facts.solar_building_bases %}光伏基地{{ facts.solar_building_bases.text }}"
        "{% if facts.solar_building_capacity %}{{ facts.solar_building_capacity.text }}{% endif %}{% endif %}"
        "{% endif %}。{% endif %}"))


def _half_year_problems(doc) -> None:
    """二、: problems (declining indicators and staff-written text)."""
    para(doc, "二、存在问题和不足", "一级标题")
    _pif(doc, "analysis.declines", "从主要指标看，{{ analysis.declines_text }}，需重点关注。")
    _prose(doc, "problems")


def _half_year_plan(doc) -> None:
    """三、: the plan for the next part of the year (thinking, goals, measures)."""
    para(doc, "三、{{ period.next_part }}工作打算", "一级标题")
    para(doc, "（一）发展思想", "二级标题")
    _prose(doc, "thinking")
    para(doc, "（二）主要目标", "二级标题")
    _ploop(doc, "g in goals", "{{ loop.index }}．{{ g.text }}{% if loop.last %}。{% else %}；{% endif %}")
    _pif(doc, "not goals", "（本年度目标尚未录入，请用 kegong targets set 设定后重新生成。）")
    para(doc, "（三）工作举措", "二级标题")
    _prose(doc, "measures")


def _signature(doc) -> None:
    """The sender and date, kept together on one page."""
    keep_with_next(para(doc, ""))
    keep_with_next(para(doc, "{{ bureau.name }}", "落款"))
    para(doc, "{{ report.date }}", "落款")


def _half_year_annex(doc) -> None:
    """附件: the three tables and the town and target charts, on a new page."""
    p = para(doc, "附件", "一级标题")
    page_break_before(p)
    p.paragraph_format.first_line_indent = 0
    _indicator_table(doc, "1")
    para(doc, "")
    _section_table(doc, "2")
    para(doc, "")
    _town_table(doc, "3")
    _chart(doc, "towns", "图2　各乡镇（街道）规模工业总产值增速")
    _chart(doc, "targets", "图3　年度目标完成进度")


def build_half_year():
    doc = new_document()
    _half_year_title(doc)
    _half_year_industry(doc)
    _half_year_innovation(doc)
    _half_year_informatization(doc)
    _half_year_wall_materials(doc)
    _half_year_zone(doc)
    _half_year_problems(doc)
    _half_year_plan(doc)
    _signature(doc)
    _half_year_annex(doc)
    return doc


# --- the monthly 工业经济运行简报 -------------------------------------------------------------------------
def _monthly_masthead(doc) -> None:
    """The red masthead, issue number, sender/date line under a rule, and the title."""
    para(doc, "工业经济运行简报", "简报报头", color=RED)
    para(doc, "第{{ report.issue }}期", "简报期号")
    p = para(doc, "{{ bureau.name }}\t{{ report.date }}", "简报发文")
    p.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
    bottom_rule(p)
    para(doc, "")
    para(doc, "{{ period.label }}全县工业经济运行情况", "公文标题")
    para(doc, "")


def _monthly_overall(doc) -> None:
    """一、: the county's main indicators, table 1 and the trend chart."""
    para(doc, "一、总体运行情况", "一级标题")
    para(doc, (
        "{{ period.span }}，全县{{ industry.enterprises }}家规模工业企业实现总产值"
        "{{ industry.gross_output.cumulative_yi }}亿元，{{ industry.gross_output.growth }}，"
        "{{ industry.gross_output.pp_change_text }}"
        "{% if industry.gross_output.month_growth %}；其中{{ period.month_label }}完成"
        "{{ industry.gross_output.month_yi }}亿元，{{ industry.gross_output.month_growth }}{% endif %}。"
        "{% if industry.value_added %}规模工业增加值{{ industry.value_added.growth }}"
        "{{ industry.value_added.note }}。{% endif %}"))
    para(doc, (
        "工业用电量{{ industry.electricity.cumulative_wan }}万千瓦时，{{ industry.electricity.growth }}；"
        "纳税总额{{ industry.tax.cumulative_wan }}万元，{{ industry.tax.growth }}；"
        "工业投资{{ industry.industrial_investment.cumulative_yi }}亿元，{{ industry.industrial_investment.growth }}"
        "{% if industry.renovation_investment %}，其中技改投资{{ industry.renovation_investment.cumulative_yi }}亿元，"
        "{{ industry.renovation_investment.growth }}{% endif %}。"))
    _indicator_table(doc, "1")
    _chart(doc, "trend", "图1　全县规模工业主要指标累计增速走势")


def _monthly_sections(doc) -> None:
    """二、: by industry section, table 2 and chart 2."""
    para(doc, "二、分行业运行情况", "一级标题")
    para(doc, (
        "{% for s in sections %}{{ s.name }}{{ s.enterprises }}家，实现总产值{{ s.gross_output.cumulative_yi }}亿元，"
        "{{ s.gross_output.growth }}，{{ s.contribution_text }}{% if not loop.last %}；{% endif %}{% endfor %}。"))
    _section_table(doc, "2")
    _chart(doc, "sections", "图2　分行业门类总产值增速与拉动")


def _monthly_towns(doc) -> None:
    """三、: by town, table 3 and chart 3."""
    para(doc, "三、分乡镇（街道）运行情况", "一级标题")
    para(doc, (
        "{% if towns_growing %}总产值同比增长的乡镇（街道）{{ towns_growing|length }}个，"
        "增速居前的是{% for t in towns_growing[:3] %}{{ t.name }}（{{ t.gross_output.yoy }}）"
        "{% if not loop.last %}、{% endif %}{% endfor %}{% endif %}"
        "{% if towns_declining %}；同比下降的{{ towns_declining|length }}个："
        "{% for t in towns_declining %}{{ t.name }}（{{ t.gross_output.growth_bare }}）"
        "{% if not loop.last %}、{% endif %}{% endfor %}{% endif %}。"))
    _town_table(doc, "3")
    _chart(doc, "towns", "图3　各乡镇（街道）规模工业总产值增速")


def _monthly_targets(doc) -> None:
    """四、: progress on the annual targets."""
    para(doc, "四、年度目标完成情况", "一级标题")
    _ploop(doc, "g in targets", "{{ g.text }}")
    _pif(doc, "not targets", "（本年度目标尚未录入，请用 kegong targets set 设定后重新生成。）")
    _chart(doc, "targets", "图4　年度目标完成进度")


def _monthly_forecasts(doc) -> None:
    """五、: the forecasts, or a line saying there are none."""
    para(doc, "五、下阶段预测", "一级标题")
    _ploop(doc, "f in forecasts", "{{ f.name }}：{{ f.text_interval }}。")
    _pif(doc, "not forecasts", "历史数据不足，暂不作预测。")
    _pif(doc, "forecasts", "注：预测由历史月度数据经滚动回测选定的季节模型计算，括号内为{{ forecast_level }}预测区间，仅供研判参考。",
         "注释")


def _monthly_problems_and_measures(doc) -> None:
    """六、 and 七、: problems and suggested measures."""
    para(doc, "六、存在问题", "一级标题")
    _pif(doc, "analysis.declines", "从主要指标看，{{ analysis.declines_text }}，需重点关注。")
    _prose(doc, "problems")
    para(doc, "七、下步工作建议", "一级标题")
    _prose(doc, "measures")


def build_monthly():
    doc = new_document()
    _monthly_masthead(doc)
    _monthly_overall(doc)
    _monthly_sections(doc)
    _monthly_towns(doc)
    _monthly_targets(doc)
    _monthly_forecasts(doc)
    _monthly_problems_and_measures(doc)
    return doc


def _fixed_zip(path: Path) -> None:
    """Rewrite the .docx with fixed entry timestamps, so that building twice gives identical bytes."""
    with zipfile.ZipFile(path) as z:
        entries = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)


def build_all(target_dir: Path = TEMPLATE_DIR) -> list[Path]:
    target_dir.mkdir(parents=True, exist_ok=True)
    out = []
    for kind, builder in (("half-year", build_half_year), ("monthly", build_monthly)):
        path = target_dir / TEMPLATES[kind]
        doc = builder()
        doc.core_properties.title = {"half-year": "半年工作总结模板", "monthly": "工业经济运行简报模板"}[kind]
        doc.save(path)
        _fixed_zip(path)
        out.append(path)
    return out


if __name__ == "__main__":
    for p in build_all():
        print(p)
