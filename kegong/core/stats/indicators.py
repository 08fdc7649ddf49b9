"""The indicator table ``kegong indicators`` prints: per scope and indicator, the cumulative figure of a
period, its same-scope growth, the change of growth, and the reporting month's own figures.

For the cumulative period 1-m月 of year y and a scope:

* ``cumulative`` / ``cumulative_prior_year`` — Σ of this year's 1-m月 cumulative / of the prior-year
  cumulative the same enterprises reported on this year's form, over the scope's members in y;
* ``yoy_pct`` — same-scope growth (同口径); ``yoy_pct_prev`` — the same for the previous cumulative period
  (1-5月 for 1-6月, 1-2月 for 1-3月, none for 1-2月); ``pp_change`` — the difference in percentage points;
* ``month`` / ``month_prior_year`` / ``month_yoy_pct`` — the reporting month (the combined 1-2月 for 1-2月);
* beyond the CLI contract: ``naive_yoy_pct`` — growth against last year's stored totals over last year's
  scope (非同口径, shown as such), ``yoy_pct_last_year`` / ``pp_change_last_year`` — the growth the same
  period had last year and the change against it, ``net_addition`` (净增), ``members`` (企业数).

Figures are computed in full precision; :meth:`IndicatorRow.as_json` rounds amounts to 2 decimals and
percents to 2 decimals, half up (``kegong.core.numbers``), as the readable table does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Protocol

import numpy as np

from kegong.core.codes.industry import INDUSTRY_SECTIONS
from kegong.core.numbers import fmt, round_half_up
from kegong.core.periods import Period
from kegong.core.stats.aggregate import ScopeTotals, period_fields, scope_totals
from kegong.core.stats.growth import growth_pct_array, net_addition, pp_change
from kegong.core.stats.panel import Panel, Scope, StatsError
from kegong.core.stats.ratios import GDP, HIGH_TECH_VALUE_ADDED, RD_SPEND, GdpRatios, gdp_ratios, to_wan_yuan
from kegong.core.stats.value_added import PPI, VALUE_ADDED_GROWTH, ValueAddedCheck, value_added_check
from kegong.core.texttable import text_table

CONTRACT_KEYS = ("code", "name", "unit", "scope", "cumulative", "cumulative_prior_year", "yoy_pct",
                 "yoy_pct_prev", "pp_change", "month", "month_prior_year", "month_yoy_pct")

# County figures as the loader gives them: (code, year, cumulative month) -> (value, unit).
CountyFigures = Mapping[tuple[str, int, int], tuple[float, str]]


class IndicatorDefLike(Protocol):
    code: str
    name: str
    unit: str


@dataclass(frozen=True)
class IndicatorRow:
    code: str
    name: str
    unit: str
    scope: str
    scope_name: str
    members: int
    cumulative: float | None
    cumulative_prior_year: float | None
    yoy_pct: float | None
    yoy_pct_prev: float | None
    pp_change: float | None
    month: float | None
    month_prior_year: float | None
    month_yoy_pct: float | None
    net_addition: float | None
    last_year_cumulative: float | None
    naive_yoy_pct: float | None
    yoy_pct_last_year: float | None
    pp_change_last_year: float | None

    def as_json(self) -> dict:
        """The CLI contract's keys first (in order), then the extras; rounded, None for missing."""
        d = asdict(self)
        out = {k: _round(k, d.pop(k)) for k in CONTRACT_KEYS}
        out.update({k: _round(k, v) for k, v in d.items()})
        return out

    @property
    def is_empty(self) -> bool:
        return all(v is None for v in (self.cumulative, self.cumulative_prior_year, self.month,
                                       self.month_prior_year, self.last_year_cumulative))


def _round(key: str, v):
    """Amounts and percents alike to 2 decimals, half up (``kegong.core.numbers``; −0.0 becomes 0.0, NaN None);
    ``key`` is kept for a per-field rule should one be needed."""
    return round_half_up(v, 2) if isinstance(v, float) else v


