"""The half-year 工作总结 template, section by section (built by kegong.reports.build_templates)."""

from __future__ import annotations

from kegong.reports.docformat import (
    new_document,
    page_break_before,
    para,
    signature_block,
)
from kegong.reports.template_parts import (
    INDICATOR_TITLE,
    SECTION_TITLE,
    TOWN_TITLE,
    _chart,
    _indicator_table,
    _pif,
    _ploop,
    _prose,
    _section_table,
    _town_table,
)


def _half_year_title(doc) -> None:
    """Title and the opening paragraphs."""
    # two lines broken between the two halves of the title (GB/T 9704: a title breaks at a word, never mid-word)
    para(doc, "{{ county.name }}科工局{{ period.year }}年{{ period.common }}工作总结\n及{{ period.next_part }}工作计划",
         "公文标题")
    para(doc, "")
    _prose(doc, "intro")


# the analyst's reading of output: structure (industries, chains, towns), the firms pulling growth, the
# cross-checks with electricity and value added (kegong.reports.analysis)
ANALYSIS_OUTPUT = (
    "{% if analysis.divisions_text %}从结构看，分行业大类，{{ analysis.divisions_text }}总产值居前"
    "{% if analysis.chains_text %}；分产业链，{{ analysis.chains_text }}{% endif %}"
    "{% if analysis.towns_text %}；分乡镇（街道），{{ analysis.towns_text }}{% endif %}。{% endif %}"
    "{% if analysis.breadth_text %}从企业看，{{ analysis.breadth_text }}{% if analysis.leaders_text %}；拉动增长较多的有"
    "{{ analysis.leaders_text }}{% endif %}{% if analysis.laggards_text %}；下拉较多的有{{ analysis.laggards_text }}"
    "{% endif %}。{% endif %}{% if analysis.electricity_check_text %}从以电折产看，{{ analysis.electricity_check_text }}"
    "{% if analysis.value_added_check_text %}；{{ analysis.value_added_check_text }}{% endif %}。{% endif %}")


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
    para(doc, ANALYSIS_OUTPUT)
    para(doc, (
        "二是工业投资{{ industry.industrial_investment.lead }}。{{ period.span }}，全县在库企业工业项目完成投资"
        "{{ industry.industrial_investment.cumulative_yi }}亿元，{{ industry.industrial_investment.growth_vs }}，"
        "{{ industry.industrial_investment.pp_change_text }}；工业技改投资"
        "{{ industry.renovation_investment.cumulative_yi }}亿元，{{ industry.renovation_investment.growth_vs }}。"
        "{% if industry.industrial_investment.forecast %}{{ industry.industrial_investment.forecast.amount_text }}"
        "{% if industry.renovation_investment.forecast %}；技改投资"
        "{{ industry.renovation_investment.forecast.amount_short }}{% endif %}。{% endif %}"))
    _pif(doc, "analysis.investment_text", "从投资结构看，{{ analysis.investment_text }}。")
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
        "{% if industry.new_enterprises_outlook %}，{{ industry.new_enterprises_outlook }}{% endif %}。"))
    para(doc, "（注：以上增速均按同口径计算，上年同期为本期在库企业的上年同期数；工业投资为在库企业的工业项目投资，"
              "纳税为规模工业企业纳税；研发投入为规模工业企业研发投入，其占GDP比重为与地区生产总值之比。）", "注释")
    _chart(doc, "trend", "图1　全县规模工业主要指标累计增速走势")


