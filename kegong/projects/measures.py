"""The measures of the half-year summary's section (五), from the records (kegong.projects.selectors):

- zone_projects 示范区年度计划实施项目数: the projects of the period's year;
- zone_total_investment / zone_plan_investment 总投资 / 年度计划投资 (亿元 from 万元, the catalogue's digits);
- zone_done_investment 累计完成投资: the months 1月 through the period's last month (亿元);
- furniture_building / furniture_operating: enterprises with a project of the year in the 家居产业园 at stage
  在建 / 竣工投产;
- wind_farms, solar_bases, renewable_capacity (兆瓦, power): farms built by the period's end; wind_building_* and
  solar_building_*: those under construction or planned (在建待建).

Each is unknown (``Value(None)``) while its ledger holds no record; each carries the same months a year
earlier as its prior. Registered when the app is ready (kegong.projects.apps)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from kegong.core.catalogue import RECORD_COUNTS
from kegong.core.periods import Period
from kegong.core.rules.wall import half_up
from kegong.core.stats.scopes import Scope
from kegong.measures.registry import Measure, MeasureData, Value, register
from kegong.projects import selectors as s
from kegong.projects.models import EnergyFarm, Project

Figure = Callable[[Period, Scope], Decimal]
WAN_PER_YI = Decimal(10000)
WIND, SOLAR = EnergyFarm.Kind.WIND, EnergyFarm.Kind.SOLAR


class ZoneMeasure(Measure):
    """One figure of the projects or the farms for a period and a scope; name, unit and digits the catalogue's."""

    def __init__(self, code: str, figure: Figure, rows: Callable[[Period, Scope], list], kind: str,
                 ledger: str) -> None:
        d = RECORD_COUNTS[code]
        self.code, self.name, self.unit, self.digits = code, d.name, d.unit, d.digits
        self.kind, self.ledger, self._figure, self._rows = kind, ledger, figure, rows

    def _empty(self) -> bool:
        return not (s.has_farms() if self.ledger == "energy-farms" else s.has_projects())

    def _level(self, period: Period, scope: Scope) -> float:
        return float(half_up(Decimal(self._figure(period, scope)), self.digits))

    def compute(self, period: Period, scope: Scope, data: MeasureData | None = None) -> Value:
        if self._empty():
            return Value(None)
        now, prior = self._level(period, scope), self._level(period.prior_year(), scope)
        return Value.with_prior(now, prior)

    def records(self, period: Period, scope: Scope) -> list | None:
        return None if self._empty() else self._rows(period, scope)


def _projects(period: Period, scope: Scope) -> list:
    return list(s.projects(period.year, s.scope_q(scope)).select_related("theme", "enterprise", "park")
                .order_by("theme__order", "name", "pk"))


def _park(stage: str) -> tuple[Figure, Callable]:
    def figure(period: Period, scope: Scope) -> Decimal:
        return Decimal(s.park_enterprises(period.year, stage).count())

    def rows(period: Period, scope: Scope) -> list:
        return list(s.park_enterprises(period.year, stage).order_by("name", "pk"))
    return figure, rows


def _farms(kind: str | None, built: bool, amount: bool) -> tuple[Figure, Callable]:
    kinds = (kind,) if kind else (WIND, SOLAR)

    def figure(period: Period, scope: Scope) -> Decimal:
        qs = [s.farms(period, k, built) for k in kinds]
        return sum((s.capacity(q) if amount else Decimal(q.count()) for q in qs), Decimal(0))

    def rows(period: Period, scope: Scope) -> list:
        return [f for k in kinds for f in s.farms(period, k, built).order_by("name", "pk")]
    return figure, rows


def _yi(f: Callable[[Period, Scope], Decimal]) -> Figure:
    return lambda p, sc: f(p, sc) / WAN_PER_YI


MEASURES = [
    ZoneMeasure("zone_projects", lambda p, sc: Decimal(s.projects(p.year, s.scope_q(sc)).count()), _projects,
                kind="count", ledger="projects"),
    ZoneMeasure("zone_total_investment", _yi(lambda p, sc: s.total_investment(p.year, s.scope_q(sc))), _projects,
                kind="amount", ledger="projects"),
    ZoneMeasure("zone_plan_investment", _yi(lambda p, sc: s.plan_investment(p.year, s.scope_q(sc))), _projects,
                kind="amount", ledger="projects"),
    ZoneMeasure("zone_done_investment", _yi(lambda p, sc: s.done_investment(p, s.scope_q(sc))),
                lambda p, sc: list(s.progress(p, s.scope_q(sc)).select_related("project")
                                   .order_by("project__name", "month", "pk")),
                kind="amount", ledger="project-progress"),
    ZoneMeasure("furniture_building", *_park(Project.Stage.BUILDING), kind="count", ledger="projects"),
    ZoneMeasure("furniture_operating", *_park(Project.Stage.OPERATING), kind="count", ledger="projects"),
    ZoneMeasure("wind_farms", *_farms(WIND, True, False), kind="count", ledger="energy-farms"),
    ZoneMeasure("solar_bases", *_farms(SOLAR, True, False), kind="count", ledger="energy-farms"),
    ZoneMeasure("renewable_capacity", *_farms(None, True, True), kind="amount", ledger="energy-farms"),
    ZoneMeasure("wind_building_farms", *_farms(WIND, False, False), kind="count", ledger="energy-farms"),
    ZoneMeasure("wind_building_capacity", *_farms(WIND, False, True), kind="amount", ledger="energy-farms"),
    ZoneMeasure("solar_building_bases", *_farms(SOLAR, False, False), kind="count", ledger="energy-farms"),
    ZoneMeasure("solar_building_capacity", *_farms(SOLAR, False, True), kind="amount", ledger="energy-farms"),
]
for _m in MEASURES:
    register(_m)
