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
from dataclasses import dataclass, replace
from enum import StrEnum

from kegong.core import catalogue, numbers, units
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


def target_name(code: str, kind: TargetKind | str) -> str:
    """A target's default name, from the catalogue's name of what it is set on (one name per concept):
    a growth target on an enterprise indicator is ``规上工业总产值增长``, on a published rate
    (规上工业增加值增速) ``规上工业增加值增长``; a count drops the catalogue's trailing 数 (新增规上工业企业);
    levels and shares keep the name (工业投资, 研发投入占GDP比重). The code itself when the catalogue does
    not know it."""
    kind = TargetKind(kind)
    name = catalogue.indicator_name(code)
    if name == code:
        return code
    if kind is TargetKind.GROWTH:
        if name.endswith("增速"):
            return name.removesuffix("增速") + "增长"
        prefix = "规上" if code in catalogue.BY_CODE and not name.startswith("规上") else ""
        return f"{prefix}{name}增长"
    if kind is TargetKind.COUNT:
        return name.removesuffix("数")
    return name


@dataclass(frozen=True)
class Preset:
    code: str
    kind: TargetKind
    unit: str

    @property
    def name(self) -> str:
        return target_name(self.code, self.kind)


# Metrics a target is usually set on; the CLI uses these as defaults (the names come from the catalogue).
# Codes are catalogue indicator codes, county-figure codes (value_added_growth …) or derived measures
# (new_above_scale, rd_gdp_share …).
PRESETS: dict[str, Preset] = {p.code: p for p in (
    Preset("value_added_growth", TargetKind.GROWTH, units.PERCENT_SIGN),
    Preset("gross_output", TargetKind.GROWTH, units.PERCENT_SIGN),
    Preset("revenue", TargetKind.GROWTH, units.PERCENT_SIGN),
    Preset("industrial_investment", TargetKind.LEVEL, units.YI_YUAN),
    Preset("renovation_investment", TargetKind.LEVEL, units.YI_YUAN),
    Preset("rd_spend", TargetKind.LEVEL, units.YI_YUAN),
    Preset("new_above_scale", TargetKind.COUNT, units.ENTERPRISES),
    Preset("high_tech_gdp_share", TargetKind.SHARE, units.PERCENT_SIGN),
    Preset("rd_gdp_share", TargetKind.SHARE, units.PERCENT_SIGN),
    Preset("high_tech_new", TargetKind.COUNT, units.ENTERPRISES),
)}


def convert(amount: float, from_unit: str, to_unit: str) -> float:
    """Convert between money units (元 … 亿元) or energy units (千瓦时 … 亿千瓦时) with :mod:`kegong.core.units`;
    anything else (counts, percents, an empty or unlisted unit) passes through unchanged. Money against
    energy is an InputError."""
    a, b = units.find(from_unit), units.find(to_unit)
    if from_unit == to_unit or a is None or b is None or not {a.kind, b.kind} <= set(units.BASE):
        return amount
    return units.convert(amount, from_unit, to_unit)


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
    as_of: int | None = None  # the month the achieved figure is for (a quarterly GDP share: 9 in 1-11月)

    @property
    def message(self) -> str:
        """The sentence the CLI, the alerts and the documents print (:func:`sentence`)."""
        t = self.target
        return sentence(t.name, t.kind, t.value, t.unit, self.period, actual=self.actual,
                        completion=self.completion, gap_points=self.gap_points,
                        status_label=self.status.label if self.status else None,
                        required_rest_growth=self.required_rest_growth, as_of=self.as_of)

    def to_dict(self) -> dict:
        t = self.target
        return {"year": t.year, "code": t.code, "name": t.name, "kind": str(t.kind), "target": t.value,
                "unit": t.unit, "period": self.period.key(), "actual": self.actual, "completion": self.completion,
                "time_progress": self.time_progress, "gap_points": self.gap_points,
                "status": str(self.status) if self.status else None,
                "status_label": self.status.label if self.status else None,
                "required_rest_growth": self.required_rest_growth, "as_of": self.as_of, "message": self.message}


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


# --- how a target is written (the one sentence the CLI, the web and the documents print) ----------------
def goal_text(kind: TargetKind | str, value: float | None, unit: str) -> str:
    """A target value as it is set, without trailing zeros: ``8%``, ``40亿元``, ``12家``, ``2.1%``."""
    if value is None:
        return numbers.NO_FIGURE
    return f"{numbers.fmt_plain(value, 0 if TargetKind(kind) is TargetKind.COUNT else 2)}{unit}"


