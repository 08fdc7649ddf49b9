"""The template context: the core's numbers (``ReportData``) dressed in the phrases documents use.

Pure: plain data in, plain objects out; every phrase comes from ``phrasing``, every number from the data.
``CONTEXT.md`` documents every name a template may use; ``tests/reports/test_context.py`` checks that the
documentation and this module agree.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from kegong.core import units
from kegong.core.catalogue import BY_CODE as INDICATOR_DEFS  # noqa: F401 - re-exported (placeholders)
from kegong.core.catalogue import FACTS, INDICATORS, PUBLISHED, RECORD_COUNTS, TEXTS, FactDef, paragraphs
from kegong.core.codes.industry import INDUSTRY_SECTIONS, SECTIONS
from kegong.core.periods import Period, reporting_months
from kegong.core.stats.analysis import round_to_total
from kegong.reports import difficulties, problem_facts
from kegong.reports import phrasing as ph
from kegong.reports.analysis import analysis_view
from kegong.reports.data import CountyMeasure, Part, ReportData
from kegong.reports.estimate_view import estimate_view
from kegong.reports.monthly_points import monthly_points
from kegong.reports.views import (  # noqa: F401 - re-exported: the context's names in one place
    TEXT_INDICATORS,
    CountyFigureView,
    FactView,
    FigureView,
    GoalView,
    OutlookView,
    PartView,
    TargetView,
    ValueAddedView,
    county_figure_view,
    empty_measure,
    fact_view,
    figure_view,
    goal_view,
    goal_views,
    outlook_view,
    part_view,
    rest_text,
    target_view,
)

DECLINE_WATCH = ("gross_output", "electricity", "tax", "industrial_investment", "renovation_investment",
                 "revenue", "profit")
CHART_NAMES = ("trend", "sections", "towns", "targets")
# county-level published amounts a template may name (always present; empty when not published): the
# catalogue's published figures in 万元 or 万千瓦时 (地区生产总值, 高新技术产业增加值, 全社会用电量)
COUNTY_FIGURES: tuple[FactDef, ...] = tuple(d for d in PUBLISHED if d.unit in units.BASE.values())


def period_view(p: Period, covers: Period | None = None) -> dict[str, Any]:
    """The period's names; ``covers`` is the period the document speaks of when the data stop short of it
    (the 上半年 summary written with 1-5月 data): its name heads the document, the data keep their own span."""
    doc = covers or p
    after = p.next_cumulative()
    next_span = ("次年" if after.year > p.year else "") + after.span_label()
    next_part = {6: "下半年", 12: "明年"}.get(doc.end, "下一阶段")
    reporting = p.reporting_month()
    return {"label": ph.period_label(p), "span": ph.span_label(p), "common": ph.common_label(doc),
            "year": p.year, "month": p.end, "month_label": reporting.span_label(), "prev_span": ph.previous_label(p),
            "next_span": next_span, "next_part": next_part, "year_label": f"{p.year}年",
            "key": p.key(), "time_progress": ph.pct(100 * p.time_progress()),
            "quarter_name": "一二三四"[(p.end - 1) // 3] + "季度",
            "early": doc.end > p.end, "covers_span": doc.span_label(), "covers_label": ph.period_label(doc)}


def _county_views(data: ReportData, against: str, outlooks: dict[str, OutlookView]) -> dict[str, FigureView]:
    """Every text indicator for the county (an empty view when absent), with its forecast if any."""
    return {code: figure_view(data.county.get(code) or empty_measure(code), against=against,
                              forecast=outlooks.get(code))
            for code in TEXT_INDICATORS}


def _value_added_view(data: ReportData) -> ValueAddedView:
    va_out = outlook_view(data.value_added_outlook) if data.value_added_outlook else None
    return ValueAddedView(
        yoy_pct=data.value_added_pct, growth=ph.growth(data.value_added_pct), yoy=ph.pct(data.value_added_pct),
        source={"official": "统计部门公布", "estimate": "按总产值及价格指数估算"}.get(data.value_added_source, ""),
        note="（按工业总产值扣除价格因素估算）" if data.value_added_source == "estimate" else "",
        forecast=va_out)


def _industry_view(data: ReportData, county: dict[str, FigureView]) -> dict[str, Any]:
    """``industry``: the county's figures by code plus enterprise counts, the headline and 规模工业增加值."""
    gross = county["gross_output"]
    industry: dict[str, Any] = dict(county)
    industry.update({
        "enterprises": data.enterprises if data.enterprises is not None else ph.NO_DATA,
        "new_enterprises": data.new_enterprises if data.new_enterprises is not None else ph.NO_DATA,
        "headline": ph.headline(gross.yoy_pct),
        "value_added": _value_added_view(data),
        "new_enterprises_outlook": _new_enterprises_outlook(data),
        "high_tech_forecast": _high_tech_forecast(data),
    })
    return industry


