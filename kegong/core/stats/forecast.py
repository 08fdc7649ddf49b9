"""Next-month forecasts (预计 1-(M+1) 月) from a county's monthly series, chosen by rolling-origin back-test.

**The combined January–February period.** Enterprises report January and February together (1-2月, stored
at month 2), so the series has no January point. We model an **11-point seasonal year** — 1-2月, 3月, …, 12月 —
rather than splitting 1-2月 into two invented halves: no data is made up, the 1-2月 point simply is a season
of its own (twice a month's length, with the Spring Festival inside it whichever month it falls in), and
every model here handles an 11-period season. A series that does report January and February separately is
combined into 1-2月 first. ``benchmarks/bench_forecast.py`` compares the two choices on the same targets: the
split into two equal halves makes no material difference to the airline model (the one chosen most often)
and helps Holt-Winters a little on the demo county, so the choice rests on not inventing data.

**Candidates** (all one-step-ahead, on positive series; in :mod:`kegong.core.stats.forecast_models`):

* ``snaive`` — seasonal naive: same season last year (the baseline every model must beat);
* ``snaive_growth`` — seasonal naive × the last 11 points' growth over the 11 before;
* ``hw_damped`` — Holt-Winters (statsmodels ``ExponentialSmoothing``): damped additive trend,
  multiplicative season, parameters and initial states estimated;
* ``airline`` — SARIMA(0,1,1)(0,1,1)₁₁ on the log series (statsmodels ``SARIMAX``), the "airline model".

**Selection.** Each candidate forecasts each of the last ``backtest`` points from the data before it
(rolling origin, refitted every time); the candidate with the lowest MAPE wins, ties going to the simpler
(earlier) one — so a model is only chosen when it beats seasonal naive on this very series.

**Interval.** Empirical, from the chosen candidate's back-test errors: with ``s`` the root mean square of
``log(actual / forecast)`` over ``k`` origins, the interval at level ``level`` is ``forecast · exp(±q·s)``,
``q`` the Student-t quantile with ``k`` degrees of freedom. It is model-agnostic and honest about the
model's real one-step error; the benchmark reports its coverage.

**Short series.** Back-testing needs ``MIN_TRAIN`` points plus ``MIN_ORIGINS`` origins. Shorter series fall
back to seasonal naive (≥ 11 points) or naive (the last point's monthly rate, scaled to the next period's
length) with ``fallback=True``; their interval, if any, comes from the method's own past one-step errors.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from kegong.core.periods import Period, start_month_of
from kegong.core.stats.forecast_models import (  # noqa: F401  (re-exported: the candidates live there)
    BY_CODE,
    CANDIDATES,
    MIN_TRAIN,
    SEASON,
    Candidate,
    ForecastError,
    mape,
    one_step,
    rolling_forecasts,
)

MIN_ORIGINS = 3


# --- the 11-season axis -----------------------------------------------------------------------------
def season_of(month: int) -> int:
    """Season index on the 11-point year: 1-2月 (month 2, or a lone January) → 0, 3月 → 1, …, 12月 → 10."""
    if not 1 <= month <= 12:
        raise ForecastError(f"月份 {month} 无效")
    return 0 if month <= 2 else month - 2


def month_of(season: int) -> int:
    """The reporting month of a season: 0 → 2 (1-2月), 1 → 3, …, 10 → 12."""
    return 2 if season == 0 else season + 2


def months_in(season: int) -> int:
    return 2 if season == 0 else 1


@dataclass(frozen=True)
class SeriesPoint:
    """One reported month (or the combined 1-2月: ``month=2, start_month=1``)."""

    year: int
    month: int
    value: float
    start_month: int | None = None

    @property
    def start(self) -> int:
        if self.start_month is not None:
            return self.start_month
        return start_month_of(self.month)


@dataclass(frozen=True)
class SeasonalSeries:
    """A contiguous series on the 11-season axis: ``values[i]`` belongs to ``(year, season)`` of position
    ``first + i`` where position = ``year * 11 + season``."""

    first: int
    values: np.ndarray

    @property
    def last(self) -> int:
        return self.first + len(self.values) - 1

    @staticmethod
    def position(year: int, month: int) -> int:
        return year * SEASON + season_of(month)

    @staticmethod
    def year_month(position: int) -> tuple[int, int]:
        return position // SEASON, month_of(position % SEASON)

    def season(self, i: int) -> int:
        return (self.first + i) % SEASON


def to_seasonal(points: Sequence[SeriesPoint]) -> SeasonalSeries:
    """Put reported points on the 11-season axis, combining a separately reported January and February.
    Raises on a gap, a duplicate or a non-positive value (the models are multiplicative)."""
    if not points:
        raise ForecastError("序列为空，无法预测")
    by_pos: dict[int, float] = {}
    parts: dict[int, set[int]] = {}
    for p in sorted(points, key=lambda p: (p.year, p.month)):
        pos = SeasonalSeries.position(p.year, p.month)
        covered = set(range(p.start, p.month + 1))
        if pos in parts and parts[pos] & covered:
            raise ForecastError(f"{p.year}年{p.month}月数据重复")
        parts.setdefault(pos, set()).update(covered)
        by_pos[pos] = by_pos.get(pos, 0.0) + float(p.value)
    for pos, months in parts.items():
        y, m = SeasonalSeries.year_month(pos)
        need = set(Period.reporting(y, m).months)
        if months != need:
            raise ForecastError(f"{y}年1-2月数据不完整（只有{'、'.join(f'{x}月' for x in sorted(months))}）")
    first, last = min(by_pos), max(by_pos)
    missing = [SeasonalSeries.year_month(q) for q in range(first, last + 1) if q not in by_pos]
    if missing:
        y, m = missing[0]
        raise ForecastError(f"序列在 {Period.reporting(y, m).label()}缺期，无法预测")
    values = np.array([by_pos[q] for q in range(first, last + 1)], dtype=float)
    if not np.all(np.isfinite(values)) or np.any(values <= 0):
        raise ForecastError("序列含零或负值，无法按季节模型预测")
    return SeasonalSeries(first, values)


def log_interval(point: float, log_errors: np.ndarray, level: float) -> tuple[float, float] | None:
    """``point · exp(±q·rms(log_errors))`` with ``q`` the Student-t quantile on as many degrees of freedom as
    there are errors (the error scale is itself estimated from few origins); None with fewer than three."""
    from scipy.stats import t as student_t

    e = log_errors[np.isfinite(log_errors)]
    if len(e) < 3:
        return None
    s = float(np.sqrt(np.mean(e ** 2)))
    q = float(student_t.ppf(0.5 + level / 2, df=len(e)))
    return point * math.exp(-q * s), point * math.exp(q * s)


# --- the forecast --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Forecast:
    """The forecast of the next reporting month's value (``month=2`` is 1-2月)."""

    year: int
    month: int
    value: float
    low: float | None
    high: float | None
    level: float
    model: str
    model_label: str
    fallback: bool
    note: str
    backtest: dict[str, float | None] = field(default_factory=dict)  # candidate → MAPE %
    origins: int = 0

    @property
    def period(self) -> Period:
        """The reporting month forecast (1-2月 for ``month=2``)."""
        return Period.reporting(self.year, self.month)