def check_period(panel: Panel, period: Period) -> None:
    """Raise PeriodError unless ``period`` is a cumulative period, StatsError unless the panel has its data."""
    period.require_cumulative()
    if not panel.has_data(period.year, period.end):
        latest = next(((y, m) for y in reversed(panel.years) if (m := panel.last_month(y))), None)
        tail = f"（现有数据截至 {latest[0]}年{latest[1]}月）" if latest else "（数据库中还没有月度数据）"
        raise StatsError(f"没有 {period.label()} 的数据{tail}")


def default_scopes(panel: Panel) -> list[Scope]:
    """全县, each industrial section that has enterprises, each town — the scopes listed by default."""
    sections = [s for s in INDUSTRY_SECTIONS if s in panel.groups["section"].labels]
    return [Scope.county(), *(Scope("industry", s) for s in sections),
            *(Scope("town", t) for t in panel.groups["town"].labels if t)]


def indicator_table(panel: Panel, period: Period, scopes: Sequence[Scope],
                    defs: Sequence[IndicatorDefLike]) -> list[IndicatorRow]:
    """The indicator rows of ``period`` (a cumulative period), scope by scope in the order given, each
    scope's indicators in the order of ``defs``. Indicators the panel does not hold are left out."""
    check_period(panel, period)
    defs = [d for d in defs if d.code in panel.indicators]
    codes = [d.code for d in defs]
    y, m = period.year, period.end
    this = scope_totals(panel, scopes, y, codes)
    last = scope_totals(panel, scopes, y - 1, codes)
    prev = period.previous_cumulative()
    mcur, mpri = period_fields(m, cumulative=False)
    i = m - 1
    yoy = growth_pct_array(this.cumulative[:, :, i], this.prior_cumulative[:, :, i])
    yoy_prev = (growth_pct_array(this.cumulative[:, :, prev.end - 1], this.prior_cumulative[:, :, prev.end - 1])
                if prev else np.full(yoy.shape, np.nan))
    month_yoy = growth_pct_array(getattr(this, mcur)[:, :, i], getattr(this, mpri)[:, :, i])
    naive = growth_pct_array(this.cumulative[:, :, i], last.cumulative[:, :, i])
    yoy_ly = growth_pct_array(last.cumulative[:, :, i], last.prior_cumulative[:, :, i])

    rows = []
    for s, scope in enumerate(scopes):
        label = panel.scope_label(scope)
        for k, d in enumerate(defs):
            cum, pc = _f(this.cumulative[s, k, i]), _f(this.prior_cumulative[s, k, i])
            g, gp, gly = _f(yoy[s, k]), _f(yoy_prev[s, k]), _f(yoy_ly[s, k])
            rows.append(IndicatorRow(
                code=d.code, name=d.name, unit=d.unit, scope=str(scope), scope_name=label,
                members=int(this.members[s]), cumulative=cum, cumulative_prior_year=pc, yoy_pct=g,
                yoy_pct_prev=gp, pp_change=pp_change(g, gp),
                month=_f(getattr(this, mcur)[s, k, i]), month_prior_year=_f(getattr(this, mpri)[s, k, i]),
                month_yoy_pct=_f(month_yoy[s, k]), net_addition=net_addition(cum, pc),
                last_year_cumulative=_f(last.cumulative[s, k, i]), naive_yoy_pct=_f(naive[s, k]),
                yoy_pct_last_year=gly, pp_change_last_year=pp_change(g, gly)))
    return rows


def _f(x) -> float | None:
    x = float(x)
    return None if x != x else x


# --- county checks: value added and ratios to GDP ------------------------------------------------------
def _county(figures: CountyFigures, code: str, year: int, month: int, money: bool = False) -> float | None:
    hit = figures.get((code, year, month))
    if hit is None:
        return None
    value, unit = hit
    return to_wan_yuan(value, unit) if money else float(value)


