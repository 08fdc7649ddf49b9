"""Reading the audit log: the rows a filter asks for, newest first."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from kegong.auditlog.models import Event

ACTIONS = Event.Action.choices


def events(*, user: str = "", action: str = "", since: dt.date | None = None, until: dt.date | None = None
           ) -> QuerySet[Event]:
    """Rows of ``user`` (a user name, exact), ``action`` (a code of :class:`Event.Action`), on or after
    ``since`` and on or before ``until`` (days in the site's time zone)."""
    qs = Event.objects.all()
    if user:
        qs = qs.filter(username=user)
    if action:
        qs = qs.filter(action=action)
    if since is not None:
        qs = qs.filter(at__gte=_start(since))
    if until is not None:
        qs = qs.filter(at__lt=_start(until + dt.timedelta(days=1)))
    return qs.order_by("-at", "-pk")


def _start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def usernames() -> list[str]:
    return sorted(n for n in Event.objects.values_list("username", flat=True).distinct() if n)