def forecast_next(points: Sequence[SeriesPoint] | SeasonalSeries, *, backtest: int = SEASON,
                  level: float = 0.8, candidates: Sequence[Candidate] = CANDIDATES) -> Forecast:
    """Forecast the reporting month after the last point, choosing the model by rolling-origin back-test
    over the last ``backtest`` points (fewer if the series is short)."""
    s = points if isinstance(points, SeasonalSeries) else to_seasonal(points)
    y = s.values
    n = len(y)
    year, month = SeasonalSeries.year_month(s.last + 1)
    origins_available = n - MIN_TRAIN
    if origins_available >= MIN_ORIGINS:
        k = min(backtest, origins_available)
        origins = list(range(n - k, n))
        actual = y[origins]
        scores: dict[str, float | None] = {}
        preds: dict[str, np.ndarray] = {}
        for c in candidates:
            preds[c.code] = rolling_forecasts(c, y, origins)
            scores[c.code] = mape(actual, preds[c.code])
        ranked = [c for c in candidates if scores[c.code] is not None]
        if ranked:
            best = min(ranked, key=lambda c: scores[c.code])  # min() keeps the first on ties
            point = one_step(best, y)
            if point is not None:
                interval = log_interval(point, np.log(actual / preds[best.code]), level)
                note = f"按近 {k} 期滚动回测选定（MAPE {scores[best.code]:.1f}%）"
                return Forecast(year, month, point, *(interval or (None, None)), level, best.code, best.label,
                                False, note, scores, k)
    return _fallback(s, year, month, level, n)


def _fallback(s: SeasonalSeries, year: int, month: int, level: float, n: int) -> Forecast:
    y = s.values
    if n >= SEASON:
        point = float(y[-SEASON])
        errors = np.log(y[SEASON:] / y[:-SEASON])
        interval = log_interval(point, errors, level)
        c = BY_CODE["snaive"]
        note = f"序列仅 {n} 期，不足以回测选模，采用季节朴素法"
        return Forecast(year, month, point, *(interval or (None, None)), level, c.code, c.label, True, note)
    rates = y / np.array([months_in(s.season(i)) for i in range(n)])
    point = float(rates[-1] * months_in((s.last + 1) % SEASON))
    errors = np.log(rates[1:] / rates[:-1])
    interval = log_interval(point, errors, level)
    note = f"序列仅 {n} 期，不足一个季节年，采用朴素法（按上期月均值）"
    return Forecast(year, month, point, *(interval or (None, None)), level, "naive", "朴素（上期月均）", True, note)


