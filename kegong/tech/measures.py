"""The 科技创新 measures, counted from the ledgers (issue 12: a count in a report is the count of records a user
can open). Registered when the app is ready (kegong.tech.apps), so ``kegong.measures.registry.measure``
finds them wherever Django is set up."""

from __future__ import annotations

import calendar
import datetime as dt

from kegong.core.catalogue import RECORD_COUNTS
from kegong.core.periods import Period
from kegong.core.stats.scopes import Scope
from kegong.measures.registry import Measure, MeasureData, Value, register
from kegong.measures.sharing import active, shared
from kegong.tech import selectors


def last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


class HighTechEnterprises(Measure):
    """国家级高新技术企业数: the enterprises holding a 高新技术企业 certificate valid on the period's last day,
    against the same day a year earlier; for the county or any part of it (by the enterprises' own town,
    park, industry …). Unknown (not 0) while the ledger holds no certificate at all."""

    code = "high_tech_enterprises"
    kind = "stock"
    ledger = "high-tech"

    def __init__(self) -> None:
        d = RECORD_COUNTS[self.code]
        self.name, self.unit = d.name, d.unit

    def compute(self, period: Period, scope: Scope, data: MeasureData | None = None) -> Value:
        if not selectors.has_certificates():
            return Value(None)
        now, prior = (_held(last_day(y, period.end), scope) for y in (period.year, period.year - 1))
        return Value.with_prior(now, prior)

    def records(self, period: Period, scope: Scope) -> list | None:
        if not selectors.has_certificates():
            return None
        day = last_day(period.year, period.end)
        return list(selectors.valid_certificates(day, selectors.scope_q(scope)).select_related("enterprise")
                    .order_by("enterprise__name", "issued"))


HIGH_TECH_ENTERPRISES = register(HighTechEnterprises())


def _held(day, scope: Scope) -> int:
    """国家级高新技术企业数 on ``day`` in ``scope``; every town's at once while a page asks town by town."""
    if active() and scope.kind == "town":
        return _held_by_town(day).get(scope.key, 0)
    return selectors.high_tech_count(day, selectors.scope_q(scope))


@shared
def _held_by_town(day) -> dict[str, int]:
    return selectors.enterprise_count_by_town(selectors.valid_certificates(day))
