"""Reading the 企业服务 ledgers for the dashboard, the measures and the reports: the overdue appeals; counts by
category, 三难 group and department (:func:`three_difficulties`); workers referred, loans, honours and scale-up
candidates for a period and a scope — the same records the ledgers' pages list.

A period is counted from 1 January of its year through the last day of its last month (the cumulative
period 1-M月, whatever its first month). A scope is a filter on the records' enterprise (:func:`scope_q`),
except that a town scope of 乡镇输送用工 is the referring town (:func:`referral_q`: the town reward scheme)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from kegong.core.periods import Period
from kegong.core.rules.appeals import CATEGORIES
from kegong.core.stats.scopes import Scope
from kegong.enterprises.selectors import scope_q  # noqa: F401 - the one spelling, used here and by callers
from kegong.measures.sharing import shared
from kegong.service.models import (
    HONOUR_VALID_YEARS,
    Appeal,
    BankLoan,
    EnterpriseHonour,
    ScaleUpCandidate,
    WorkerReferral,
)

GROUPS = ("用工难", "融资难", "办事难", "其他")  # the 三难 and the rest, in the order the reports name them


def overdue(today: dt.date, scope: Q = Q()) -> list[Appeal]:
    """Open appeals past their due date, the longest overdue first."""
    return list(Appeal.objects.filter(scope).exclude(status=Appeal.Status.CLOSED).filter(due__lt=today)
                .select_related("enterprise").order_by("due", "pk"))


def received_in(period: Period, scope: Q = Q()):
    first = dt.date(period.year, period.start, 1)
    nxt = dt.date(period.year + (period.end == 12), period.end % 12 + 1, 1)
    return Appeal.objects.filter(scope, received__gte=first, received__lt=nxt)


def counts(period: Period, scope: Q = Q()) -> dict:
    rows = list(received_in(period, scope).select_related("enterprise"))
    return {"total": len(rows), "closed": sum(a.status == Appeal.Status.CLOSED for a in rows),
            "overdue": sum(a.is_overdue(min(dt.date.today(), period_end(period))) for a in rows),
            "by_category": Counter(a.get_category_display() for a in rows),
            "by_group": Counter(a.group for a in rows), "by_department": Counter(a.department for a in rows)}


def period_end(period: Period) -> dt.date:
    return period.last_day()


def year_to_date(period: Period) -> tuple[dt.date, dt.date]:
    """1 January of the period's year and the last day of its last month."""
    return dt.date(period.year, 1, 1), period_end(period)


# --- scopes --------------------------------------------------------------------------------------------


def referral_q(scope: Scope) -> Q:
    """乡镇输送用工 within a scope: a town scope is what the town referred (wherever the enterprise is)."""
    return Q(town__name=scope.key) if scope.kind == "town" else scope_q(scope)


# --- 企业诉求: the 三难 --------------------------------------------------------------------------------
def closed_by(a: Appeal, day: dt.date) -> bool:
    return a.status == Appeal.Status.CLOSED and a.closed is not None and a.closed <= day


def overdue_on(a: Appeal, day: dt.date) -> bool:
    """Overdue as seen on ``day``: closed by then after its due date, or not closed by then and past due."""
    return (a.closed if closed_by(a, day) else day) > a.due


@dataclass(frozen=True)
class DepartmentLine:
    department: str
    received: int
    closed: int
    open: int  # not closed by the last day
    overdue: int  # overdue on the last day (open past due, or closed late)


@dataclass(frozen=True)
class ThreeDifficulties:
    """The 三难 paragraph's figures: the appeals received from 1 January through ``last``, as they stood on
    ``as_of`` (``last``, or today for a period not yet over). ``recorded`` is False while the ledger holds
    no appeal at all (the figures are unknown, not 0)."""

    label: str  # 2026年1-6月
    first: dt.date
    last: dt.date
    as_of: dt.date
    recorded: bool
    received: int
    closed: int
    open: int
    overdue: int  # open past due on ``last`` + closed after their due date
    open_overdue: int
    closed_late: int
    closed_share: float | None  # % of ``received`` closed by ``last``
    carried_over_overdue: int  # received before the year, still open past due on ``last``
    by_group: tuple[tuple[str, int], ...]  # 用工难, 融资难, 办事难, 其他
    by_category: tuple[tuple[str, int], ...]  # 用工, 融资, 手续：土地 … in the rules' order
    departments: tuple[DepartmentLine, ...]  # the most overdue, then the most open, first
    satisfaction: tuple[tuple[str, int], ...]  # 满意, 基本满意, 不满意, 未评价 (among those closed)
    satisfied_share: float | None  # % 满意 or 基本满意 among the closed ones rated


@shared
def appeals_year_to_date(period: Period, q: Q = Q()) -> list[Appeal]:
    first, last = year_to_date(period)
    return list(Appeal.objects.filter(q, received__gte=first, received__lte=last).order_by("received", "pk"))