def _half_year_innovation(doc) -> None:
    """（二）: science and technology projects, high-tech enterprises."""
    para(doc, "（二）科技创新能力明显提升。", "二级标题")
    para(doc, (
        "1．加大科技项目推进力度。{% if facts.rd_filing_enterprises %}组织{{ facts.rd_filing_enterprises.text }}"
        "企业进行了研发资金备案{% if facts.rd_subsidy_enterprises %}，{{ facts.rd_subsidy_enterprises.text }}"
        "企业进行了研发财政奖补申报{% if facts.rd_subsidy_amount %}，申报资金共计"
        "{{ facts.rd_subsidy_amount.text }}{% endif %}{% endif %}"
        "{% if facts.platform_applicants %}；指导{{ facts.platform_applicants.text }}企业申报了市级科普基地和"
        "市级技术研发中心{% endif %}。{% endif %}{{ prose.science|join('') }}"))
    para(doc, (
        "2．积极培育高新技术企业。{% if facts.tech_sme %}组织{{ facts.tech_sme.text }}企业成功申报科技型"
        "中小企业；{% endif %}{% if facts.hightech_applicants %}第一批申报国家级高新技术企业的有"
        "{{ facts.hightech_applicants.text }}。{% endif %}{% if facts.hightech_stat_enterprises %}"
        "我县纳入高新技术产业增加值统计的企业共{{ facts.hightech_stat_enterprises.text }}"
        "{% if facts.high_tech_enterprises %}，其中国家级高新技术企业{{ facts.high_tech_enterprises.text }}"
        "{% endif %}。{% endif %}" + HIGH_TECH_SENTENCE + RD_SENTENCE))


# 高新技术产业增加值 as published (its own quarter, its growth basis) and its 预计 (said in （二） and in （五）三是)
HIGH_TECH_SENTENCE = (
    "{% if county_figures.high_tech_value_added %}"
    "{{ county_figures.high_tech_value_added.period_label }}高新技术产业增加值完成"
    "{{ county_figures.high_tech_value_added.cumulative_yi }}亿元（统计上报）"
    "{% if county_figures.high_tech_value_added.yoy_pct is not none %}，"
    "{{ county_figures.high_tech_value_added.growth }}{{ county_figures.high_tech_value_added.growth_basis }}"
    "{% endif %}{% if industry.high_tech_forecast %}，{{ industry.high_tech_forecast }}{% endif %}。{% endif %}")
# 研发投入 with its forecast (said twice: in （二） and in the zone's 三是)
RD_SENTENCE = (
    "{% if industry.rd_spend %}{{ period.span }}规模工业企业完成研发投入{{ industry.rd_spend.cumulative_yi }}亿元，"
    "{{ industry.rd_spend.growth }}{% if industry.rd_spend.forecast %}，预计{{ industry.rd_spend.forecast.span }}"
    "完成研发投入{{ industry.rd_spend.forecast.amount_short }}{% endif %}。{% endif %}")


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
        "{% if facts.zone_projects %}二是项目建设有序推进。{{ period.year }}年计划实施项目{{ facts.zone_projects.text }}"
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
    para(doc, (
        "三是科技创新有新成效。{% if facts.hightech_applicants %}今年来，组织第一批申报国家级高新技术企业的有"
        "{{ facts.hightech_applicants.text }}{% if facts.platform_applicants %}，申报市级科普基地和市级技术研发中心"
        "{{ facts.platform_applicants.text }}{% endif %}{% if facts.tech_sme %}，{{ facts.tech_sme.text }}企业成功申报"
        "科技型中小企业{% endif %}。{% endif %}{% if facts.hightech_stat_enterprises %}目前我县纳入高新技术产业增加值"
        "统计的企业共{{ facts.hightech_stat_enterprises.text }}{% if facts.high_tech_enterprises %}，其中国家级高新技术"
        "企业{{ facts.high_tech_enterprises.text }}{% endif %}。{% endif %}" + HIGH_TECH_SENTENCE + RD_SENTENCE))


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
    _pif(doc, "rest.text", "{{ rest.text }}")
    para(doc, "（三）工作举措", "二级标题")
    _prose(doc, "measures")


def _signature(doc) -> None:
    """附件说明 naming the three tables of the 附件 page, then the sender centred over the date."""
    signature_block(doc, annexes=(INDICATOR_TITLE, SECTION_TITLE, TOWN_TITLE))


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
