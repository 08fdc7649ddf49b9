"""Reading the 科技创新 ledgers for counts: the 高新技术企业 certificates valid on a day, the enterprises that hold
one and how many they are — within a filter on the certificates (``access.enterprise_q("enterprise__")`` for
a user, :func:`scope_q` for a statistical scope), the same records the ledger's pages list."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from kegong.core.stats.scopes import Scope
from kegong.enterprises.models import Enterprise
from kegong.tech.models import VALID_YEARS, HighTechCertificate, valid_until


def first_issue_valid_on(day: dt.date) -> dt.date:
    """The earliest issue date of a certificate still valid on ``day``.

    ``valid_until`` is a Python function, so the database filters on the issue date instead: it never
    decreases as the issue date grows, so ``valid_until(issued) >= day`` exactly when ``issued`` is on or after
    this date — normally the day after ``day`` three years back (issued > day − 3 years); around 29 February
    the date the function itself gives (a certificate of 2024-02-29 ends on 2027-02-27, like one of 02-28)."""
    try:
        back = day.replace(year=day.year - VALID_YEARS)
    except ValueError:  # 29 February
        back = day.replace(year=day.year - VALID_YEARS, day=28)
    issued = back - dt.timedelta(days=2)  # ends before ``day`` whatever the calendar
    while valid_until(issued) < day:
        issued += dt.timedelta(days=1)
    return issued


def valid_certificates(day: dt.date, scope_q: Q = Q()) -> QuerySet:
    """The certificates valid on ``day`` (issued ≤ day ≤ valid until) among those ``scope_q`` keeps."""
    return (HighTechCertificate.objects.filter(scope_q)
            .filter(issued__lte=day, issued__gte=first_issue_valid_on(day)))


def high_tech_count(day: dt.date, q: Q = Q()) -> int:
    """国家级高新技术企业数 on ``day``: the enterprises holding a valid certificate (one firm with two valid
    certificates — a re-certification issued before the old one ends — counts once)."""
    return valid_certificates(day, q).values("enterprise_id").distinct().count()


def high_tech_enterprises(day: dt.date, q: Q = Q()) -> QuerySet:
    """The enterprises holding a certificate valid on ``day``, by name."""
    return Enterprise.objects.filter(pk__in=valid_certificates(day, q).values("enterprise_id")).order_by("name")


def has_certificates() -> bool:
    """Whether the ledger holds any certificate at all (none: the count is unknown, not zero)."""
    return HighTechCertificate.objects.exists()


def scope_q(scope: Scope, prefix: str = "enterprise__") -> Q:
    """A statistical scope as a filter on the certificates, by the enterprise's own attributes (a town scope:
    the enterprises whose town's name is the key; ``park:`` with no key: those outside any park). A certificate
    counts whether or not its holder is above scale this year: the count is of the ledger's records."""
    p = prefix
    if scope.kind == "all":
        return Q()
    if scope.kind == "town":
        return Q(**{f"{p}town__name": scope.key})
    if scope.kind == "park":
        return Q(**{f"{p}park__name": scope.key}) if scope.key else Q(**{f"{p}park__isnull": True})
    if scope.kind == "industry":
        return Q(**{f"{p}industry_section": scope.key})
    if scope.kind == "division":
        return Q(**{f"{p}industry_division": scope.key})
    if scope.kind == "chain":
        return Q(**{f"{p}chain": scope.key})
    if scope.kind == "enterprise":
        return Q(**{f"{p}uscc": scope.key})
    return Q(**{f"{p}uscc__in": list(scope.members)})  # enterprises
