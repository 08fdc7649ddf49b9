"""Annual targets and time progress (时间过半、任务过半), over plain numbers.

A target is one of three kinds:

* ``level`` — an amount to reach within the year (工业投资 50 亿元);
* ``count`` — a number of things to achieve within the year (新增规上企业 12 家, 国家高新技术企业 5 家);
* ``growth`` — a growth rate for the year (规上工业增加值增长 8%).

**Level and count targets** are judged against time progress. Completion is ``actual / target``; time progress
is the share of the year elapsed at the end of the period (``Period.time_progress()``: 1-6月 → 50%). The gap is
``completion − time progress`` in percentage points, and the status is

* 超前 (ahead) when the gap is at least ``ahead_margin`` points (default 5),
* 滞后 (behind) when completion falls short of time progress by more than ``behind_margin`` points (default 0:
  任务未过半 is behind),
* 正常 (on track) otherwise.

**Growth targets** are judged by rate, not pro-rated by time: the cumulative growth of 1-M月 over the same
period of last year is already the running estimate of the year's growth, so it is compared with the target
rate directly. The gap is ``achieved − target`` in percentage points; the status is 超前 at
``growth_ahead_margin`` points or more above the target (default 1), 滞后 below the target by more than
``behind_margin`` points, 正常 otherwise. Completion (完成率) is ``achieved / target`` and only defined for a
positive target. When last year's full-year figure is known, :func:`required_rest_growth` gives the growth the
remaining months need for the year to hit the target (后续月份需增长).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from kegong.core.periods import Period


class TargetKind(StrEnum):
    GROWTH = "growth"
    LEVEL = "level"
    COUNT = "count"
    SHARE = "share"  # a ratio reached by the period's end, e.g. 研发投入占GDP比重 2.1%

    @property
    def label(self) -> str:
        return {"growth": "增速", "level": "总量", "count": "数量", "share": "比重"}[self.value]

    @property
    def is_rate(self) -> bool:
        """Rates (growth, share) are judged against the target itself, not against time progress."""
        return self in (TargetKind.GROWTH, TargetKind.SHARE)


class Status(StrEnum):
    AHEAD = "ahead"
    ON_TRACK = "on_track"
    BEHIND = "behind"

    @property
    def label(self) -> str:
        return {"ahead": "超前", "on_track": "正常", "behind": "滞后"}[self.value]


@dataclass(frozen=True)
class TargetSpec:
    """One annual target. ``value`` is in ``unit`` (growth targets in %)."""

    year: int
    code: str
    name: str
    kind: TargetKind
    value: float
    unit: str


@dataclass(frozen=True)
class Preset:
    name: str
    kind: TargetKind
    unit: str


# Metrics a target is usually set on; the CLI uses these as defaults. Codes are catalogue indicator codes,
# county-figure codes (value_added_growth …) or derived counts (new_above_scale).
PRESETS: dict[str, Preset] = {
    "value_added_growth": Preset("规上工业增加值增长", TargetKind.GROWTH, "%"),
    "gross_output": Preset("规上工业总产值增长", TargetKind.GROWTH, "%"),
    "revenue": Preset("规上工业营业收入增长", TargetKind.GROWTH, "%"),
    "industrial_investment": Preset("工业投资", TargetKind.LEVEL, "亿元"),
    "renovation_investment": Preset("技改投资", TargetKind.LEVEL, "亿元"),
    "rd_spend": Preset("研发投入", TargetKind.LEVEL, "亿元"),
    "new_above_scale": Preset("新增规上企业", TargetKind.COUNT, "家"),
    "high_tech_gdp_share": Preset("高新技术产业增加值占GDP比重", TargetKind.SHARE, "%"),
    "rd_gdp_share": Preset("研发投入占GDP比重", TargetKind.SHARE, "%"),
    "high_tech_new": Preset("成功申报国家高新技术企业", TargetKind.COUNT, "家"),
}

# Size of a unit relative to its 万-based stored unit (money is stored in 万元, energy in 万千瓦时).
_UNIT_SCALE = {"元": 1e-4, "万元": 1.0, "亿元": 1e4, "万千瓦时": 1.0, "亿千瓦时": 1e4, "千瓦时": 1e-4}


def convert(amount: float, from_unit: str, to_unit: str) -> float:
    """Convert between 元/万元/亿元 (or 千瓦时/万千瓦时/亿千瓦时); other units pass through unchanged."""
    if from_unit == to_unit or from_unit not in _UNIT_SCALE or to_unit not in _UNIT_SCALE:
        return amount
    if ("元" in from_unit) != ("元" in to_unit):
        raise ValueError(f"单位“{from_unit}”与“{to_unit}”不能换算")
    return amount * _UNIT_SCALE[from_unit] / _UNIT_SCALE[to_unit]


@dataclass(frozen=True)
class Progress:
    """How far a target is at the end of ``period``. ``actual`` is in the target's unit (growth: %);
    ``completion`` and ``time_progress`` are shares (0.62 = 62%); ``gap_points`` in percentage points."""

    target: TargetSpec
    period: Period
    actual: float | None
    completion: float | None
    time_progress: float
    gap_points: float | None
    status: Status | None
    required_rest_growth: float | None = None  # %, growth targets only

    @property
    def message(self) -> str:
        t = self.target
        if self.actual is None or self.status is None:
            return f"{t.name}：{self.period.label()}暂无完成数据"
        side = "超" if (self.gap_points or 0) >= 0 else "落后"
        if t.kind is TargetKind.GROWTH:
            rel = "高于" if self.gap_points >= 0 else "低于"
            text = (f"{t.name}：{self.period.label()}累计增长 {self.actual:.1f}%，目标 {t.value:g}%，"
                    f"{rel}目标 {abs(self.gap_points):.1f} 个百分点")
            if self.required_rest_growth is not None:
                text += f"，后续月份需增长 {self.required_rest_growth:.1f}% 才能完成全年目标"
        elif t.kind is TargetKind.SHARE:
            rel = "高于" if self.gap_points >= 0 else "低于"
            text = (f"{t.name}：{self.period.label()}为 {self.actual:.2f}%，目标 {t.value:g}%，"
                    f"{rel}目标 {abs(self.gap_points):.2f} 个百分点")
        else:
            text = (f"{t.name}：{self.period.label()}完成 {_fmt(self.actual)}{t.unit}，"
                    f"为目标 {_fmt(t.value)}{t.unit} 的 {100 * self.completion:.1f}%，"
                    f"时间进度 {100 * self.time_progress:.1f}%，{side}序时进度 {abs(self.gap_points):.1f} 个百分点")
        return f"{text}（{self.status.label}）"

    def to_dict(self) -> dict:
        t = self.target
        return {"year": t.year, "code": t.code, "name": t.name, "kind": str(t.kind), "target": t.value,
                "unit": t.unit, "period": self.period.key(), "actual": self.actual, "completion": self.completion,
                "time_progress": self.time_progress, "gap_points": self.gap_points,
                "status": str(self.status) if self.status else None,
                "status_label": self.status.label if self.status else None,
                "required_rest_growth": self.required_rest_growth, "message": self.message}


def assess(target: TargetSpec, period: Period, actual: float | None, *, ahead_margin: float = 5.0,
           growth_ahead_margin: float = 1.0, behind_margin: float = 0.0,
           prior_cumulative: float | None = None, prior_full_year: float | None = None,
           cumulative: float | None = None) -> Progress:
    """Judge ``target`` at the end of ``period`` given what has been achieved (``actual``, in the target's
    unit; for a growth target the cumulative growth in %). For growth targets, passing last year's
    cumulative (``prior_cumulative``), last year's full year (``prior_full_year``) and this year's cumulative
    (``cumulative``) — all in one unit — adds the growth the rest of the year needs."""
    if period.year != target.year:
        raise ValueError(f"期别 {period.label()} 不在目标年度 {target.year} 内")
    tp = period.time_progress()
    if actual is None:
        return Progress(target, period, None, None, tp, None, None)
    if target.kind is TargetKind.GROWTH:
        gap = actual - target.value
        completion = actual / target.value if target.value > 0 else None
        status = _status(gap, growth_ahead_margin, behind_margin)
        rest = None
        if None not in (prior_cumulative, prior_full_year, cumulative):
            rest = required_rest_growth(target.value, cumulative, prior_cumulative, prior_full_year)
        return Progress(target, period, actual, completion, tp, gap, status, rest)
    if target.kind is TargetKind.SHARE:
        gap = actual - target.value
        completion = actual / target.value if target.value > 0 else None
        return Progress(target, period, actual, completion, tp, gap, _status(gap, 0.0, behind_margin))
    if target.value <= 0:
        return Progress(target, period, actual, None, tp, None, None)
    completion = actual / target.value
    gap = 100 * (completion - tp)
    return Progress(target, period, actual, completion, tp, gap, _status(gap, ahead_margin, behind_margin))


def _status(gap_points: float, ahead_margin: float, behind_margin: float) -> Status:
    eps = 1e-9
    if gap_points >= ahead_margin - eps:
        return Status.AHEAD
    if gap_points < -behind_margin - eps:
        return Status.BEHIND
    return Status.ON_TRACK


def required_rest_growth(target_pct: float, cumulative: float, prior_cumulative: float,
                         prior_full_year: float) -> float | None:
    """Growth (%) the remaining months need over last year's remaining months for the year to grow by
    ``target_pct``: ``(prior_full_year·(1+g) − cumulative) / (prior_full_year − prior_cumulative) − 1``.
    None when last year has no remaining months (December)."""
    rest_prior = prior_full_year - prior_cumulative
    if rest_prior <= 0:
        return None
    needed = prior_full_year * (1 + target_pct / 100) - cumulative
    return 100 * (needed / rest_prior - 1)


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:g}" if float(x).is_integer() else f"{x:,.2f}"


# --- what has been achieved ------------------------------------------------------------------------------
@dataclass(frozen=True)
class IndicatorTotals:
    """The county's same-scope totals of one indicator for one year (index ``m - 1`` for 1-m月; None where
    nothing was reported): this year's cumulative, the prior-year cumulative this year's enterprises
    reported, and last year's own cumulative (last year's scope)."""

    unit: str
    cumulative: Sequence[float | None]
    prior_cumulative: Sequence[float | None]
    last_year_cumulative: Sequence[float | None]


@dataclass(frozen=True)
class Achieved:
    actual: float | None  # in the target's unit (growth: %)
    source: str  # "county" (a published/entered county figure) | "count" | "figures" | ""
    as_of: int | None = None  # the month the figure is for
    cumulative: float | None = None  # growth targets: this year's and last year's amounts, one unit
    prior_cumulative: float | None = None
    prior_full_year: float | None = None


CountyFigureMap = Mapping[tuple[str, int, int], tuple[float, str]]


def achieved(target: TargetSpec, period: Period, *, county: CountyFigureMap | None = None,
             counts: Mapping[str, float] | None = None,
             totals: Mapping[str, IndicatorTotals] | None = None) -> Achieved:
    """What ``target`` has achieved by the end of ``period``, looked up in this order:

    1. a county figure with the target's code (the latest month of the year up to the period's end) — the
       official value-added growth, a count of 国家高新技术企业 entered by hand, …;
    2. a count by code (``counts``; e.g. ``new_above_scale`` from the scope statuses);
    3. the same-scope totals of the catalogue indicator with that code: growth = 1-M月 cumulative over the
       prior-year cumulative; level = the cumulative, converted to the target's unit.

    For growth from totals, last year's full year on this year's scope is estimated as the prior-year
    cumulative × (last year's 1-12月 / last year's 1-M月) — for :func:`required_rest_growth`."""
    y, m = period.year, period.end
    for month in range(m, 0, -1):
        hit = (county or {}).get((target.code, y, month))
        if hit is not None:
            value, unit = hit
            if not target.kind.is_rate:
                value = convert(float(value), unit, target.unit)
            return Achieved(float(value), "county", month)
    if counts and target.code in counts:
        return Achieved(float(counts[target.code]), "count", m)
    t = (totals or {}).get(target.code)
    if t is None:
        return Achieved(None, "")
    cum, prior = _at(t.cumulative, m), _at(t.prior_cumulative, m)
    if target.kind is TargetKind.GROWTH:
        if cum is None or prior is None or prior <= 0:
            return Achieved(None, "")
        ly_m, ly_12 = _at(t.last_year_cumulative, m), _at(t.last_year_cumulative, 12)
        full = prior * ly_12 / ly_m if ly_m and ly_12 else None
        return Achieved(100 * (cum / prior - 1), "figures", m, cum, prior, full)
    if cum is None:
        return Achieved(None, "")
    return Achieved(convert(cum, t.unit, target.unit), "figures", m)


def _at(xs: Sequence[float | None], m: int) -> float | None:
    if not 1 <= m <= len(xs):
        return None
    x = xs[m - 1]
    return None if x is None or x != x else float(x)


def progress_of(target: TargetSpec, period: Period, got: Achieved, **margins: float) -> Progress:
    """:func:`assess` on what :func:`achieved` found."""
    return assess(target, period, got.actual, prior_cumulative=got.prior_cumulative,
                  prior_full_year=got.prior_full_year, cumulative=got.cumulative, **margins)


def totals_from_panel(panel, year: int, units: Mapping[str, str]) -> dict[str, IndicatorTotals]:
    """:class:`IndicatorTotals` of the county (全县, same scope) for each indicator in ``units`` (code → unit)
    the panel holds."""
    from kegong.core.stats.aggregate import scope_totals
    from kegong.core.stats.panel import Scope

    county = Scope.county()
    codes = [c for c in units if c in panel.indicators]
    now = scope_totals(panel, [county], year, codes, fields=("cumulative", "prior_cumulative"))
    last = scope_totals(panel, [county], year - 1, codes, fields=("cumulative",))
    months = range(1, 13)
    return {c: IndicatorTotals(units[c], [now.get("cumulative", county, c, m) for m in months],
                               [now.get("prior_cumulative", county, c, m) for m in months],
                               [last.get("cumulative", county, c, m) for m in months]) for c in codes}
