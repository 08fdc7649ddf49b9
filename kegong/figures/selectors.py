"""Reading the stored world for views, the CLI and the report writer.

The loaders turn database rows into the plain inputs of the statistical core (``kegong.core.stats``): a
:class:`~kegong.core.stats.panel.Panel` of enterprise figures and a mapping of county figures. Everything
statistical happens in the core; this module only reads.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from django.db.models import FloatField, Max
from django.db.models.functions import Cast

from kegong.core.catalogue import INDICATORS
from kegong.core.periods import Period
from kegong.core.stats.indicators import CountyFigures, indicator_table
from kegong.core.stats.panel import ATTRIBUTES, FIELDS, Grouping, Panel, PanelBuilder, Scope
from kegong.county.models import CountyFigure
from kegong.enterprises.models import Enterprise, ScaleStatus
from kegong.figures.models import Indicator, MonthlyFigure

_DB_FIELDS = {"value": "value", "cumulative": "cumulative", "prior_value": "prior_year_value",
              "prior_cumulative": "prior_year_cumulative"}


def load_panel(years: Sequence[int] | None = None, indicators: Sequence[str] | None = None) -> Panel:
    """Every enterprise with its figures for ``years`` (default: all years with figures; the years are
    filled in to a consecutive range) and ``indicators`` (default: the whole catalogue, in its order)."""
    codes = tuple(indicators) if indicators is not None else tuple(d.code for d in INDICATORS)
    if years is None:
        stored = set(MonthlyFigure.objects.values_list("year", flat=True).distinct())
        stored |= set(ScaleStatus.objects.values_list("year", flat=True).distinct())
        years = sorted(stored) or [2000]
    first, n_years = min(years), max(years) - min(years) + 1

    ents = list(Enterprise.objects.order_by("uscc").values_list(
        "pk", "uscc", "name", "industry_section", "industry_division", "town__name", "park__name", "chain"))
    pos = {row[0]: i for i, row in enumerate(ents)}
    attrs = {a: [(row[3 + j] or "") for row in ents] for j, a in enumerate(ATTRIBUTES)}
    groups = {a: Grouping.from_values(v) for a, v in attrs.items()}
    b = PanelBuilder([r[1] for r in ents], [r[2] for r in ents], groups, codes, first, n_years)

    ind_ids = dict(Indicator.objects.filter(code__in=codes).values_list("pk", "code"))
    # amounts as floats straight from the database (no Decimal objects); None becomes NaN
    floats = {f"f_{f}": Cast(col, FloatField()) for f, col in _DB_FIELDS.items()}
    qs = (MonthlyFigure.objects.filter(year__gte=first, year__lt=first + n_years, indicator_id__in=ind_ids)
          .annotate(**floats).values_list("indicator_id", "enterprise_id", "year", "month", *floats))
    rows = np.array(list(qs), dtype=np.float64).reshape(-1, 8)
    if rows.size:
        ent_pos = np.array([pos[int(e)] for e in rows[:, 1]], dtype=np.int64)
        for ind_id, code in ind_ids.items():
            sel = rows[:, 0] == ind_id
            if sel.any():
                b.add(code, ent_pos[sel], rows[sel, 2].astype(np.int64), rows[sel, 3].astype(np.int64),
                      **{f: rows[sel, 4 + j] for j, f in enumerate(FIELDS)})

    scale: dict[int, list[int]] = {}
    for ent_id, year in ScaleStatus.objects.filter(above_scale=True).values_list("enterprise_id", "year"):
        scale.setdefault(year, []).append(pos[ent_id])
    for year, members in scale.items():
        b.set_above_scale(year, members)
    return b.build()


def load_county_figures(years: Sequence[int] | None = None) -> CountyFigures:
    """County figures (official value-added growth, PPI, GDP, …) as (code, year, month) → (value, unit)."""
    qs = CountyFigure.objects.all()
    if years is not None:
        qs = qs.filter(year__in=list(years))
    return {(c, y, m): (float(v), u) for c, y, m, v, u in qs.values_list("code", "year", "month", "value", "unit")}


def latest_period() -> tuple[int, int] | None:
    """(year, month) of the latest gross-output report, or None on an empty database."""
    row = MonthlyFigure.objects.filter(indicator__code="gross_output").aggregate(y=Max("year"))
    if row["y"] is None:
        return None
    m = MonthlyFigure.objects.filter(indicator__code="gross_output", year=row["y"]).aggregate(m=Max("month"))["m"]
    return row["y"], m


def county_overview(panel: Panel | None = None) -> dict:
    """The county's same-scope cumulative totals, growth and change of growth (against the previous
    cumulative period) for the latest period: ``{"period": (year, month) | None, "totals": [{code, name,
    unit, cumulative, yoy_pct, pp_change}, …]}``."""
    latest = latest_period()
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


def home_dashboard() -> dict:
    """The home page: the latest period's county table (with the change against the previous cumulative
    period), the cumulative-growth trend of the year by month for a few indicators, and gross output by
    town (level, growth, 拉动). All figures come from the statistical core."""
    from kegong.core.stats.aggregate import breakdown_by

    latest = latest_period()
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
            series[r.code].append(None if r.yoy_pct is None else round(r.yoy_pct, 1))
    trend = {"labels": [Period.cumulative(year, m).span_label() for m in months],
             "series": [{"name": names[c], "data": series[c]} for c in TREND_INDICATORS]}
    towns = breakdown_by(panel, Scope.county(), "town", "gross_output", year, month)
    town_rows = sorted(
        ({"name": p.label, "cumulative": p.current, "yoy_pct": p.growth_pct, "pull_pp": p.pull_pp,
          "rank": p.rank_level} for p in towns.parts if p.current is not None),
        key=lambda t: t["rank"] or 0)
    return {"period": (year, month), "totals": totals, "trend": trend, "towns": town_rows}
