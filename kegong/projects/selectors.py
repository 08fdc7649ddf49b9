"""Reading the 示范区 projects and the 新能源 farms for the measures and the reports: the projects of a scheme
year (a project spanning two years has a row per year, each with its own plan and its own months), the
completed investment 1月 through a period's last month, completion against the year's plan beside the time
progress, and the farms built / under construction or planned by a period's end."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from kegong.core.periods import Period
from kegong.core.stats import targets
from kegong.core.stats.scopes import Scope
from kegong.enterprises.selectors import scope_q as enterprise_scope_q
from kegong.projects.models import EnergyFarm, Project, ProjectProgress

FURNITURE_PARK = "家居"  # the 家居产业园: a park whose name starts so


def scope_q(scope: Scope, prefix: str = "") -> Q:
    """A scope as a filter on projects: the county, a park (the project's park), else the project's enterprise."""
    p = prefix
    if scope.kind == "all":
        return Q()
    if scope.kind == "park":
        return Q(**{f"{p}park__name": scope.key}) if scope.key else Q(**{f"{p}park__isnull": True})
    return enterprise_scope_q(scope, f"{p}enterprise__")


def has_projects() -> bool:
    return Project.objects.exists()


def has_farms() -> bool:
    return EnergyFarm.objects.exists()


def projects(year: int, q: Q = Q()) -> QuerySet:
    return Project.objects.filter(q, year=year)


def _sum(qs: QuerySet, field: str) -> Decimal:
    return qs.aggregate(s=Sum(field))["s"] or Decimal(0)


def total_investment(year: int, q: Q = Q()) -> Decimal:
    return _sum(projects(year, q), "total_investment")


def plan_investment(year: int, q: Q = Q()) -> Decimal:
    return _sum(projects(year, q), "plan_investment")


def progress(period: Period, q: Q = Q()) -> QuerySet:
    """The months' completed investment of the year's projects, 1月 through the period's last month."""
    return ProjectProgress.objects.filter(project__in=projects(period.year, q), year=period.year,
                                          month__lte=period.end)


def done_investment(period: Period, q: Q = Q()) -> Decimal:
    return _sum(progress(period, q), "completed")


def park_enterprises(year: int, stage: str, park: str = FURNITURE_PARK) -> QuerySet:
    """The enterprises with a project of the year at ``stage`` in the park named ``park…``."""
    from kegong.enterprises.models import Enterprise

    ids = projects(year).filter(park__name__startswith=park, stage=stage, enterprise__isnull=False)
    return Enterprise.objects.filter(pk__in=ids.values("enterprise_id"))


@dataclass(frozen=True)
class Completion:
    plan: Decimal  # 万元
    done: Decimal  # 万元
    rate: float | None  # done ÷ plan, %
    time_progress: float  # months elapsed ÷ 12, %

    @property
    def behind(self) -> bool | None:
        return None if self.rate is None else self.rate < self.time_progress


def completion(period: Period, q: Q = Q()) -> Completion:
    """完成年度计划投资的比例 against the time progress (the period's last month ÷ 12)."""
    plan, done = plan_investment(period.year, q), done_investment(period, q)
    rate = float(100 * done / plan) if plan else None
    return Completion(plan, done, rate, 100 * period.end / 12)


def _period_end(period: Period) -> dt.date:
    return dt.date(period.year, period.end, calendar.monthrange(period.year, period.end)[1])


def farms(period: Period, kind: str, built: bool, q: Q = Q()) -> QuerySet:
    """Farms of ``kind`` built by the period's end (``built``), else those under construction or planned."""
    qs = EnergyFarm.objects.filter(q, kind=kind)
    done = Q(status=EnergyFarm.Status.BUILT) & (Q(built__isnull=True) | Q(built__lte=_period_end(period)))
    return qs.filter(done) if built else qs.exclude(done)


def capacity(qs: QuerySet) -> Decimal:
    return _sum(qs, "capacity_mw")


# --- the completion page -------------------------------------------------------------------------------
@dataclass(frozen=True)
class ProjectCompletion:
    """A project's (or a category's) year: its plan, what it completed in the year through the months
    counted, and the core's judgement against the time progress (kegong.core.stats.targets.assess)."""

    name: str
    theme: str
    plan: Decimal  # 万元
    done: Decimal  # 万元
    progress: targets.Progress
    project: Project | None = None

    @property
    def rate(self) -> float | None:
        """完成 ÷ 年度计划 (%)."""
        c = self.progress.completion
        return None if c is None else 100 * c

    @property
    def time_progress(self) -> float:
        return 100 * self.progress.time_progress

    @property
    def behind(self) -> bool:
        return self.progress.status is targets.Status.BEHIND


def scheme_span(period: Period, year: int) -> Period:
    """The months of scheme year ``year`` a period counts: through the period's month in its own year, the
    whole year for an earlier one (a later year than the period's is refused)."""
    if year > period.year:
        raise ValueError(f"{year}年的项目在{period.label()}还未开始")
    return Period.cumulative(year, period.end if year == period.year else 12)


def _judged(name: str, theme: str, plan: Decimal, done: Decimal, span: Period,
            project: Project | None = None) -> ProjectCompletion:
    spec = targets.TargetSpec(span.year, "project_investment", name, targets.TargetKind.LEVEL, float(plan), "万元")
    return ProjectCompletion(name, theme, plan, done, targets.assess(spec, span, float(done)), project)


def completions(period: Period, year: int, q: Q = Q()) -> tuple[Period, list[ProjectCompletion]]:
    """Each project of scheme year ``year``: its year plan and what it completed in that year only (the
    months of ``year`` through the span's month — a project carried on from or into another year counts
    that year's months on that year's row), judged against the time progress."""
    span = scheme_span(period, year)
    qs = projects(year, q).select_related("theme", "enterprise").order_by("theme__order", "theme__name", "name")
    done = dict(ProjectProgress.objects.filter(project__in=qs, year=year, month__lte=span.end)
                .values("project_id").annotate(s=Sum("completed")).values_list("project_id", "s"))
    return span, [_judged(p.name, p.theme.name, p.plan_investment, done.get(p.pk) or Decimal(0), span, p)
                  for p in qs]


def theme_totals(span: Period, rows: list[ProjectCompletion]) -> list[ProjectCompletion]:
    """Each category's plan and completion summed, judged the same way; then the total of all."""
    by: dict[str, list[ProjectCompletion]] = {}
    for r in rows:
        by.setdefault(r.theme, []).append(r)
    out = [_judged(theme, theme, sum((r.plan for r in rs), Decimal(0)), sum((r.done for r in rs), Decimal(0)), span)
           for theme, rs in by.items()]
    if rows:
        out.append(_judged("合计", "", sum((r.plan for r in rows), Decimal(0)),
                           sum((r.done for r in rows), Decimal(0)), span))
    return out


def scheme_years() -> list[int]:
    return sorted(set(Project.objects.values_list("year", flat=True)), reverse=True)
