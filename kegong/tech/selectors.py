"""Reading the 科技创新 ledgers for counts: the 高新技术企业 certificates valid on a day, the enterprises that hold
one and how many they are, the certificates due for re-certification, and the records behind each count of
the half-year summary's science section — within a filter on the records (``access.enterprise_q("enterprise__")``
for a user, :func:`scope_q` for a statistical scope), the same records the ledgers' pages list."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Max, Q, QuerySet, Sum

from kegong.enterprises.models import Enterprise
from kegong.enterprises.selectors import scope_q  # noqa: F401 - the one spelling, used here and by callers
from kegong.measures.sharing import has_records  # noqa: F401 - read here by the tech measures
from kegong.tech.models import (
    VALID_YEARS,
    HighTechApplication,
    HighTechCertificate,
    HighTechStatEnterprise,
    InnovationPlatform,
    RdFiling,
    RdSubsidy,
    TechSmeRegistration,
    valid_until,
)


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


def valid_certificates(day: dt.date, q: Q = Q()) -> QuerySet:
    """The certificates valid on ``day`` (issued ≤ day ≤ valid until) among those ``q`` keeps."""
    return (HighTechCertificate.objects.filter(q)
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
    return has_records(HighTechCertificate)


def enterprise_count(qs: QuerySet) -> int:
    """How many enterprises the records are of (one firm with two records counts once)."""
    return qs.values("enterprise_id").distinct().count()


def enterprise_count_by_town(qs: QuerySet) -> dict[str, int]:
    """:func:`enterprise_count` for every town at once (town name → enterprises), in one grouped query."""
    rows = (qs.order_by().values("enterprise__town__name").annotate(n=Count("enterprise_id", distinct=True))
            .values_list("enterprise__town__name", "n"))
    return {town: n for town, n in rows if town is not None}


# --- 高新技术企业: new certificates, first-batch applicants, re-certifications due ------------------------------
def certificates_issued(year: int, day: dt.date, q: Q = Q()) -> QuerySet:
    """The certificates issued in ``year`` up to ``day`` — first recognitions and re-certifications alike."""
    return HighTechCertificate.objects.filter(q, issued__gte=dt.date(year, 1, 1), issued__lte=day)


def first_batch_applications(year: int, day: dt.date, q: Q = Q()) -> QuerySet:
    """The applications of ``year``'s 第一批 that were submitted (stage 申报 or later, 未通过 included) by ``day``
    — a record without a 申报日期 counts from the day it is entered."""
    return (HighTechApplication.objects.filter(q, year=year, batch=HighTechApplication.Batch.FIRST,
                                               stage__in=HighTechApplication.SUBMITTED)
            .filter(Q(applied__isnull=True) | Q(applied__lte=day)))


def renewals_due(day: dt.date, q: Q = Q(), months: int = 6) -> list[HighTechCertificate]:
    """The certificates to be renewed: valid on ``day`` and ending within ``months`` of it
    (:meth:`HighTechCertificate.renewal_due` ≤ day ≤ valid until), whose enterprise has neither an application
    of a later year than the certificate's (one that did not fail: after a 未通过 the reminder stands, the next
    batch is still open) nor a certificate issued after it. Soonest ending first."""
    # the database keeps those ending within ``months`` and a month of ``day`` (a superset: a certificate ends
    # three years, less a day, after its issue), Python the exact rule — not every valid certificate of the county
    latest_issue = day - dt.timedelta(days=365 * VALID_YEARS - 31 * (months + 1))
    certs = [c for c in valid_certificates(day, q).filter(issued__lte=latest_issue).select_related("enterprise")
             if c.renewal_due(months) <= day]
    firms = {c.enterprise_id for c in certs}
    applied = dict(HighTechApplication.objects.filter(enterprise_id__in=firms)
                   .exclude(stage=HighTechApplication.Stage.REJECTED)
                   .values("enterprise_id").annotate(last=Max("year")).values_list("enterprise_id", "last"))
    issued = dict(HighTechCertificate.objects.filter(enterprise_id__in=firms)
                  .values("enterprise_id").annotate(last=Max("issued")).values_list("enterprise_id", "last"))
    due = [c for c in certs if applied.get(c.enterprise_id, 0) <= c.issued.year and issued[c.enterprise_id] <= c.issued]
    return sorted(due, key=lambda c: (c.valid_until, c.number))


# --- the other science ledgers ------------------------------------------------------------------------------
def _dated(field: str, day: dt.date) -> Q:
    """Dated by ``day``, or undated (counted from the day it is entered)."""
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lte": day})


def rd_filings(year: int, day: dt.date, q: Q = Q()) -> QuerySet:
    """研发费用备案 of ``year``'s campaign filed by ``day``."""
    return RdFiling.objects.filter(q, year=year, filed__lte=day)


def rd_subsidies(year: int, day: dt.date, q: Q = Q()) -> QuerySet:
    """研发财政奖补 applications of ``year`` made by ``day`` (whatever became of them)."""
    return RdSubsidy.objects.filter(q, year=year, applied__lte=day)


def rd_subsidy_amount(year: int, day: dt.date, q: Q = Q()) -> Decimal:
    """The amounts applied for (万元) in those applications."""
    return amount_of(rd_subsidies(year, day, q))


def amount_of(subsidies: QuerySet) -> Decimal:
    """The amounts applied for (万元) in some 研发财政奖补 applications, to the fen."""
    total = subsidies.aggregate(s=Sum("applied_amount"))["s"] or 0  # SQLite sums as a float
    return Decimal(str(total)).quantize(Decimal("0.01"))


CITY_PLATFORMS = (InnovationPlatform.Kind.SCIENCE_BASE, InnovationPlatform.Kind.RD_CENTRE)


def city_platform_applications(year: int, q: Q = Q()) -> QuerySet:
    """Applications of ``year`` for a 市级 科普基地 or 技术研发中心 (whatever became of them)."""
    return InnovationPlatform.objects.filter(q, year=year, level=InnovationPlatform.Level.CITY,
                                             kind__in=CITY_PLATFORMS)


def tech_smes(year: int, day: dt.date, q: Q = Q()) -> QuerySet:
    """科技型中小企业 registered (入库, not since revoked) for ``year`` by ``day``."""
    return (TechSmeRegistration.objects.filter(q, year=year, status=TechSmeRegistration.Status.REGISTERED)
            .filter(_dated("date", day)))


def latest_stat_quarter(year: int, month: int) -> int | None:
    """The latest quarter of ``year`` ending by ``month`` that the statistics bureau's list is there for."""
    return (HighTechStatEnterprise.objects.filter(year=year, quarter__lte=month // 3)
            .aggregate(q=Max("quarter"))["q"])


def stat_enterprises(year: int, quarter: int, q: Q = Q()) -> QuerySet:
    return HighTechStatEnterprise.objects.filter(q, year=year, quarter=quarter)