def _new_enterprises_outlook(data: ReportData) -> str:
    """预计1-7月新增11家（已入规9家，另有2家升规入统培育企业年化营业收入已达统计起点）: a total for the span."""
    if data.new_enterprises is None or data.new_enterprises_ready is None:
        return ""
    after = data.covers or data.period.next_cumulative()
    if after.year != data.period.year:
        return ""
    total = data.new_enterprises + data.new_enterprises_ready
    why = (f"（另有{data.new_enterprises_ready}家升规入统培育企业年化营业收入已达统计起点）"
           if data.new_enterprises_ready else "（升规入统培育企业年化营业收入尚无达到统计起点的）")
    return f"预计{after.span_label()}新增{total}家{why}"


def _high_tech_forecast(data: ReportData) -> str:
    """预计1-6月完成11.20亿元左右，同比增长21.0%左右（按纳入统计企业总产值推算）: a proxy, never a point."""
    o = data.high_tech_outlook
    if o is None:
        return ""
    growth = f"，{ph.growth(o.growth)}左右" if o.growth is not None else ""
    return f"预计{o.span}完成{ph.yuan_yi(o.value)}左右{growth}（{o.basis}）"


def _indicator_views(data: ReportData, against: str, outlooks: dict[str, OutlookView]) -> list[FigureView]:
    """The catalogue's indicators that have county data, in catalogue order (the indicator table)."""
    return [figure_view(data.county[d.code], against=against, forecast=outlooks.get(d.code))
            for d in INDICATORS if d.code in data.county and data.county[d.code].has_data]


def _pulls_to_total(parts: list[PartView], data: ReportData) -> list[PartView]:
    """The parts' 拉动 rounded so that the column adds up to the county's growth as printed (largest remainder:
    ``kegong.core.stats.analysis.round_to_total``) — when the parts make up the county; else each rounded."""
    gross = data.county.get("gross_output")
    pulls = [t.contribution_pp for t in parts]
    total = gross.yoy_pct if gross else None
    exact = sum(v for v in pulls if v is not None)
    if total is None or abs(exact - total) > 1e-6:  # parts that do not make up the county: their own sum
        total = None
    shown = round_to_total(pulls, total)
    return [replace(t, contribution=ph.pp(v), contribution_text=ph.contribution(v)) if v is not None else t
            for t, v in zip(parts, shown)]


def _town_views(data: ReportData, against: str) -> list[PartView]:
    """Towns by growth rank (unranked last), then name; their 拉动 adding up to the county's growth."""
    towns = _pulls_to_total([part_view(t, against) for t in data.towns], data)
    return sorted(towns, key=lambda t: (t.rank_num is None, t.rank_num or 0, t.name))


def _sections_by_code(sections: list[PartView], against: str) -> dict[str, PartView]:
    """``section.C`` …: every industry section by code, an empty one when the data has none."""
    return {code: next((s for s in sections if s.key == code), None)
            or part_view(Part(code, SECTIONS[code][0], 0, {}), against) for code in INDUSTRY_SECTIONS}


def _report_view(data: ReportData) -> dict[str, Any]:
    p = data.period
    return {"date": ph.cn_date(data.issued.year, data.issued.month, data.issued.day),
            "issue": len(list(reporting_months(p.year, p.end))) if p.is_cumulative else p.end}


def _county_figure_views(data: ReportData) -> dict[str, CountyFigureView]:
    """Every published county figure, empty (``value`` None) when not published."""
    return {d.code: county_figure_view(data.county_figures.get(d.code) or CountyMeasure(
        d.code, d.name, d.unit, None, None, None, data.period)) for d in COUNTY_FIGURES}


def _prose_paragraphs(data: ReportData) -> dict[str, list[str]]:
    """Staff's prose by kind; 存在问题 with the 企业诉求 counts said in its 三难 paragraph."""
    out = {t.kind: paragraphs(data.texts[t.kind].text) if t.kind in data.texts else [] for t in TEXTS}
    out["problems"] = difficulties.with_counts(out["problems"], data.period.span_label(), data.facts)
    out["problems"] = problem_facts.with_figures(out["problems"], problem_facts.figures_of(data.enterprises,
                                                                                           data.facts))
    return out


