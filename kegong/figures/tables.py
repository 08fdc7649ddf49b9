"""The computed tables users ask for — the indicator table and the rankings — read through the panel store.

Selectors: a period and a few choices in, plain results out. The CLI, the web pages, the exports and the
coming API all call these, so a table is computed the same way wherever it is shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from kegong.core.catalogue import BY_CODE, INDICATORS, RANK_BY
from kegong.core.errors import InputError
from kegong.core.periods import Period
from kegong.core.stats.aggregate import breakdown_by, breakdown_by_enterprise
from kegong.core.stats.growth import Breakdown
from kegong.core.stats.indicators import (
    GdpRatios,
    IndicatorRow,
    ValueAddedCheck,
    check_period,
    county_checks,
    default_scopes,
    indicator_table,
)
from kegong.core.stats.panel import Scope
from kegong.county.selectors import load_county_figures
from kegong.figures.selectors import latest_period, load_panel


def latest_cumulative() -> Period:
    """The latest period with figures, as a cumulative period (what a page or command shows by default)."""
    latest = latest_period()
    if latest is None:
        raise InputError("数据库中还没有企业月报数据，请先导入（kegong import）或生成演示数据（kegong demo）")
    return Period.cumulative(*latest)


@dataclass(frozen=True)
class IndicatorTable:
    period: Period
    rows: list[IndicatorRow]
    value_added: ValueAddedCheck | None
    ratios: GdpRatios | None


def indicators_table(period: Period, scope: str | None = None) -> IndicatorTable:
    """Every indicator for ``scope`` (default: the county, each section and each town) at ``period``."""
    period.require_cumulative()
    panel = load_panel(years=[period.year - 1, period.year])
    check_period(panel, period)
    scopes = [Scope.parse(scope)] if scope else default_scopes(panel)
    for s in scopes:
        panel.mask(s)  # an unknown scope fails here, before anything is computed
    rows = indicator_table(panel, period, scopes, INDICATORS)
    va = ratios = None
    if any(s.kind == "all" for s in scopes):
        va, ratios = county_checks(panel, period, load_county_figures([period.year]))
    return IndicatorTable(period, rows, va, ratios)


@dataclass(frozen=True)
class Ranking:
    period: Period
    indicator: str
    by: str
    scope: str
    sort: str
    total: Breakdown
    parts: list

    @property
    def rank_key(self) -> str:
        return "rank_level" if self.sort == "level" else "rank_growth"


def ranking_table(period: Period, *, by: str = "town", indicator: str = "gross_output", scope: str = "all",
                  sort: str = "level", top: int | None = None) -> Ranking:
    """Towns, sections, parks, chains or enterprises of ``scope`` ranked by level or growth (same scope)."""
    period.require_cumulative()
    if indicator not in BY_CODE:
        raise InputError(f"指标“{indicator}”不存在（可用：{'、'.join(BY_CODE)}）")
    if by not in RANK_BY:
        raise InputError(f"排名分组“{by}”无效（可用：{'、'.join(RANK_BY)}）")
    panel = load_panel(years=[period.year - 1, period.year])
    check_period(panel, period)
    within = Scope.parse(scope)
    panel.mask(within)
    if by == "enterprise":
        bd = breakdown_by_enterprise(panel, within, indicator, period.year, period.end)
    else:
        bd = breakdown_by(panel, within, RANK_BY[by], indicator, period.year, period.end)
    key = "rank_level" if sort == "level" else "rank_growth"
    parts = sorted(bd.parts, key=lambda r: (getattr(r, key) is None, getattr(r, key) or 0))
    return Ranking(period, indicator, by, scope, sort, bd, parts[:top] if top else parts)


@dataclass(frozen=True)
class ForecastTable:
    period: Period
    level: float
    results: list[dict]  # code, name, unit, actual_cumulative, actual_growth, and the forecast's own keys
    errors: list[dict]  # code, name, message


def forecast_table(period: Period, codes: tuple[str, ...] = (), level: float = 0.8) -> ForecastTable:
    """预计 next cumulative period for each indicator (or ``codes``), from the county's monthly series."""
    from kegong.core.stats.forecast import ForecastError, county_points, forecast_cumulative

    period.require_cumulative()
    unknown = [c for c in codes if c not in BY_CODE]
    if unknown:
        raise InputError(f"指标代码“{unknown[0]}”不存在（可用：{'、'.join(BY_CODE)}）")
    panel = load_panel()
    if not panel.has_year(period.year) or not panel.last_month(period.year):
        raise InputError(f"没有 {period.year} 年的月度数据，无法预测")
    panel = load_panel(years=range(panel.first_year, period.year + 1))
    if period.end >= 2 and not panel.has_data(period.year, period.end):
        raise InputError(f"没有 {period.label()} 的数据（{period.year}年数据截至 "
                         f"{panel.last_month(period.year) or '—'} 月）")
    results, errors = [], []
    for d in INDICATORS:
        if codes and d.code not in codes:
            continue
        points, cum, prior = county_points(panel, d.code, period.year, period.end)
        try:
            cf = forecast_cumulative(points, current_cumulative=cum, prior_cumulative=prior, level=level)
        except ForecastError as e:
            errors.append({"code": d.code, "name": d.name, "message": str(e)})
            continue
        actual_growth = 100 * (cum / prior - 1) if cum is not None and prior else None
        results.append({"code": d.code, "name": d.name, "unit": d.unit, "actual_cumulative": cum,
                        "actual_growth": actual_growth, **cf.to_dict()})
    return ForecastTable(period, level, results, errors)
