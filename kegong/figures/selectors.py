"""Reading the stored world for views, the CLI and the report writer.

The loaders turn database rows into the plain inputs of the statistical core (``kegong.core.stats``): a
:class:`~kegong.core.stats.panel.Panel` of enterprise figures and a mapping of county figures. Everything
statistical happens in the core; this module only reads.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from kegong.core.catalogue import INDICATORS
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