def _analysis(data: ReportData, county: dict[str, FigureView]) -> dict[str, Any]:
    """The watched indicators that declined (a list and one phrase) and the analyst's paragraphs
    (``kegong.reports.analysis``: firms pulling growth, 增长面, cross-checks, what moved investment, towns,
    行业大类 and 产业链)."""
    declines = [f for f in (county[c] for c in DECLINE_WATCH) if f.has_data and f.verb == "下降"]
    out = dict(EMPTY_ANALYSIS) if data.analysis is None else analysis_view(data.analysis)
    out.update({"declines": declines, "declines_text": "、".join(f"{f.name}{f.growth}" for f in declines)})
    return out


# the analysis names of a report without the analysis (a template test's empty data)
EMPTY_ANALYSIS: dict[str, Any] = {
    "leaders": [], "laggards": [], "leaders_text": "", "laggards_text": "", "breadth": {}, "breadth_text": "",
    "electricity_check_text": "", "electricity_verdict": None, "value_added_check_text": "",
    "value_added_verdict": None, "investment": {}, "investment_text": "", "divisions": [], "chains": [],
    "towns": [], "towns_text": "", "divisions_text": "", "chains_text": ""}


def _rest(data: ReportData) -> dict[str, Any]:
    """What the rest of the year must do for each annual target not yet reached (``rest.text``: one sentence)."""
    lines = [t for t in (rest_text(t, data.period) for t in data.targets) if t]
    return {"lines": lines, "text": f"完成全年目标，{'；'.join(lines)}。" if lines else ""}


def build_context(data: ReportData) -> dict[str, Any]:
    """The documented template context (charts are added by the writer, as images)."""
    p = data.period
    against = ph.previous_label(p)
    outlooks = {code: outlook_view(o) for code, o in data.outlooks.items()}
    county = _county_views(data, against, outlooks)
    sections = _pulls_to_total([part_view(s, against) for s in data.sections], data)
    towns = _town_views(data, against)
    forecasts = [o for code, o in outlooks.items() if o.growth_pct is not None]
    return {
        "county": {"name": data.county_name},
        "bureau": {"name": data.bureau_name or f"{data.county_name}科学技术和工业信息化局", "short": "县科工局"},
        "period": period_view(p, data.covers),
        "report": _report_view(data),
        "industry": _industry_view(data, county),
        "indicators": _indicator_views(data, against, outlooks),
        "sections": sections,
        "section": _sections_by_code(sections, against),
        "towns": towns,
        "towns_growing": [t for t in towns if t.gross_output.verb == "增长"],
        "towns_declining": [t for t in towns if t.gross_output.verb == "下降"],
        "county_figures": _county_figure_views(data),
        "facts": {d.code: fact_view(d, data.facts.get(d.code)) for d in (*FACTS, *RECORD_COUNTS.values())},
        "prose": _prose_paragraphs(data),
        "targets": [target_view(t, p) for t in data.targets],
        "goals": goal_views(data.targets),
        "rest": _rest(data),
        "forecasts": forecasts,
        "forecast_level": f"{forecasts[0].level}%" if forecasts else "",
        "analysis": _analysis(data, county),
        "estimate": estimate_view(data.estimates),
        "briefing": monthly_points({"period": period_view(p), "industry": county, "sections": sections, "towns": towns, "targets": [target_view(t, p) for t in data.targets]}),
        "charts": dict.fromkeys(CHART_NAMES, ""),
    }


def missing_inputs(data: ReportData) -> list[str]:
    """What the document will lack, for the CLI to say (facts not entered, texts carried or defaulted)."""
    notes = []
    absent = [d.name for d in FACTS if d.code not in data.facts]
    if absent:
        notes.append(f"本期未填报 {len(absent)} 项数据（相关句子已略去）：{'、'.join(absent[:6])}"
                     + ("等" if len(absent) > 6 else ""))
    uncounted = [d.name for d in RECORD_COUNTS.values() if d.code not in data.facts]
    if uncounted:
        notes.append(f"台账中没有记录，无法计数（相关句子已略去）：{'、'.join(uncounted)}")
    names = {t.kind: t.name for t in TEXTS}
    carried = [f"{names.get(t.kind, t.kind)}（沿用 {t.from_period}）" for t in data.texts.values()
               if t.source == "carried"]
    if carried:
        notes.append("以下文字沿用以前期别，请修改后再发：" + "、".join(carried))
    if not data.targets:
        notes.append(f"{data.period.year}年尚未设定年度目标（kegong targets set），“主要目标”“目标完成情况”无内容")
    default = [names.get(t.kind, t.kind) for t in data.texts.values() if t.source == "default"]
    if default:
        notes.append("以下文字为系统默认起草文字：" + "、".join(default))
    return notes
