"""Reading 企业诉求 for the dashboard and the reports: the overdue ones, and counts by category, 三难 group
and department for a period (appeals received in it), within a scope of enterprises."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Q

from kegong.core.periods import Period
from kegong.service.models import Appeal


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
    nxt = dt.date(period.year + (period.end == 12), period.end % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)
