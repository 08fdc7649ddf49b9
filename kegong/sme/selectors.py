"""Reading 中小微企业 for the pages and the measures: each enterprise's size class for a year (the register's
enterprises within a filter), the counts by class, the 信心指数 surveys and the index by quarter.

A size class needs two figures of the year (kegong.core.rules.enterprise_size):

- 从业人员: the enterprise's own declaration of the year (企业年度情况 职工总数, EnterpriseYear.staff), else the
  staff found by the year's latest field check (SizeCheck);
- 营业收入 (万元): the year's 1-12月 cumulative 营业收入 in the monthly figures, else the next year's 12月 上年同期
  累计 (the same year on next year's form), else the declared 销售收入 (EnterpriseYear.sales), else the year's
  latest field check. A part of the year (1-6月) is never taken for the whole: the class is then unknown.

Every figure says where it came from."""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
from django.db.models import Q, QuerySet

from kegong.core.rules.enterprise_size import SIZES, SizeClass, classify, size_of
from kegong.core.stats import confidence as ci
from kegong.core.stats.scopes import Scope
from kegong.enterprises.models import Enterprise, EnterpriseYear
from kegong.enterprises.selectors import scope_q
from kegong.figures import store
from kegong.sme.models import ConfidenceSurvey, SizeCheck

UNKNOWN = "unknown"
CLASSES = (*SIZES, (UNKNOWN, "未知"))


@dataclass(frozen=True)
class SizeRow:
    enterprise: Enterprise
    staff: int | None
    staff_from: str
    revenue: Decimal | None
    revenue_from: str

    @functools.cached_property
    def size(self) -> SizeClass:
        """The class with its working — worked out for the rows a page shows, not for every firm counted."""
        return classify(self.staff, self.revenue, self.enterprise.industry_section)

    @functools.cached_property
    def code(self) -> str:
        return size_of(self.staff, self.revenue, self.enterprise.industry_section) or UNKNOWN


def _revenues(year: int) -> dict[str, tuple[Decimal, str]]:
    """营业收入 of the whole year by credit code, from the monthly figures (the panel store)."""
    p = store.panel()
    out: dict[str, tuple[Decimal, str]] = {}
    if "revenue" not in p.indicators:
        return out
    sources = ((year + 1, "prior_cumulative", f"{year + 1}年12月月报上年同期累计营业收入"),
               (year, "cumulative", f"{year}年1-12月月报累计营业收入"))
    for y, field, said in sources:  # the year's own 1-12月 last, so that it wins
        if not p.has_year(y):
            continue
        dec = p.figures(field, "revenue", y)[:, 11]
        for i in np.flatnonzero(~np.isnan(dec)):
            out[p.ids[i]] = (Decimal(str(round(float(dec[i]), 4))), said)
    return out


def _checks(year: int, q: Q) -> dict[int, SizeCheck]:
    latest: dict[int, SizeCheck] = {}
    for c in SizeCheck.objects.filter(year=year, enterprise__in=Enterprise.objects.filter(q)).order_by("date", "pk"):
        latest[c.enterprise_id] = c
    return latest


def sizes(year: int, q: Q = Q()) -> list[SizeRow]:
    """Every enterprise of the register within ``q`` (a filter on enterprises) with its size class for
    ``year``, by name."""
    firms = list(Enterprise.objects.filter(q).select_related("town").order_by("name", "pk"))
    within = Enterprise.objects.filter(q)  # a subquery, not a list of ids: a county has 20,000 firms
    declared = {y.enterprise_id: y for y in EnterpriseYear.objects.filter(year=year, enterprise__in=within)}
    checks = _checks(year, q)
    revenues = _revenues(year)
    out = []
    for e in firms:
        d, c = declared.get(e.pk), checks.get(e.pk)
        staff, staff_from = None, ""
        if d is not None and d.staff is not None:
            staff, staff_from = d.staff, f"{year}年企业年度情况（职工总数）"
        elif c is not None and c.staff is not None:
            staff, staff_from = c.staff, f"{c.date} 现场核查"
        revenue, revenue_from = revenues.get(e.uscc, (None, ""))
        if revenue is None and d is not None and d.sales is not None:
            revenue, revenue_from = d.sales, f"{year}年企业年度情况（销售收入）"
        if revenue is None and c is not None and c.revenue is not None:
            revenue, revenue_from = c.revenue, f"{c.date} 现场核查"
        out.append(SizeRow(e, staff, staff_from, revenue, revenue_from))
    return out


def counts(rows: list[SizeRow]) -> dict[str, int]:
    """How many of ``rows`` in each class (未知 included), in the order of :data:`CLASSES`."""
    n = Counter(r.code for r in rows)
    return {code: n.get(code, 0) for code, _name in CLASSES}


def default_year() -> int:
    """The latest year whose size classes can be known: the last year with 12月 figures or a declaration."""
    p = store.panel()
    full = [y for y in p.years if p.has_data(y, 12)]
    declared = EnterpriseYear.objects.order_by("-year").values_list("year", flat=True).first()
    known = [y for y in (max(full, default=None), declared) if y]
    return max(known) if known else dt.date.today().year - 1


def size_years() -> list[int]:
    p = store.panel()
    years = {y for y in p.years if p.has_data(y, 12)}
    years |= set(EnterpriseYear.objects.values_list("year", flat=True).distinct())
    return sorted(years, reverse=True)


# --- 信心指数 ---------------------------------------------------------------------------------------------
def has_surveys() -> bool:
    return ConfidenceSurvey.objects.exists()


def surveys(q: Q = Q(), year: int | None = None, quarter: int | None = None) -> QuerySet:
    """The surveys within ``q`` (a filter on surveys, e.g. ``scope_q(scope)``)."""
    qs = ConfidenceSurvey.objects.filter(q).select_related("enterprise")
    if year is not None:
        qs = qs.filter(year=year)
    if quarter is not None:
        qs = qs.filter(quarter=quarter)
    return qs.order_by("-year", "-quarter", "enterprise__name", "pk")


def _answers(qs: QuerySet):
    """(year, quarter, {question: answer or None}) of each survey, read as values (not model objects)."""
    codes = tuple(ci.BY_CODE)
    for year, quarter, *given in qs.order_by().values_list("year", "quarter", *codes).iterator(chunk_size=2000):
        yield year, quarter, {c: a or None for c, a in zip(codes, given, strict=True)}


def indices(q: Q = Q()) -> list[ci.ConfidenceIndex]:
    """The index of every quarter surveyed, oldest first."""
    return ci.by_quarter(_answers(ConfidenceSurvey.objects.filter(q)))


def quarter_index(year: int, quarter: int, scope: Scope) -> ci.ConfidenceIndex:
    rows = _answers(ConfidenceSurvey.objects.filter(scope_q(scope), year=year, quarter=quarter))
    return ci.index(year, quarter, [answers for _y, _q, answers in rows])
