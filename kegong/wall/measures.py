"""The 墙材与节能 measures of the half-year summary's section (四), counted from the ledgers (kegong.wall.selectors):

- wall_enterprises 正常生产墙材企业数: producers whose status is 正常生产 and that reported an output above 0 from
  1月 through the period's last month; wall_sintered_enterprises + wall_concrete_enterprises, the same
  producers by kind, add up to it by construction.
- wall_sintered_output (亿块, 2 位小数) and wall_concrete_output (万块): the months' outputs summed, 1月 through
  the period's last month (a sum of months that are never negative: it cannot fall within a year).
- wall_land_saved (亩), wall_energy_saved (万吨标煤), wall_waste_used (万吨): the whole output of 新型墙材 (烧结 +
  混凝土) × the coefficient per 亿块标砖 in force for the year (the table SavingsCoefficient, else the core's
  default), rounded half-up to the catalogue's digits.

Each is unknown (``Value(None)``, not 0) while its ledger holds no record at all; each carries the same
months a year earlier as its prior. Registered when the app is ready (kegong.wall.apps)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from kegong.core.catalogue import RECORD_COUNTS
from kegong.core.periods import Period
from kegong.core.rules.wall import half_up, savings, to_yi
from kegong.core.stats.scopes import Scope
from kegong.measures.registry import Measure, MeasureData, Value, register
from kegong.measures.sharing import has_records
from kegong.wall import selectors as s
from kegong.wall.models import NewWallMaterialApplication, WallProducer

SINTERED, CONCRETE = WallProducer.Kind.SINTERED, WallProducer.Kind.CONCRETE
Figure = Callable[[Period, Scope], Decimal]


class WallMeasure(Measure):
    """One figure of the 墙材 ledgers for a period and a scope; name, unit and digits are the catalogue's."""

    def __init__(self, code: str, figure: Figure, rows: Callable[[Period, Scope], list], kind: str,
                 ledger: str) -> None:
        d = RECORD_COUNTS[code]
        self.code, self.name, self.unit, self.digits = code, d.name, d.unit, d.digits
        self.kind, self.ledger, self._figure, self._rows = kind, ledger, figure, rows

    def _empty(self) -> bool:
        return not (s.has_producers() if self.ledger == "wall-producers" else s.has_outputs())

    def _level(self, period: Period, scope: Scope) -> float:
        return float(half_up(Decimal(self._figure(period, scope)), self.digits))

    def compute(self, period: Period, scope: Scope, data: MeasureData | None = None) -> Value:
        if self._empty():
            return Value(None)
        now, prior = self._level(period, scope), self._level(period.prior_year(), scope)
        return Value.with_prior(now, prior)

    def records(self, period: Period, scope: Scope) -> list | None:
        if self._empty():
            return None
        return self._rows(period, scope)


def _producers(kind: str | None) -> tuple[Figure, Callable]:
    def figure(period: Period, scope: Scope) -> Decimal:
        return Decimal(s.producing(period, s.scope_q(scope), kind).count())

    def rows(period: Period, scope: Scope) -> list:
        return list(s.producing(period, s.scope_q(scope), kind).select_related("enterprise")
                    .order_by("enterprise__name", "pk"))
    return figure, rows


def _output_rows(kind: str | None) -> Callable:
    def rows(period: Period, scope: Scope) -> list:
        return list(s.outputs(period, s.scope_q(scope), kind).select_related("enterprise")
                    .order_by("enterprise__name", "month", "pk"))
    return rows


def saved(period: Period, scope: Scope):
    """The savings of the period's whole output of 新型墙材 (exact Decimals: 亩, 吨标煤, 吨)."""
    return savings(s.output_total(period, s.scope_q(scope)), s.coefficients(period.year))


MEASURES = [
    WallMeasure("wall_enterprises", *_producers(None), kind="count", ledger="wall-producers"),
    WallMeasure("wall_sintered_enterprises", *_producers(SINTERED), kind="count", ledger="wall-producers"),
    WallMeasure("wall_concrete_enterprises", *_producers(CONCRETE), kind="count", ledger="wall-producers"),
    WallMeasure("wall_sintered_output", lambda p, sc: to_yi(s.output_total(p, s.scope_q(sc), SINTERED)),
                _output_rows(SINTERED), kind="amount", ledger="wall-outputs"),
    WallMeasure("wall_concrete_output", lambda p, sc: s.output_total(p, s.scope_q(sc), CONCRETE),
                _output_rows(CONCRETE), kind="amount", ledger="wall-outputs"),
    WallMeasure("wall_land_saved", lambda p, sc: saved(p, sc).land, _output_rows(None), kind="amount",
                ledger="wall-outputs"),
    WallMeasure("wall_energy_saved", lambda p, sc: saved(p, sc).coal / 10000, _output_rows(None), kind="amount",
                ledger="wall-outputs"),
    WallMeasure("wall_waste_used", lambda p, sc: saved(p, sc).waste / 10000, _output_rows(None), kind="amount",
                ledger="wall-outputs"),
]


class ApplicationCount(Measure):
    """申请新型墙材产品认定企业数: the enterprises with an application of the period's year dated by its last
    day (an undated one counts from the day it is entered), whatever its result."""

    code, kind, ledger = "wall_applications", "count", "wall-applications"
    name, unit = RECORD_COUNTS["wall_applications"].name, RECORD_COUNTS["wall_applications"].unit

    def _rows(self, period: Period, scope: Scope):
        return (NewWallMaterialApplication.objects.filter(s.scope_q(scope), year=period.year)
                .exclude(date__gt=period.last_day()))

    def compute(self, period: Period, scope: Scope, data: MeasureData | None = None) -> Value:
        if not has_records(NewWallMaterialApplication):
            return Value(None)
        now, prior = (float(self._rows(p, scope).values("enterprise_id").distinct().count())
                      for p in (period, period.prior_year()))
        return Value.with_prior(now, prior)

    def records(self, period: Period, scope: Scope) -> list | None:
        if not has_records(NewWallMaterialApplication):
            return None
        return list(self._rows(period, scope).select_related("enterprise").order_by("enterprise__name", "pk"))


MEASURES.append(ApplicationCount())
for _m in MEASURES:
    register(_m)