def county_checks(panel: Panel, period: Period, figures: CountyFigures) -> tuple[ValueAddedCheck, GdpRatios]:
    """The official value-added growth against the estimate from same-scope gross output deflated by the
    PPI, and R&D / high-tech value added over GDP, for the county and ``period``.

    R&D spending is the county figure ``rd_spend`` when one is stored, else the above-scale enterprises'
    reported 研发投入 (same scope)."""
    y, m = period.year, period.end
    county = [Scope.county()]
    codes = [c for c in ("gross_output", "rd_spend") if c in panel.indicators]
    tot: ScopeTotals = scope_totals(panel, county, y, codes, fields=("cumulative", "prior_cumulative"))

    def total(code: str, f: str) -> float | None:
        return tot.get(f, county[0], code, m) if code in codes else None

    va = value_added_check(y, m, official_pct=_county(figures, VALUE_ADDED_GROWTH, y, m),
                           gross_output_current=total("gross_output", "cumulative"),
                           gross_output_prior=total("gross_output", "prior_cumulative"),
                           ppi_index=_county(figures, PPI, y, m))
    rd = _county(figures, RD_SPEND, y, m, money=True)
    if rd is None:
        rd = total("rd_spend", "cumulative")
    ratios = gdp_ratios(y, m, gdp=_county(figures, GDP, y, m, money=True), rd_spend=rd,
                        high_tech_value_added=_county(figures, HIGH_TECH_VALUE_ADDED, y, m, money=True))
    return va, ratios


def table_json(period: Period, rows: Sequence[IndicatorRow], va: ValueAddedCheck | None = None,
               ratios: GdpRatios | None = None) -> dict:
    """The one JSON object ``kegong indicators --json`` prints."""
    out: dict = {"period": period.key(), "period_label": period.label(),
                 "indicators": [r.as_json() for r in rows]}
    if va is not None:
        out["value_added"] = {k: _round(k, v) for k, v in asdict(va).items() if k not in ("year", "month")}
    if ratios is not None:
        out["gdp_ratios"] = {k: _round(k, v) for k, v in asdict(ratios).items() if k not in ("year", "month")}
    return out


# --- readable table ------------------------------------------------------------------------------------
def _pct(v: float | None) -> str:
    return fmt(v, 1)


def format_table(period: Period, rows: Sequence[IndicatorRow], va: ValueAddedCheck | None = None,
                 ratios: GdpRatios | None = None) -> str:
    """A readable Chinese table, one block per scope; "—" where a figure does not exist."""
    span, month = period.span_label(), period.reporting_month().span_label()
    prev = period.previous_cumulative()
    head = ["指标", "单位", f"{span}累计", "上年同期", "同比%", f"{prev.span_label() if prev else '上期'}同比%",
            "增减(百分点)", f"{month}", "上年同月", "当月同比%"]
    lines: list[str] = []
    by_scope: dict[str, list[IndicatorRow]] = {}
    for r in rows:
        by_scope.setdefault(r.scope, []).append(r)
    for scope_rows in by_scope.values():
        first = scope_rows[0]
        if first.scope.startswith("enterprise"):
            lines.append(f"【{first.scope_name}】{period.label()} 主要指标")
        else:
            lines.append(f"【{first.scope_name}】{period.label()} 规上工业主要指标（{first.members}家企业，同口径）")
        body = [[r.name, r.unit, fmt(r.cumulative), fmt(r.cumulative_prior_year), _pct(r.yoy_pct),
                 _pct(r.yoy_pct_prev), _pct(r.pp_change), fmt(r.month), fmt(r.month_prior_year),
                 _pct(r.month_yoy_pct)] for r in scope_rows if not r.is_empty]
        if not body:
            lines += ["  （无数据）", ""]
            continue
        lines += [text_table(head, body, right=range(2, len(head)), rule=False, indent="  "), ""]
    if va is not None and (va.official_pct is not None or va.estimate_pct is not None):
        lines.append(f"规上工业增加值增速（统计局公布）：{_pct(va.official_pct)}%；按工业总产值扣除价格因素估算"
                     f"（PPI {fmt(va.ppi_index, 1)}）：{_pct(va.estimate_pct)}%；差距 {_pct(va.gap_pp)} 个百分点")
    if ratios is not None and ratios.gdp is not None:
        lines.append(f"研发投入占 GDP 比重：{fmt(ratios.rd_gdp_pct)}%；高新技术产业增加值占 GDP 比重："
                     f"{fmt(ratios.high_tech_gdp_pct)}%")
    return "\n".join(lines).rstrip() + "\n"

