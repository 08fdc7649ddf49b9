"""Reading the stored world for views, the CLI and the report writer.

The loaders turn database rows into the plain inputs of the statistical core (``kegong.core.stats``): a
:class:`~kegong.core.stats.panel.Panel` of enterprise figures and a mapping of county figures. Everything
statistical happens in the core; this module only reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from kegong.core.catalogue import INDICATORS
from kegong.core.periods import Period
from kegong.core.stats.aggregate import scope_totals
from kegong.core.stats.growth import growth_pct, growth_pct_array
from kegong.core.stats.indicators import indicator_table
from kegong.core.stats.panel import FIELDS, Panel, Scope
from kegong.figures import store

_DB_FIELDS = {"value": "value", "cumulative": "cumulative", "prior_value": "prior_year_value",
              "prior_cumulative": "prior_year_cumulative"}


def load_panel(years: Sequence[int] | None = None, indicators: Sequence[str] | None = None) -> Panel:
    """Every enterprise with its figures for ``years`` (default: every stored year; the range is filled in
    to consecutive years), read from the panel store — one consistent snapshot of the newest committed
    data. ``indicators`` is accepted for callers that name what they need; the panel carries the whole
    catalogue either way."""
    del indicators  # the stored panel has every indicator; selecting would only copy
    return store.panel(years)


def latest_period(panel: Panel | None = None) -> tuple[int, int] | None:
    """(year, month) of the latest gross-output report, or None on an empty database."""
    panel = panel if panel is not None else store.panel()
    if "gross_output" not in panel.indicators:
        return None
    k = panel.indicator_index("gross_output")
    for year in reversed(panel.years):
        months = np.flatnonzero(panel.reported["cumulative"][year - panel.first_year, k].any(axis=-1))
        if months.size:
            return year, int(months[-1]) + 1
    return None


def county_overview(panel: Panel | None = None) -> dict:
    """The county's same-scope cumulative totals, growth and change of growth (against the previous
    cumulative period) for the latest period: ``{"period": (year, month) | None, "totals": [{code, name,
    unit, cumulative, yoy_pct, pp_change}, …]}``."""
    latest = latest_period(panel)
    if latest is None:
        return {"period": None, "totals": []}
    year, month = latest
    if panel is None:
        panel = load_panel(years=[year - 1, year])
    rows = indicator_table(panel, Period.cumulative(year, month), [Scope.county()], INDICATORS)
    totals = [{"code": r.code, "name": r.name, "unit": r.unit, "cumulative": r.cumulative, "yoy_pct": r.yoy_pct,
               "pp_change": r.pp_change} for r in rows if r.cumulative is not None]
    return {"period": (year, month), "totals": totals}




# --- one enterprise and the enterprise list ---------------------------------------------------------------

@dataclass(frozen=True)
class FirmGrowth:
    """Every enterprise's cumulative gross output for one period and its year-on-year growth (%), aligned
    with ``ids`` (the panel's order); NaN = not reported / no comparable prior figure."""

    year: int
    month: int
    ids: tuple[str, ...]
    current: np.ndarray
    growth: np.ndarray
    above: np.ndarray | None = None  # above scale in ``year`` (the scale statuses the panel was built from)

    def of(self, uscc: str) -> tuple[float | None, float | None]:
        i = self._pos.get(uscc)
        if i is None:
            return None, None
        return _num(self.current[i]), _num(self.growth[i])

    def is_above(self, uscc: str) -> bool | None:
        """Whether the firm was above scale in ``year``; None when the panel does not know the firm."""
        i = self._pos.get(uscc)
        return None if i is None or self.above is None else bool(self.above[i])

    @cached_property
    def shown(self) -> np.ndarray:
        """Growth as printed (one decimal, half away from zero, float noise removed first), so that a firm
        shown as +20.0% falls in the band 20%及以上."""
        r = np.round(self.growth, 9)
        return np.sign(r) * np.floor(np.abs(r) * 10 + 0.5) / 10

    @cached_property
    def _pos(self) -> dict[str, int]:
        return {u: i for i, u in enumerate(self.ids)}

    def band(self, low: float | None, high: float | None, comparable: bool = True) -> np.ndarray:
        """Mask of the firms whose growth (as shown) lies in [low, high) — or, with ``comparable`` False, of those
        without a comparable growth."""
        g = self.shown
        if not comparable:
            return np.isnan(g)
        m = ~np.isnan(g)
        if low is not None:
            m &= g >= low
        if high is not None:
            m &= g < high
        return m


_growth_cache: dict[tuple, FirmGrowth] = {}


def firm_growth(year: int, month: int, indicator: str = "gross_output") -> FirmGrowth:
    """:class:`FirmGrowth` from the panel store, computed once per data version and period."""
    snap = store.snapshot()  # the version and its panel together
    key = (str(store.root()), snap.version, year, month, indicator)
    hit = _growth_cache.get(key)
    if hit is not None:
        return hit
    p = snap.panel
    if not p.has_year(year) or indicator not in p.indicators:
        cur = pri = np.full(p.n_enterprises, np.nan)
    else:
        y, k = p.year_index(year), p.indicator_index(indicator)
        cur, pri = (np.where(p.reported[f][y, k, month - 1], p.data[f][y, k, month - 1], np.nan)
                    for f in ("cumulative", "prior_cumulative"))
    above = p.above_scale[p.year_index(year)].copy() if p.has_year(year) else np.zeros(p.n_enterprises, bool)
    fg = FirmGrowth(year, month, p.ids, cur, growth_pct_array(cur, pri), above)
    if len(_growth_cache) > 16:
        _growth_cache.clear()
    _growth_cache[key] = fg
    return fg


@dataclass(frozen=True)
class MonthRow:
    month: int
    label: str  # the reporting month: 1-2月, 3月, …
    value: float | None
    prior_value: float | None
    cumulative: float | None
    prior_cumulative: float | None
    growth: float | None  # the enterprise's cumulative growth (%)
    section_growth: float | None  # its industry section's (above-scale firms), same period


def enterprise_series(uscc: str, section: str, indicator: str, year: int) -> list[MonthRow]:
    """One enterprise's reporting months of ``year`` (1-2月 is one) for one indicator, beside its section's
    cumulative growth; only the months the county has figures for. Empty when the enterprise is not in the panel or the year is
    not stored."""
    snap = store.snapshot()
    p = snap.panel
    if not p.has_year(year) or uscc not in p.ids or indicator not in p.indicators:
        return []
    last = p.last_month(year) or 0
    pick = {f: [p.figure(f, indicator, uscc, year, m) for m in range(1, last + 1)] for f in FIELDS}
    sec = _section_growth(snap, section, indicator, year, last) if section else [None] * last
    return [MonthRow(m, Period.reporting(year, m).span_label(), pick["value"][m - 1], pick["prior_value"][m - 1], pick["cumulative"][m - 1], pick["prior_cumulative"][m - 1],
                     growth_pct(pick["cumulative"][m - 1], pick["prior_cumulative"][m - 1]), sec[m - 1])
            for m in range(2, last + 1)]  # January is reported inside 1-2月


_section_cache: dict[tuple, list[float | None]] = {}


def _section_growth(snap: store.Snapshot, section: str, indicator: str, year: int, last: int) -> list[float | None]:
    """The section's (above-scale firms') cumulative growth by month 1..``last``, computed once per data
    version: every enterprise page of the section shows the same figures, and summing the section costs more
    than the rest of the page's figures."""
    key = (str(store.root()), snap.version, section, indicator, year, last)
    hit = _section_cache.get(key)
    if hit is None:
        tot = scope_totals(snap.panel, [Scope("industry", section)], year, [indicator],
                           fields=("cumulative", "prior_cumulative"))
        hit = [_num(x) for x in growth_pct_array(tot.cumulative[0, 0, :last], tot.prior_cumulative[0, 0, :last])]
        if len(_section_cache) > 256:
            _section_cache.clear()
        _section_cache[key] = hit
    return list(hit)


def enterprise_latest(uscc: str, year: int, month: int) -> list[dict]:
    """Every indicator of one enterprise at one cumulative period: code, name, unit, cumulative, prior
    cumulative and growth (rows with neither figure are left out)."""
    p = store.panel()
    if not p.has_year(year) or uscc not in p.ids:
        return []
    rows = []
    for d in INDICATORS:
        if d.code not in p.indicators:
            continue
        cur = p.figure("cumulative", d.code, uscc, year, month)
        pri = p.figure("prior_cumulative", d.code, uscc, year, month)
        if cur is None and pri is None:
            continue
        rows.append({"code": d.code, "name": d.name, "unit": d.unit, "cumulative": cur,
                     "prior_cumulative": pri, "growth": growth_pct(cur, pri)})
    return rows


def _num(x) -> float | None:
    return None if x is None or np.isnan(x) else float(x)
