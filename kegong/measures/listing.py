"""The counts of the ledgers as a list (台账计数): every registered measure counted from a ledger, with its value
for a period and a scope and how many of its records a user may open — what /measures/, /api/measures/ and
``kegong measures`` show, computed once here. The reports and the dashboard read the same measures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from kegong.core.numbers import fmt
from kegong.core.periods import Period
from kegong.core.stats.scopes import Scope
from kegong.measures.registry import REGISTRY, Measure, measure
from kegong.measures.sharing import shared, sharing


@dataclass(frozen=True)
class MeasureRow:
    measure: Measure
    level: float | None  # the value for the scope (None: the ledger holds no record, not known)
    records: list | None  # the records it counts that the reader may open (None: not countable by record)


def shown(m: Measure, v: float | None) -> str:
    """A count's value as the page and the command line write it: an amount to 2 decimals, a share to 1 (80.7,
    as 信息化 prints it), a count whole."""
    return fmt(v, 2 if m.kind == "amount" else 1 if m.kind == "rate" else 0)


def ledger_measures() -> list[Measure]:
    """The measures counted from a ledger, in their order of registration."""
    measure("high_tech_enterprises")  # every app's measures registered (the registry's loader)
    return [m for m in REGISTRY.values() if m.ledger]


def ledger_measure(code: str) -> Measure | None:
    return next((m for m in ledger_measures() if m.code == code), None)


def default_period(today: dt.date) -> Period:
    """The last month ended: 1-10月 in November; 1-12月 of last year in January and February (1-2月 is
    reported together, so the year's first period is not over before March)."""
    if today.month > 2:
        return Period.cumulative(today.year, today.month - 1)
    return Period.cumulative(today.year - 1, 12)


def readable_records(m: Measure, period: Period, enterprise_ids: Collection[int] | None) -> list | None:
    """The records ``m`` counts at ``period`` (county scope), limited to ``enterprise_ids`` unless None."""
    if enterprise_ids is None:
        return m.records(period, Scope.county())
    records = m.records(period, own_scope(frozenset(enterprise_ids)))  # read only the reader's enterprises
    return None if records is None else [r for r in records if readable(r, enterprise_ids)]


@shared
def own_scope(enterprise_ids: frozenset[int]) -> Scope:
    """A reader's enterprises as a statistical scope (an enterprise list), so that a measure reads their
    records only — a town's 27 firms, not the county's 2,000."""
    from kegong.enterprises.models import Enterprise

    usccs = Enterprise.objects.filter(pk__in=enterprise_ids).values_list("uscc", flat=True)
    return Scope.enterprise_list(sorted(usccs))


def readable(record, enterprise_ids: Collection[int] | None) -> bool:
    """Whether a record is open to a reader: everything for a county reader (None); else a record of one of
    their enterprises — a record of no enterprise (a project's month, a town's 5G site) is the county's."""
    return enterprise_ids is None or getattr(record, "enterprise_id", None) in enterprise_ids


def measure_rows(period: Period, scope: Scope | None = None, enterprise_ids: Collection[int] | None = None,
                 with_records: bool = False) -> list[MeasureRow]:
    """Each ledger measure at ``period``. A reader of the whole county (``enterprise_ids`` None) gets the value
    for ``scope`` (the county by default); any other reader only the records of their enterprises, never a
    value for a scope they do not read. ``with_records`` lists the records for a county reader too."""
    scope = scope or Scope.county()
    with sharing():
        return [_row(m, period, scope, enterprise_ids, with_records) for m in ledger_measures()]


def _row(m: Measure, period: Period, scope: Scope, enterprise_ids: Collection[int] | None,
         with_records: bool) -> MeasureRow:
    if enterprise_ids is None:
        level = m.compute(period, scope).level
        records = readable_records(m, period, None) if with_records else None
    else:
        level, records = None, readable_records(m, period, enterprise_ids)
    return MeasureRow(m, level, records)