# --- cumulative level and growth ------------------------------------------------------------------------
@dataclass(frozen=True)
class CumulativeForecast:
    """预计 1-(M+1) 月: the cumulative level, its growth over the same period of last year, with intervals."""

    year: int
    month: int
    next: Forecast
    cumulative: float
    cumulative_low: float | None
    cumulative_high: float | None
    prior_cumulative: float | None  # last year's 1-(M+1)月 (estimated for the current scope)
    growth: float | None  # %
    growth_low: float | None
    growth_high: float | None

    @property
    def period(self) -> Period:
        return Period.cumulative(self.year, self.month)

    @property
    def span_label(self) -> str:
        return self.period.span_label()

    def to_dict(self) -> dict:
        f = self.next
        return {"period": self.period.key(), "label": self.period.label(),
                "span_label": self.span_label,
                "month_value": f.value, "month_low": f.low, "month_high": f.high,
                "cumulative": self.cumulative, "cumulative_low": self.cumulative_low,
                "cumulative_high": self.cumulative_high, "prior_cumulative": self.prior_cumulative,
                "growth": self.growth, "growth_low": self.growth_low, "growth_high": self.growth_high,
                "level": f.level, "model": f.model, "model_label": f.model_label, "fallback": f.fallback,
                "note": f.note, "backtest_mape": f.backtest, "backtest_origins": f.origins}


def forecast_cumulative(points: Sequence[SeriesPoint], *, current_cumulative: float | None = None,
                        prior_cumulative: float | None = None, backtest: int = SEASON,
                        level: float = 0.8, candidates: Sequence[Candidate] = CANDIDATES) -> CumulativeForecast:
    """Forecast the next cumulative period 1-(M+1)月 and its growth.

    ``current_cumulative`` (1-M月 this year) defaults to the sum of this year's points. The growth base is
    last year's 1-(M+1)月. With ``prior_cumulative`` (last year's 1-M月 as this year's enterprises report it
    on this year's forms — the comparable base) it is grown by last year's own next-month share:
    ``prior_cumulative · (1 + y_last[M+1] / cum_last[1..M])``. Without it, last year's series cumulative is
    used directly. After December the next period is next year's 1-2月 and the cumulative restarts."""
    s = to_seasonal(points)
    f = forecast_next(s, backtest=backtest, level=level, candidates=candidates)
    year, month = f.year, f.month
    cur_year, last_month = SeasonalSeries.year_month(s.last)
    if year != cur_year:  # after December: a new year starts with 1-2月
        base = 0.0
        prior_now = None
    else:
        this_year = [s.values[q - s.first] for q in range(max(s.first, year * SEASON), s.last + 1)]
        base = float(sum(this_year)) if current_cumulative is None else current_cumulative
        prior_now = prior_cumulative
    last_year = {q: s.values[q - s.first] for q in range((year - 1) * SEASON, year * SEASON)
                 if s.first <= q <= s.last}
    next_season = season_of(month)
    prior_next = _prior_next(last_year, year - 1, next_season, prior_now)
    cum = base + f.value
    low = base + f.low if f.low is not None else None
    high = base + f.high if f.high is not None else None

    def growth(x: float | None) -> float | None:
        return None if x is None or not prior_next else 100 * (x / prior_next - 1)

    return CumulativeForecast(year, month, f, cum, low, high, prior_next, growth(cum), growth(low), growth(high))


def _prior_next(last_year: dict[int, float], ly: int, next_season: int, prior_now: float | None) -> float | None:
    through = [last_year.get(ly * SEASON + q) for q in range(next_season + 1)]
    if prior_now is not None:
        if next_season == 0:
            return None
        before = through[:-1]
        if through[-1] is None or any(v is None for v in before) or sum(before) <= 0:
            return None
        return prior_now * (1 + through[-1] / sum(before))
    if any(v is None for v in through):
        return None
    return float(sum(through))


def county_points(panel, indicator: str, year: int, month: int) -> tuple[list[SeriesPoint], float | None,
                                                                            float | None]:
    """The county's (全县, above-scale scope of each year) monthly series of ``indicator`` up to
    ``year``-``month`` from a :class:`~kegong.core.stats.panel.Panel`, as differences of the same-year cumulative
    sums (1-2月 is the cumulative at February, so enterprises that report January apart fit in too); plus
    this year's 1-M月 cumulative and the prior-year cumulative the same enterprises reported. Only the
    contiguous stretch ending at ``month`` is kept."""
    from kegong.core.stats.aggregate import scope_totals
    from kegong.core.stats.panel import Scope

    county = Scope.county()
    points: list[SeriesPoint] = []
    cum_now = prior_now = None
    for y in range(panel.first_year, year + 1):
        t = scope_totals(panel, [county], y, [indicator], fields=("cumulative", "prior_cumulative"))
        cum = [t.get("cumulative", county, indicator, m) for m in range(1, 13)]
        last_m = month if y == year else 12
        for m in range(2, last_m + 1):
            c, before = cum[m - 1], (cum[m - 2] if m > 2 else 0.0)
            if c is None or before is None:
                points = []  # a hole: keep only what comes after it
                continue
            points.append(SeriesPoint(y, m, c - before, start_month_of(m)))
        if y == year:
            cum_now = cum[month - 1] if month >= 2 else None
            prior_now = t.get("prior_cumulative", county, indicator, month) if month >= 2 else None
    return points, cum_now, prior_now