def figure_text(kind: TargetKind | str, value: float | None, unit: str) -> str:
    """What has been achieved, with its unit: growth ``9.1%`` (one decimal), share ``1.62%`` (two), count
    ``7家`` (whole), level ``15.00亿元`` (two decimals); ``—`` for none."""
    if value is None:
        return numbers.NO_FIGURE
    kind = TargetKind(kind)
    if kind is TargetKind.COUNT:
        return f"{numbers.fmt_plain(value, 0)}{unit}"
    nd = 1 if kind is TargetKind.GROWTH else 2
    return f"{numbers.fmt(value, nd, grouping=False)}{units.PERCENT_SIGN if kind.is_rate else unit}"


def _growth(rate: float, prefix: str) -> str:
    """累计增长9.1% / 累计下降1.0% / 与上年同期持平 (half up, one decimal)."""
    r = numbers.rounded(rate, 1)
    if r == 0:
        return "与上年同期持平"
    return f"{prefix}{'增长' if r > 0 else '下降'}{numbers.fmt(abs(r), 1, grouping=False)}%"


def sentence(name: str, kind: TargetKind | str, target: float, unit: str, period: Period, *,
             actual: float | None, completion: float | None, gap_points: float | None,
             status_label: str | None = None, required_rest_growth: float | None = None,
             as_of: int | None = None) -> str:
    """One sentence on a target's progress at the end of ``period``, as the bureau writes it:

    * ``工业投资：全年目标50亿元，1-6月完成28.00亿元，完成率56.0%，快于时间进度6.0个百分点（超前）``;
    * ``规上工业增加值增长：全年目标增长8%，1-6月累计增长7.2%，低于目标0.8个百分点（滞后）`` (with the
      growth the rest of the year needs when it is known);
    * ``研发投入占GDP比重：全年目标2.1%以上，1-6月为1.62%，低于目标0.48个百分点（滞后）``;
    * ``…：全年目标…，2026年1-6月暂无完成数据``.

    A rate found for an earlier month (``as_of``: a share of the quarterly GDP, a growth not yet published
    for the period) is said with its own period: ``…，前三季度为11.99%…`` in the 1-11月 briefing.
    """
    kind = TargetKind(kind)
    goal = goal_text(kind, target, unit)
    head = f"{name}：全年目标{'增长' if kind is TargetKind.GROWTH else ''}{goal}"
    if actual is None or (not kind.is_rate and completion is None):
        return f"{head}，{period.label()}暂无完成数据"
    span = period.span_label()
    if kind.is_rate and as_of is not None and as_of != period.end:
        span = Period.cumulative(period.year, as_of).common_name()  # 一季度 / 上半年 / 前三季度 / 1-M月
    gap = gap_points or 0.0
    if kind is TargetKind.GROWTH:
        rel = "高于" if numbers.rounded(gap, 1) >= 0 else "低于"
        text = (f"{head}，{span}{_growth(actual, '累计')}，"
                f"{rel}目标{numbers.fmt(abs(gap), 1, grouping=False)}个百分点")
        if required_rest_growth is not None:
            text += f"，后续月份需{_growth(required_rest_growth, '')}方能完成全年目标"
    elif kind is TargetKind.SHARE:
        rel = "高于" if numbers.rounded(gap, 2) >= 0 else "低于"
        text = (f"{head}以上，{span}为{figure_text(kind, actual, unit)}，"
                f"{rel}目标{numbers.fmt(abs(gap), 2, grouping=False)}个百分点")
    else:
        side = "快于" if numbers.rounded(gap, 1) >= 0 else "慢于"
        text = (f"{head}，{span}完成{figure_text(kind, actual, unit)}，"
                f"完成率{numbers.fmt(100 * completion, 1, grouping=False)}%，"
                f"{side}时间进度{numbers.fmt(abs(gap), 1, grouping=False)}个百分点")
    return f"{text}（{status_label}）" if status_label else text


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
    """:func:`assess` on what :func:`achieved` found (with the month its figure is for)."""
    p = assess(target, period, got.actual, prior_cumulative=got.prior_cumulative,
               prior_full_year=got.prior_full_year, cumulative=got.cumulative, **margins)
    return replace(p, as_of=got.as_of)


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


# --- what the rest of the year must do -----------------------------------------------------------------
@dataclass(frozen=True)
class Rest:
    """What a level or count target still needs after ``done`` months: the amount and its monthly mean."""

    amount: float
    months: int
    per_month: float


def rest_of_year(kind: TargetKind | str, target: float, actual: float | None, done_months: int) -> Rest | None:
    """The rest a level/count target needs in the ``12 − done_months`` months left (None when reached, for a
    rate target, or with no months left)."""
    kind = TargetKind(kind)
    if kind.is_rate or actual is None or done_months >= 12:
        return None
    amount = float(target) - float(actual)
    if amount <= 0:
        return None
    months = 12 - done_months
    return Rest(amount, months, amount / months)