@shared
def three_difficulties(period: Period, scope: Scope | Q = Q()) -> ThreeDifficulties:
    q = scope_q(scope) if isinstance(scope, Scope) else scope
    first, last = year_to_date(period)
    day = min(last, dt.date.today())  # a period not over yet: as things stand today
    rows = appeals_year_to_date(period, q)
    closed = [a for a in rows if closed_by(a, day)]
    late = sum(overdue_on(a, day) for a in closed)
    open_late = sum(overdue_on(a, day) for a in rows if not closed_by(a, day))
    carried = sum(overdue_on(a, day) and not closed_by(a, day)
                  for a in Appeal.objects.filter(q, received__lt=first).exclude(closed__lt=first))
    rated = Counter(a.satisfaction for a in closed)
    good = rated[Appeal.Satisfaction.GOOD] + rated[Appeal.Satisfaction.FAIR]
    n_rated = good + rated[Appeal.Satisfaction.BAD]
    by_cat = Counter(a.category for a in rows)
    by_group = Counter(a.group for a in rows)
    return ThreeDifficulties(
        label=Period.cumulative(period.year, period.end).label(), first=first, last=last, as_of=day,
        recorded=Appeal.objects.exists(), received=len(rows), closed=len(closed), open=len(rows) - len(closed),
        overdue=late + open_late, open_overdue=open_late, closed_late=late,
        closed_share=_share(len(closed), len(rows)), carried_over_overdue=carried,
        by_group=tuple((g, by_group[g]) for g in GROUPS),
        by_category=tuple((c.name, by_cat[c.code]) for c in CATEGORIES),
        departments=_departments(rows, day),
        satisfaction=(*((s.label, rated[s.value]) for s in Appeal.Satisfaction), ("未评价", rated[""])),
        satisfied_share=_share(good, n_rated))


def _departments(rows: list[Appeal], last: dt.date) -> tuple[DepartmentLine, ...]:
    out = []
    for dep in sorted({a.department for a in rows}):
        mine = [a for a in rows if a.department == dep]
        closed = sum(closed_by(a, last) for a in mine)
        out.append(DepartmentLine(dep, len(mine), closed, len(mine) - closed, sum(overdue_on(a, last) for a in mine)))
    out.sort(key=lambda d: (-d.overdue, -d.open, -d.received, d.department))
    return tuple(out)


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


# --- 用工与融资 -----------------------------------------------------------------------------------------
def referrals_in(period: Period, scope: Scope) -> dict:
    """Workers referred (人), the referrals and the enterprises they went to, 1 January → the period's end."""
    first, last = year_to_date(period)
    qs = WorkerReferral.objects.filter(referral_q(scope), date__gte=first, date__lte=last)
    agg = qs.aggregate(workers=Sum("workers"), n=Count("pk"), firms=Count("enterprise", distinct=True))
    return {"workers": agg["workers"] or 0, "referrals": agg["n"], "enterprises": agg["firms"]}


def loans_in(period: Period, scope: Scope) -> dict:
    """The amount lent (万元), the loans and the enterprises that got one, 1 January → the period's end."""
    first, last = year_to_date(period)
    qs = BankLoan.objects.filter(scope_q(scope), granted__gte=first, granted__lte=last)
    agg = qs.aggregate(amount=Sum("amount"), n=Count("pk"), firms=Count("enterprise", distinct=True))
    return {"amount": agg["amount"] or Decimal(0), "loans": agg["n"], "enterprises": agg["firms"]}


# --- 企业培育 ------------------------------------------------------------------------------------------
def honours_held(year: int, kind: str, q: Q = Q()):
    """The honours of ``kind`` that count in ``year``: recognised in it or in the years before it that the
    recognition stays valid (HONOUR_VALID_YEARS; none: every year since)."""
    valid = HONOUR_VALID_YEARS.get(kind)
    qs = EnterpriseHonour.objects.filter(q, kind=kind, year__lte=year)
    return qs.filter(year__gt=year - valid) if valid else qs


def honour_holders(year: int, kind: str, q: Q = Q()) -> int:
    """The enterprises holding an honour of ``kind`` in ``year`` (one firm with two counts once)."""
    return honours_held(year, kind, q).values("enterprise_id").distinct().count()


def honours_by_kind(year: int, scope: Scope) -> tuple[tuple[str, int, int], ...]:
    """(类别, holders in ``year``, newly recognised in ``year``) for each kind."""
    q = scope_q(scope)
    return tuple((k.label, honour_holders(year, k.value, q),
                  EnterpriseHonour.objects.filter(q, kind=k.value, year=year).values("enterprise_id").distinct()
                  .count()) for k in EnterpriseHonour.Kind)


def scale_up_in(year: int, scope: Scope) -> dict[str, int]:
    """升规入统培育 of ``year``: the candidates recorded, and how many at each stage (by its Chinese name)."""
    rows = Counter(ScaleUpCandidate.objects.filter(scope_q(scope), year=year).values_list("stage", flat=True))
    return {"total": sum(rows.values()), **{s.label: rows[s.value] for s in ScaleUpCandidate.Stage}}
