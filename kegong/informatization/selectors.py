"""Reads of the 信息化 records: the 5G plan of a year, the sites built / opened by a day, and the survey rates.

5G sites are counted by their dates (建成日期, 开通日期), not by a figure typed per month, so the count built by
the end of a month can never be below the count a month earlier. The survey rates are shares of the year's
above-scale enterprises (ScaleStatus.above_scale of the survey's year) — an enterprise that did not answer
counts in the denominator as a "no" — never of those who answered."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from kegong.core.stats.scopes import Scope
from kegong.enterprises.models import ScaleStatus
from kegong.enterprises.selectors import scope_q as firm_q  # noqa: F401 - the one spelling of a scope on enterprises
from kegong.informatization.models import ITEMS, G5Plan, G5Site, ItSurvey
from kegong.measures.sharing import shared

BUILT = (G5Site.Status.BUILT, G5Site.Status.OPEN)


def last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def town_q(scope: Scope) -> Q | None:
    """5G plans and sites belong to a town: the county, or one town; None for any other scope."""
    if scope.kind == "all":
        return Q()
    return Q(town__name=scope.key) if scope.kind == "town" else None


# --- 5G --------------------------------------------------------------------------------------------------
def plan_of(year: int, q: Q) -> dict:
    """The year's plan: sites and investment (万元) summed over the towns."""
    agg = G5Plan.objects.filter(q, year=year).aggregate(sites=Sum("sites"), investment=Sum("investment"))
    return {"sites": agg["sites"] or 0, "investment": agg["investment"] or Decimal(0)}


def plans(year: int, q: Q):
    return G5Plan.objects.filter(q, year=year).select_related("town")


def built_by(day: dt.date, q: Q):
    """The sites built (建成 or 开通) in ``day``'s year, on or before ``day``: the year's 完成5G站点建设, set beside
    the year's plan (a site of an earlier year was that year's work)."""
    return G5Site.objects.filter(q, status__in=BUILT, built__gte=dt.date(day.year, 1, 1),
                                 built__lte=day).select_related("town")


def opened_by(day: dt.date, q: Q):
    """Of the year's sites built by ``day`` (:func:`built_by`), those opened (开通) by then: 完成…个（目前开通…个）
    never says more opened than built."""
    return built_by(day, q).filter(status=G5Site.Status.OPEN, opened__lte=day)


def investment_of(qs) -> Decimal:
    return qs.aggregate(v=Sum("investment"))["v"] or Decimal(0)


# --- 企业信息化调查 ------------------------------------------------------------------------------------------
@shared
def survey_year(year: int) -> int | None:
    """The survey a period of ``year`` uses: that year's, else the latest earlier one; None if none."""
    return (ItSurvey.objects.filter(year__lte=year).order_by("-year").values_list("year", flat=True).first())


@dataclass(frozen=True)
class SurveyRate:
    year: int  # the survey year used
    above_scale: int  # the denominator: that year's above-scale enterprises (in the scope)
    answered: int
    yes: int  # above-scale enterprises answering 是

    @property
    def share(self) -> float | None:
        return 100 * self.yes / self.above_scale if self.above_scale else None


def above_scale_ids(year: int, q: Q) -> set[int]:
    return set(ScaleStatus.objects.filter(q, year=year, above_scale=True).values_list("enterprise_id", flat=True))


def survey_rate(year: int, item: str, q: Q) -> SurveyRate | None:
    """The share of ``year``'s survey (or the latest earlier one) answering 是 to ``item``, over that survey
    year's above-scale enterprises in the scope ``q`` (a filter on ``enterprise__``)."""
    used = survey_year(year)
    if used is None:
        return None
    firms, counts = survey_counts(used, q)
    answered, yes = counts[item]
    return SurveyRate(used, firms, answered, yes)


@shared
def survey_counts(used: int, q: Q) -> tuple[int, dict[str, tuple[int, int]]]:
    """A survey year's above-scale enterprises in ``q`` and, per item, (answered, 是) among them: two queries
    for the five items, shared by the measures of a page."""
    firms = ScaleStatus.objects.filter(q, year=used, above_scale=True).values("enterprise_id")
    agg = ItSurvey.objects.filter(year=used, enterprise_id__in=firms).aggregate(
        **{f"a_{i}": Count(i) for i in ITEMS}, **{f"y_{i}": Count("pk", filter=Q(**{i: True})) for i in ITEMS})
    return firms.count(), {i: (agg[f"a_{i}"], agg[f"y_{i}"]) for i in ITEMS}


def survey_yes(year: int, item: str, q: Q) -> list[ItSurvey]:
    used = survey_year(year)
    if used is None:
        return []
    return list(ItSurvey.objects.filter(year=used, enterprise_id__in=above_scale_ids(used, q), **{item: True})
                .select_related("enterprise").order_by("enterprise__name"))


# --- the 信息化 page ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class G5Row:
    """One town's (or the county's) 5G of a year by a day: the same reads as the g5_* measures."""

    town: str
    plan_sites: int
    plan_investment: Decimal
    built: int
    built_investment: Decimal
    opened: int

    @property
    def built_share(self) -> float | None:
        """建成 ÷ 计划 (%); None without a plan."""
        return 100 * self.built / self.plan_sites if self.plan_sites else None


def g5_row(name: str, year: int, month: int, q: Q) -> G5Row:
    day = last_day(year, month)
    plan, built = plan_of(year, q), built_by(day, q)
    return G5Row(name, plan["sites"], plan["investment"], built.count(), investment_of(built),
                 opened_by(day, q).count())


def g5_by_town(year: int, month: int, town_ids: set[int] | None = None) -> list[G5Row]:
    """Each town's row (``town_ids``: only those; None: every town), in the towns' order."""
    from kegong.enterprises.models import OrgUnit

    towns = OrgUnit.objects.filter(kind=OrgUnit.Kind.TOWN).order_by("order", "name")
    if town_ids is not None:
        towns = towns.filter(pk__in=town_ids)
    return [g5_row(t.name, year, month, Q(town=t)) for t in towns]


def survey_rates(year: int, q: Q) -> dict[str, SurveyRate | None]:
    """The 四率 and 上云 of ``year``'s survey (or the latest earlier one) over the year's above-scale
    enterprises in ``q`` (a filter on ``enterprise__``): what the it_* measures and cloud_enterprises read."""
    from kegong.informatization.models import ITEMS

    return {item: survey_rate(year, item, q) for item in ITEMS}
