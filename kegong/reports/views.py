"""The view objects of the report context: a figure, a part (section, town …), a fact, a published county
figure, a target and a goal, each dressed in the phrases documents use (``phrasing``). Pure; built by
:mod:`kegong.reports.context`, which re-exports them."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from kegong.core import units
from kegong.core.catalogue import BY_CODE as INDICATOR_DEFS
from kegong.core.catalogue import FactDef
from kegong.core.periods import Period
from kegong.core.stats import targets
from kegong.reports import forecast_words as fw
from kegong.reports import goals
from kegong.reports import phrasing as ph
from kegong.reports.data import CountyMeasure, Measure, Outlook, Part, TargetLine

# indicators the text speaks of; a missing one is an empty FigureView (its phrases read "—")
TEXT_INDICATORS = ("gross_output", "sales_output", "revenue", "profit", "electricity", "tax",
                   "industrial_investment", "renovation_investment", "rd_spend", "export_delivery")


# --- views ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class OutlookView:
    """预计 lines for one indicator (see CONTEXT.md → forecast)."""

    name: str
    span: str
    growth_pct: float | None
    growth_low: float | None
    growth_high: float | None
    level: int
    cumulative_yi: str
    cumulative_wan: str
    text: str  # 预计1-7月同比增长10.5%
    named_text: str  # 预计1-7月工业总产值同比增长10.5%
    text_interval: str  # … （80%区间8.2%～12.7%）
    amount_text: str  # 预计1-7月实现工业投资12.34亿元，同比增长5.0%
    amount_short: str  # 12.34亿元，同比增长5.0%
    model: str
    note: str
    style: str = "point"  # point | about | range (forecast_words.WORDINGS)
    point_text: str = ""  # 预计1-7月同比增长10.5% — the bare point, for tables beside the interval


def outlook_view(o: Outlook) -> OutlookView:
    """The forecast said with the honesty its back-test earns (``forecast_words``): a point, a point with
    左右, or the range only."""
    level = int(round(o.level * 100))
    style = fw.style(o.growth_low, o.growth_high, o.mape, o.fallback)
    growth = fw.growth_said(o.growth, o.growth_low, o.growth_high, mape=o.mape, fallback=o.fallback)
    amount = fw.amount_said(o.cumulative, o.cumulative_low, o.cumulative_high, o.unit, rate_style=style)
    text = f"预计{o.span}{growth}" if growth else ""
    note = "" if style in ("range", "rough") else fw.interval_note(o.growth_low, o.growth_high, level)
    return OutlookView(
        name=o.name, span=o.span, growth_pct=o.growth, growth_low=o.growth_low, growth_high=o.growth_high,
        level=level, cumulative_yi=ph.yi(o.cumulative), cumulative_wan=ph.wan(o.cumulative),
        text=text, named_text=f"预计{o.span}{o.name}{growth}" if growth else "",
        text_interval=text + note if text else "",
        amount_text=f"预计{o.span}实现{o.name}{amount}，{growth}" if amount else text,
        amount_short=f"{amount}，{growth}" if amount else growth,
        model=o.model_label, note=o.note, style=style, point_text=ph.forecast(o.growth, span=o.span),
    )


@dataclass(frozen=True)
class FigureView:
    """One indicator for one scope, with every phrase a template may want (see CONTEXT.md → figure)."""

    code: str
    name: str
    unit: str
    has_data: bool
    cumulative: float | None
    cumulative_yi: str
    cumulative_wan: str
    cumulative_text: str
    prior_yi: str
    prior_wan: str
    display_unit: str
    cumulative_display: str
    prior_display: str
    yoy_pct: float | None
    yoy: str
    yoy_num: str
    growth: str
    growth_vs: str
    growth_bare: str
    verb: str
    yoy_abs: str
    pp_change: float | None
    pp: str
    pp_change_text: str
    month_value: float | None
    month_yi: str
    month_wan: str
    month_growth: str
    net_change: float | None
    net_change_text: str
    lead: str
    forecast: OutlookView | None = None

    def __bool__(self) -> bool:  # {% if industry.rd_spend %} — only when there is data
        return self.has_data


def figure_view(m: Measure, *, against: str, forecast: OutlookView | None = None) -> FigureView:
    money = m.unit == "万元"
    display_unit = "亿元" if money else m.unit
    disp = ph.yi if money else ph.wan
    month_growth = ph.growth(m.month_yoy_pct) if m.month_yoy_pct is not None else ""
    return FigureView(
        code=m.code, name=m.name, unit=m.unit, has_data=m.has_data, cumulative=m.cumulative,
        cumulative_yi=ph.yi(m.cumulative), cumulative_wan=ph.wan(m.cumulative),
        cumulative_text=ph.amount(m.cumulative, m.unit),
        prior_yi=ph.yi(m.cumulative_prior_year), prior_wan=ph.wan(m.cumulative_prior_year),
        display_unit=display_unit, cumulative_display=disp(m.cumulative),
        prior_display=disp(m.cumulative_prior_year),
        yoy_pct=m.yoy_pct, yoy=ph.pct(m.yoy_pct), yoy_num=ph.num(m.yoy_pct, 1),
        growth=ph.growth(m.yoy_pct), growth_vs=ph.growth(m.yoy_pct, prefix="较上年同期"),
        growth_bare=ph.growth(m.yoy_pct, prefix=""), verb=ph.growth_verb(m.yoy_pct), yoy_abs=ph.growth_abs(m.yoy_pct),
        pp_change=m.pp_change, pp=ph.pp(m.pp_change),
        pp_change_text=ph.pp_change(m.pp_change, against=against, subject="增速") if m.pp_change is not None
        else "",
        month_value=m.month, month_yi=ph.yi(m.month), month_wan=ph.wan(m.month), month_growth=month_growth,
        net_change=m.net_change, net_change_text=ph.net_change(m.net_change, m.unit),
        lead=ph.lead(m.yoy_pct), forecast=forecast,
    )


def empty_measure(code: str) -> Measure:
    d = INDICATOR_DEFS.get(code)
    return Measure(code=code, name=d.name if d else code, unit=d.unit if d else "")


@dataclass(frozen=True)
class ValueAddedView:
    """规模工业增加值 growth (official when published, otherwise the core's estimate)."""

    yoy_pct: float | None
    growth: str
    yoy: str
    source: str  # 统计部门公布 | 按总产值及价格指数估算
    note: str  # （按工业总产值扣除价格因素估算） for an estimate, empty for the published figure
    forecast: OutlookView | None = None

    def __bool__(self) -> bool:
        return self.yoy_pct is not None


@dataclass(frozen=True)
class PartView:
    """A section or town row (see CONTEXT.md → part)."""

    key: str
    name: str
    enterprises: int
    rank: str
    rank_num: int | None
    contribution_pp: float | None
    contribution: str
    contribution_text: str
    share: str
    figures: dict[str, FigureView] = field(repr=False, default_factory=dict)

    def __getattr__(self, name: str) -> FigureView:  # s.tax, t.gross_output …
        figures = self.__dict__.get("figures", {})
        if name in figures:
            return figures[name]
        raise AttributeError(name)


def part_view(p: Part, against: str) -> PartView:
    figures = {code: figure_view(p.measures.get(code) or empty_measure(code), against=against)
               for code in TEXT_INDICATORS}
    return PartView(key=p.key, name=p.label, enterprises=p.members, rank=str(p.rank_growth or "—"),
                    rank_num=p.rank_growth, contribution_pp=p.pull_pp, contribution=ph.pp(p.pull_pp),
                    contribution_text=ph.contribution(p.pull_pp), share=ph.pct(p.share_pct), figures=figures)


@dataclass(frozen=True)
class FactView:
    """A period fact kept in the briefing app, or a count of ledger records (see CONTEXT.md → facts)."""

    code: str
    name: str
    unit: str
    value: Decimal | None
    text: str  # 12家, 85%, 1.25亿块; — when not entered
    num: str

    def __bool__(self) -> bool:
        return self.value is not None


def fact_view(d: FactDef, value: Decimal | None) -> FactView:
    return FactView(code=d.code, name=d.name, unit=d.unit, value=value,
                    text=ph.NO_DATA if value is None else f"{ph.num(value, d.digits)}{d.unit}",
                    num=ph.num(value, d.digits))


@dataclass(frozen=True)
class CountyFigureView:
    code: str
    name: str
    unit: str
    value: float | None
    cumulative_yi: str
    cumulative_wan: str
    text: str
    yoy_pct: float | None
    growth: str
    growth_vs: str
    growth_basis: str  # （按可比价格计算） for the published rate, （按现价计算） for the ratio of two levels
    period_label: str  # 一季度 / 上半年 / 前三季度 / 全年 / 1-M月 — the period the published figure is for
    period_full: str  # 2026年前三季度

    def __bool__(self) -> bool:
        return self.value is not None


def county_figure_view(c: CountyMeasure) -> CountyFigureView:
    """The published rate (at comparable prices) when the bureau published one, else the ratio of the two
    levels (at current prices); an amount of energy has no price basis (``growth_basis`` empty)."""
    rate = c.reported_yoy_pct if c.reported_yoy_pct is not None else c.yoy_pct
    basis = None if rate is None else c.reported_yoy_pct is not None
    label = ph.published_period(c.period)
    return CountyFigureView(code=c.code, name=c.name, unit=c.unit, value=c.value, cumulative_yi=ph.yi(c.value),
                            cumulative_wan=ph.wan(c.value), text=ph.amount(c.value, c.unit), yoy_pct=rate,
                            growth=ph.growth(rate), growth_vs=ph.growth(rate, prefix="较上年同期"),
                            growth_basis=ph.growth_basis(basis) if c.unit == units.WAN_YUAN else "",
                            period_label=label, period_full=f"{c.period.year}年{label}")


@dataclass(frozen=True)
class TargetView:
    code: str
    name: str
    kind: str
    target_text: str
    actual_text: str
    completion: str
    time_progress: str
    gap: str
    status: str
    text: str  # one sentence for the document
    completion_pct: float | None
    time_progress_pct: float


def target_view(t: TargetLine, period: Period) -> TargetView:
    """The figures and the sentence come from the core (``kegong.core.stats.targets``), as the CLI prints them."""
    completion = None if t.completion is None else 100 * t.completion
    goal = targets.goal_text(t.kind, t.target, t.unit)
    text = targets.sentence(t.name, t.kind, t.target, t.unit, period, actual=t.actual, completion=t.completion,
                            gap_points=t.gap_points, status_label=t.status_label,
                            required_rest_growth=t.required_rest_growth, as_of=t.as_of)
    return TargetView(code=t.code, name=t.name, kind=t.kind,
                      target_text=f"增长{goal}" if t.kind == "growth" else goal,
                      actual_text=targets.figure_text(t.kind, t.actual, t.unit),
                      completion=ph.pct(completion), time_progress=ph.pct(100 * t.time_progress),
                      gap=ph.pp(t.gap_points), status=t.status_label or "—", text=text,
                      completion_pct=completion, time_progress_pct=100 * t.time_progress)


@dataclass(frozen=True)
class GoalView:
    """A line of 主要目标 (next part of the year): the annual targets as staff set them."""

    code: str
    text: str


def goal_view(t: TargetLine) -> GoalView:
    """One target alone in a line of 主要目标 (``goals.goals`` puts several in one line as the seed does)."""
    return GoalView(code=t.code, text=goals.phrase(t))


def goal_views(lines: list[TargetLine]) -> list[GoalView]:
    return [GoalView(code=g.codes[0], text=g.text) for g in goals.goals(lines)]


def rest_text(t: TargetLine, period: Period) -> str:
    """工业投资需再完成12.32亿元（后6个月月均2.05亿元） / 规上工业增加值后续月份需增长7.4%: what the rest of the
    year must do for the target ("" when reached or unknown)."""
    if t.kind == "growth":
        if t.required_rest_growth is None:
            return ""
        return f"{t.name.removesuffix('增长')}后续月份需{ph.growth(t.required_rest_growth, prefix='')}"
    rest = targets.rest_of_year(t.kind, t.target, t.actual, period.end)
    if rest is None:
        return ""
    if t.kind == "count":
        return f"{t.name}还需{targets.figure_text(t.kind, rest.amount, t.unit)}"
    return (f"{t.name}需再完成{targets.figure_text(t.kind, rest.amount, t.unit)}（后{rest.months}个月月均"
            f"{targets.figure_text(t.kind, rest.per_month, t.unit)}）")


# --- the context ---------------------------------------------------------------------------------------
