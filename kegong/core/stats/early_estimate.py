"""用电折算产值（预估）: an early estimate of output growth from electricity, before the statistics arrive.

The power company's list (工业用电量, ``electricity``) comes in days before the statistics bureau's figures
(工业总产值, ``gross_output``). For a month whose electricity is in and whose gross output is not
(:func:`pending_month`), each scope's output growth is estimated from its electricity growth:

* **Series.** For every month of the panel, the scope's same-scope (同口径) cumulative growth of both
  indicators — Σ 1-m月 cumulative over Σ the prior-year cumulative the same members reported on this year's
  form (:func:`kegong.core.stats.aggregate.scope_totals`, :func:`~kegong.core.stats.growth.growth_pct_array`),
  the figures the dashboard and the report publish — and likewise the reporting month's own growth. A point
  is a month where both growth rates exist; only points before the estimated month are used.
* **Model** (``REGRESSION``): output yoy ≈ a + b × electricity yoy, ordinary least squares on the scope's
  own past points (at least ``MIN_FIT``).
* **Back-test.** Rolling origin: every past point ``t`` with at least ``MIN_FIT`` points before it is
  predicted from a fit on those points alone; ``mae_pp`` is the mean absolute error in 百分点 and
  ``n_backtest`` the number of such points. The interval is the estimate ± the ``LEVEL`` (80 %) empirical
  quantile of the absolute back-test errors (none with fewer than ``MIN_BACKTEST`` errors).
* **Fallback** (``GAP``): output growth = electricity growth + the mean gap (output − electricity growth)
  of the last ``RECENT`` points, back-tested the same way (every point with one point or more before it).
  It is used when the regression has fewer than ``MIN_BACKTEST`` back-test points, and also when on the
  regression's own back-test origins it erred less than the regression did (the gap between the two growth
  rates shifts from year to year — prices, the mix of industries — and the recent gap follows the shift,
  where a line fitted over several years does not). With no past point at all the estimate is the
  electricity growth itself (``ELECTRICITY_ONLY``), with no error to show.
* **Limits.** Errors of cumulative growth are correlated month to month and the gap jumps at the turn of a
  year, so early in a year (1-2月, 1-3月) the interval is narrower than the error turns out to be.

Plain numpy over a :class:`~kegong.core.stats.panel.Panel`; no Django, no I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from kegong.core.periods import Period
from kegong.core.stats.aggregate import period_fields, scope_totals
from kegong.core.stats.growth import growth_pct_array
from kegong.core.stats.indicators import default_scopes
from kegong.core.stats.panel import Panel, Scope

OUTPUT, ELECTRICITY = "gross_output", "electricity"
MIN_FIT = 6  # points an ordinary least squares fit is made on
MIN_BACKTEST = 3  # back-test points the regression (and any interval) needs
RECENT = 3  # past points whose mean gap the fallback adds (a quarter)
LEVEL = 0.8  # the interval: this quantile of the absolute back-test errors

REGRESSION = "用电增速线性回归"
GAP = "用电增速加近期平均差距"
ELECTRICITY_ONLY = "按用电增速（无可比历史）"


@dataclass(frozen=True)
class Point:
    """One past month of a scope: its electricity and output growth (%)."""

    year: int
    month: int
    electricity_yoy: float
    output_yoy: float


@dataclass(frozen=True)
class Estimate:
    """The estimated output growth (%) of one series (cumulative or the month's own) of one scope."""

    electricity_yoy: float | None
    output_yoy: float | None
    low: float | None
    high: float | None
    mae_pp: float | None
    n_backtest: int
    method: str
    intercept: float | None = None
    slope: float | None = None

    @property
    def has_interval(self) -> bool:
        return self.low is not None and self.high is not None


@dataclass(frozen=True)
class ScopeEstimate:
    """A scope's estimate for ``period`` (the cumulative 1-M月) and for its reporting month M."""

    scope: str  # str(Scope): all, industry:C, town:城关镇
    kind: str
    label: str
    period: Period
    cumulative: Estimate
    month: Estimate

    # the cumulative figures, read directly
    @property
    def electricity_yoy(self) -> float | None:
        return self.cumulative.electricity_yoy

    @property
    def output_yoy(self) -> float | None:
        return self.cumulative.output_yoy

    @property
    def low(self) -> float | None:
        return self.cumulative.low

    @property
    def high(self) -> float | None:
        return self.cumulative.high

    @property
    def mae_pp(self) -> float | None:
        return self.cumulative.mae_pp

    @property
    def n_backtest(self) -> int:
        return self.cumulative.n_backtest

    @property
    def method(self) -> str:
        return self.cumulative.method


# --- which month is pending ----------------------------------------------------------------------------
def _reported_months(panel: Panel, indicator: str, year: int) -> np.ndarray:
    """(12,) bool: whether any enterprise reported a cumulative figure of ``indicator`` for each month."""
    if indicator not in panel.indicators or not panel.has_year(year):
        return np.zeros(12, dtype=bool)
    y, k = panel.year_index(year), panel.indicator_index(indicator)
    return panel.reported["cumulative"][y, k].any(axis=-1)


def pending_month(panel: Panel, year: int) -> int | None:
    """The latest month of ``year`` whose electricity is in (some enterprise reported its cumulative) while no
    enterprise's gross output is, after the year's last gross-output month; None if there is none.

    January does not count: the statistics report January and February together (1-2月, at February), so a
    January electricity figure has no output figure of its own to stand in for."""
    elec, out = _reported_months(panel, ELECTRICITY, year), _reported_months(panel, OUTPUT, year)
    last_out = int(np.flatnonzero(out)[-1]) + 1 if out.any() else 0
    for m in range(12, max(last_out, 1), -1):
        if elec[m - 1] and not out[m - 1]:
            return m
    return None


def latest_pending(panel: Panel) -> tuple[int, int] | None:
    """(year, month) of the pending month after the panel's last gross-output figure, or None."""
    for year in reversed(panel.years):
        m = pending_month(panel, year)
        if m is not None:
            return year, m
        if _reported_months(panel, OUTPUT, year).any():
            return None  # gross output came later than any pending month of the years before
    return None


# --- the fit and its back-test -------------------------------------------------------------------------
Predictor = Callable[[Sequence[Point], float], "tuple[float, float | None, float | None] | None"]


def fit_line(x: Sequence[float], y: Sequence[float]) -> tuple[float, float] | None:
    """(a, b) of y ≈ a + b·x by ordinary least squares; None with fewer than ``MIN_FIT`` points or no spread
    of x to fit a slope on."""
    xs, ys = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if xs.size < MIN_FIT or float(np.ptp(xs)) < 1e-9:
        return None
    b, a = np.polyfit(xs, ys, 1)
    return float(a), float(b)


def predict_regression(past: Sequence[Point], x: float) -> tuple[float, float | None, float | None] | None:
    """(estimate, a, b) from the regression on ``past``; None when it cannot be fitted."""
    line = fit_line([p.electricity_yoy for p in past], [p.output_yoy for p in past])
    if line is None:
        return None
    a, b = line
    return a + b * x, a, b


def predict_gap(past: Sequence[Point], x: float) -> tuple[float, float | None, float | None] | None:
    """(estimate, None, None): electricity growth + the mean gap of the last ``RECENT`` points of ``past``."""
    if not past:
        return None
    gap = float(np.mean([p.output_yoy - p.electricity_yoy for p in past[-RECENT:]]))
    return x + gap, gap, 1.0


def backtest_at(points: Sequence[Point], predict: Predictor) -> dict[int, float]:
    """Rolling-origin absolute errors (百分点) by origin: each point ``t`` that ``predict`` can forecast from
    the points before it alone, and how far off that forecast was; ``points`` in time order."""
    errors = {}
    for t in range(1, len(points)):
        hit = predict(points[:t], points[t].electricity_yoy)
        if hit is not None:
            errors[t] = abs(hit[0] - points[t].output_yoy)
    return errors


def backtest(points: Sequence[Point], predict: Predictor) -> np.ndarray:
    """The absolute back-test errors of :func:`backtest_at`, in time order."""
    return np.asarray(list(backtest_at(points, predict).values()), dtype=np.float64)


def _gap_does_better(points: Sequence[Point], regression: dict[int, float]) -> bool:
    """Whether the recent-gap rule erred less than the regression on the regression's own origins."""
    gap = backtest_at(points, predict_gap)
    return float(np.mean([gap[t] for t in regression])) < float(np.mean(list(regression.values())))


def estimate(points: Sequence[Point], electricity_yoy: float | None) -> Estimate:
    """The output growth for a month with ``electricity_yoy`` from the scope's past ``points`` (time order):
    the regression when its back-test has ``MIN_BACKTEST`` points and the recent-gap rule did not do better
    on the same origins, else the recent-gap rule, else the electricity growth itself."""
    points = sorted(points, key=lambda p: (p.year, p.month))
    if electricity_yoy is None or electricity_yoy != electricity_yoy:
        return Estimate(None, None, None, None, None, 0, ELECTRICITY_ONLY)
    at = backtest_at(points, predict_regression)
    method, hit = REGRESSION, predict_regression(points, electricity_yoy)
    if hit is None or len(at) < MIN_BACKTEST or _gap_does_better(points, at):
        method, at, hit = GAP, backtest_at(points, predict_gap), predict_gap(points, electricity_yoy)
    errors = np.asarray(list(at.values()), dtype=np.float64)
    if hit is None:
        return Estimate(electricity_yoy, electricity_yoy, None, None, None, 0, ELECTRICITY_ONLY)
    value, a, b = hit  # the fallback's line: a = the mean gap, b = 1
    mae = float(errors.mean()) if errors.size else None
    low = high = None
    if errors.size >= MIN_BACKTEST:
        q = float(np.quantile(errors, LEVEL))
        low, high = value - q, value + q
    return Estimate(electricity_yoy, value, low, high, mae, int(errors.size), method, intercept=a, slope=b)


# --- a panel's scopes ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Growth:
    """Same-scope growth (%) of every scope × month of one year: ``[cumulative?][indicator]`` (S, 12)."""

    cumulative: dict[str, np.ndarray]
    month: dict[str, np.ndarray]


def _growth_of_year(panel: Panel, scopes: Sequence[Scope], year: int) -> _Growth:
    tot = scope_totals(panel, scopes, year, [OUTPUT, ELECTRICITY])
    cum, mon = {}, {}
    for k, code in enumerate((OUTPUT, ELECTRICITY)):
        cum[code] = growth_pct_array(tot.cumulative[:, k], tot.prior_cumulative[:, k])
        by_month = growth_pct_array(tot.value[:, k], tot.prior_value[:, k])
        for m in range(1, 13):  # the reporting month of 1-2月 is the combined 1-2月: the cumulative
            if period_fields(m, cumulative=False)[0] == "cumulative":
                by_month[:, m - 1] = cum[code][:, m - 1]
        mon[code] = by_month
    return _Growth(cum, mon)


def _points(by_year: dict[int, _Growth], s: int, year: int, month: int, cumulative: bool) -> list[Point]:
    """Scope ``s``'s points before (year, month), in time order."""
    out = []
    for y in sorted(by_year):
        g = by_year[y].cumulative if cumulative else by_year[y].month
        for m in range(1, 13):
            if (y, m) >= (year, month):
                break
            e, o = float(g[ELECTRICITY][s, m - 1]), float(g[OUTPUT][s, m - 1])
            if e == e and o == o:
                out.append(Point(y, m, e, o))
    return out


def _now(by_year: dict[int, _Growth], s: int, year: int, month: int, cumulative: bool) -> float | None:
    g = by_year[year].cumulative if cumulative else by_year[year].month
    v = float(g[ELECTRICITY][s, month - 1])
    return None if v != v else v


def estimate_scopes(panel: Panel, year: int, month: int,
                    scopes: Sequence[Scope] | None = None) -> list[ScopeEstimate]:
    """Each scope's estimate for 1-``month``月 of ``year`` and for the month itself, from the panel's months
    before it (default scopes: 全县, the sections, the towns — :func:`~kegong.core.stats.indicators.default_scopes`).
    Scopes without the month's electricity growth are left out. A panel without both indicators gives []."""
    if OUTPUT not in panel.indicators or ELECTRICITY not in panel.indicators or not panel.has_year(year):
        return []
    scopes = list(scopes) if scopes is not None else default_scopes(panel)
    by_year = {y: _growth_of_year(panel, scopes, y) for y in panel.years if y <= year}
    period = Period.cumulative(year, month)
    out = []
    for s, scope in enumerate(scopes):
        both = [estimate(_points(by_year, s, year, month, c), _now(by_year, s, year, month, c))
                for c in (True, False)]
        if both[0].electricity_yoy is None:
            continue
        out.append(ScopeEstimate(str(scope), scope.kind, panel.scope_label(scope), period, both[0], both[1]))
    return out
