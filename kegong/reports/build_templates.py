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
    new_document,
    para,
)
from kegong.reports.template_half_year import build_half_year
from kegong.reports.template_parts import (
    _chart,
    _indicator_table,
    _pif,
    _ploop,
    _section_table,
    _town_table,
)

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATES = {"half-year": "half_year_summary.docx", "monthly": "monthly_briefing.docx"}



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
    _pif(doc, "county_figures.electricity_total or county_figures.high_tech_value_added", (
        "{% for c in [county_figures.electricity_total, county_figures.high_tech_value_added] if c %}"
        "{{ c.period_label }}，全县{{ c.name }}{{ c.text }}{% if c.yoy_pct is not none %}，{{ c.growth }}"
        "{{ c.growth_basis }}{% endif %}{% if loop.last %}。{% else %}；{% endif %}{% endfor %}"))
    _pif(doc, "analysis.breadth_text", (
        "从企业看，{{ analysis.breadth_text }}{% if analysis.leaders_text %}；拉动增长较多的有{{ analysis.leaders_text }}"
        "{% endif %}{% if analysis.laggards_text %}；下拉较多的有{{ analysis.laggards_text }}{% endif %}。"
        "{% if analysis.electricity_check_text %}从以电折产看，{{ analysis.electricity_check_text }}。{% endif %}"))
    _pif(doc, "estimate.available", "{{ estimate.text }}")
    _indicator_table(doc, "1")
    _chart(doc, "trend", "图1　全县规模工业主要指标累计增速走势")


def _monthly_sections(doc) -> None:
    """二、: by industry section, table 2 and chart 2."""
    para(doc, "二、分行业运行情况", "一级标题")
    para(doc, (
        "{% for s in sections %}{{ s.name }}{{ s.enterprises }}家，实现总产值{{ s.gross_output.cumulative_yi }}亿元，"
        "{{ s.gross_output.growth }}，{{ s.contribution_text }}{% if not loop.last %}；{% endif %}{% endfor %}。"
        "{% set ranked = sections|selectattr('contribution_pp', 'number')|sort(attribute='contribution_pp', reverse=true)"
        "|list %}{% if ranked|length > 1 %}拉动最大的是{{ ranked[0].name }}，"
        "{% if ranked[-1].gross_output.verb == '下降' %}拖累最大的是{% else %}拉动最小的是{% endif %}"
        "{{ ranked[-1].name }}（{{ ranked[-1].gross_output.growth_bare }}，{{ ranked[-1].contribution_text }}）。"
        "{% endif %}{% if analysis.divisions_text %}分行业大类看，{{ analysis.divisions_text }}总产值居前"
        "{% if analysis.chains_text %}；分产业链看，{{ analysis.chains_text }}{% endif %}。{% endif %}"))
    _section_table(doc, "2")
    _chart(doc, "sections", "图2　分行业门类总产值增速与拉动")


def _monthly_towns(doc) -> None:
    """三、: by town, table 3 and chart 3."""
    para(doc, "三、分乡镇（街道）运行情况", "一级标题")
    para(doc, (
        "{% if towns_growing %}总产值同比增长的乡镇（街道）{{ towns_growing|length }}个，"
        "增速居前的是{% for t in towns_growing[:3] %}{{ t.name }}（{{ t.gross_output.growth_bare }}，"
        "{{ t.contribution_text }}）{% if not loop.last %}、{% endif %}{% endfor %}"
        "{% if not towns_declining and towns_growing|length > 3 %}，增速居后的是"
        "{% for t in towns_growing[3:][-3:] %}{{ t.name }}（{{ t.gross_output.growth_bare }}，{{ t.contribution_text }}）"
        "{% if not loop.last %}、{% endif %}{% endfor %}{% endif %}{% endif %}"
        "{% if towns_declining %}{% if towns_growing %}；{% endif %}同比下降的{{ towns_declining|length }}个："
        "{% for t in towns_declining %}{{ t.name }}（{{ t.gross_output.growth_bare }}，{{ t.contribution_text }}）"
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
    """六、 and 七、: problems and suggestions drawn from the month's figures (kegong.reports.monthly_points)."""
    para(doc, "六、存在问题", "一级标题")
    _ploop(doc, "p in briefing.problems", "{{ p }}")
    para(doc, "七、下步工作建议", "一级标题")
    _ploop(doc, "p in briefing.suggestions", "{{ p }}")


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
