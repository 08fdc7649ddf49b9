"""Reading the stored world for views, the CLI and the report writer.

The loaders turn database rows into the plain inputs of the statistical core (``kegong.core.stats``): a
:class:`~kegong.core.stats.panel.Panel` of enterprise figures and a mapping of county figures. Everything
statistical happens in the core; this module only reads.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Sequence

import numpy as np

from kegong.core.catalogue import INDICATORS
from kegong.core.numbers import round_half_up
from kegong.core.periods import Period
from kegong.core.stats.indicators import indicator_table
from kegong.core.stats.panel import Panel, Scope
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


TREND_INDICATORS = ("gross_output", "electricity", "tax", "industrial_investment")


_board_lock = threading.Lock()
_boards: dict[tuple[str, str], dict] = {}


def home_dashboard() -> dict:
    """The home page's figures (see :func:`compute_home_dashboard`), computed once per data version and
    shared by every request and thread of the process; each caller gets its own copy."""
    key = (str(store.root()), store.version())
    with _board_lock:
        board = _boards.get(key)
    if board is None:
        board = compute_home_dashboard()
        with _board_lock:
            if len(_boards) > 16:
                _boards.clear()
            _boards[key] = board
    return copy.deepcopy(board)


def compute_home_dashboard() -> dict:
    """The home page: the latest period's county table (with the change against the previous cumulative
    period), the cumulative-growth trend of the year by month for a few indicators, and gross output by
    town (level, growth, 拉动). All figures come from the statistical core; the chart values (trend data,
    ``yoy_chart``) are rounded half up to one decimal by :mod:`kegong.core.numbers`."""
    from kegong.core.stats.aggregate import breakdown_by

    full = store.panel()
    latest = latest_period(full)
    if latest is None:
        return {"period": None, "totals": [], "trend": None, "towns": []}
    year, month = latest
    panel = load_panel(years=[year - 1, year])
    totals = county_overview(panel)["totals"]
    names = {d.code: d.name for d in INDICATORS}
    months = [m for m in range(2, month + 1) if panel.has_data(year, m)]
    series = {code: [] for code in TREND_INDICATORS}
    for m in months:
        for r in indicator_table(panel, Period.cumulative(year, m), [Scope.county()],
                                 [d for d in INDICATORS if d.code in TREND_INDICATORS]):
            series[r.code].append(round_half_up(r.yoy_pct, 1))
    trend = {"labels": [Period.cumulative(year, m).span_label() for m in months],
             "series": [{"name": names[c], "data": series[c]} for c in TREND_INDICATORS]}
    towns = breakdown_by(panel, Scope.county(), "town", "gross_output", year, month)
    town_rows = sorted(
        ({"name": p.label, "cumulative": p.current, "yoy_pct": p.growth_pct, "pull_pp": p.pull_pp,
          "rank": p.rank_level, "yoy_chart": round_half_up(p.growth_pct, 1)}
         for p in towns.parts if p.current is not None),
        key=lambda t: t["rank"] or 0)
    return {"period": (year, month), "totals": totals, "trend": trend, "towns": town_rows}
