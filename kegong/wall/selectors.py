"""Reading the 墙材 ledgers for the measures and the reports: the producers counted, the cumulative output
(1月 through the period's last month, whatever the period's first month) by kind, and the savings
coefficients in force for a year — the same records the ledgers' pages list.

A cumulative output is the sum of the months' outputs, each at least 0 (the model's check), so it never
falls within a year. The producers counted (正常生产墙材企业) are those whose status is 正常生产 and that
reported an output above 0 in the period: a firm closed this year, or producing nothing yet, is not among
them; 烧结 + 混凝土 = 正常生产 by construction (every producer has exactly one kind)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from kegong.core.periods import Period
from kegong.core.rules.wall import DEFAULT_BY_CODE, Coefficient
from kegong.enterprises.selectors import scope_q  # noqa: F401 - the one spelling, used here and by callers
from kegong.wall.models import SavingsCoefficient, WallOutput, WallProducer


def has_outputs() -> bool:
    return WallOutput.objects.exists()


def has_producers() -> bool:
    return WallProducer.objects.exists()


def outputs(period: Period, q: Q = Q(), kind: str | None = None) -> QuerySet:
    """The monthly outputs of 1月 through the period's last month of the producers (of ``kind``, if given): an
    output is counted with its producer's kind, so 烧结 + 混凝土 is the whole output the savings are of."""
    qs = WallOutput.objects.filter(q, year=period.year, month__lte=period.end, enterprise__wall_producer__isnull=False)
    if kind:
        qs = qs.filter(enterprise__wall_producer__kind=kind)
    return qs


def output_total(period: Period, q: Q = Q(), kind: str | None = None) -> Decimal:
    """万块 折标砖, 1月 through the period's last month."""
    return outputs(period, q, kind).aggregate(s=Sum("output"))["s"] or Decimal(0)


def producing(period: Period, q: Q = Q(), kind: str | None = None) -> QuerySet:
    """正常生产 producers with an output above 0 in the period (of ``kind``, if given)."""
    ids = outputs(period, q).filter(output__gt=0).values("enterprise_id")
    qs = WallProducer.objects.filter(q, status=WallProducer.Status.NORMAL, enterprise_id__in=ids)
    return qs.filter(kind=kind) if kind else qs


def coefficient(code: str, year: int) -> Coefficient:
    """The coefficient in force in ``year``: the table's latest row from that year or before, else the core's."""
    row = SavingsCoefficient.objects.filter(code=code, valid_from__lte=year).order_by("-valid_from").first()
    if row is None:
        return DEFAULT_BY_CODE[code]
    d = DEFAULT_BY_CODE[code]
    return Coefficient(code, d.name, row.value, row.unit or d.unit, row.source, row.valid_from)


def coefficients(year: int) -> dict[str, Coefficient]:
    return {code: coefficient(code, year) for code in DEFAULT_BY_CODE}
