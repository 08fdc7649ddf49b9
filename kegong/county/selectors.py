"""Reading county figures into the plain inputs of the core and the documents."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from kegong.core.catalogue import FACTS_BY_CODE
from kegong.core.stats.indicators import CountyFigures
from kegong.county.models import CountyFigure


def load_county_figures(years: Sequence[int] | None = None) -> CountyFigures:
    """County figures (official value-added growth, PPI, GDP, …) as (code, year, month) → (value, unit)."""
    qs = CountyFigure.objects.all()
    if years is not None:
        qs = qs.filter(year__in=list(years))
    return {(c, y, m): (float(v), u) for c, y, m, v, u in qs.values_list("code", "year", "month", "value", "unit")}


def facts_for(year: int, month: int) -> dict[str, Decimal]:
    """This period's staff-kept facts (code → value). Facts are never carried over from other periods."""
    return {c: v for c, v in CountyFigure.objects.filter(year=year, month=month, code__in=list(FACTS_BY_CODE))
            .values_list("code", "value")}
