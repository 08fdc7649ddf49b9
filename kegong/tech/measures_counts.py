"""The counts of the half-year summary's science section (二), each counted from its ledger for a period and a
scope — 研发费用备案企业数, 研发财政奖补申报 (enterprises and 万元), 申报市级科普基地和技术研发中心企业数,
科技型中小企业数, 申报国家级高新技术企业数 (第一批), 纳入高新技术产业增加值统计企业数, 成功申报国家高新技术企业数
— and the certificates due for re-certification. Each is the count of the records a user opens on the
ledger's page (kegong.tech.selectors), for the county or any part of it; unknown (not 0) while its ledger
holds no record at all; with the same count a year earlier where that means something."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db.models import Model, Q, QuerySet

from kegong.core.catalogue import RECORD_COUNTS
from kegong.core.periods import Period
from kegong.core.stats.scopes import Scope
from kegong.measures.registry import Measure, MeasureData, Value, register
from kegong.measures.sharing import active, shared
from kegong.tech import selectors as s
from kegong.tech.measures import last_day
from kegong.tech.models import (
    HighTechApplication,
    HighTechCertificate,
    HighTechStatEnterprise,
    InnovationPlatform,
    RdFiling,
    RdSubsidy,
    TechSmeRegistration,
)

Records = Callable[[int, dt.date, Q], QuerySet | None]  # (year, the period's last day, scope filter) → the records


def enterprises(qs: QuerySet) -> int:
    return s.enterprise_count(qs)


@shared
def town_counts(records: Records, year: int, day: dt.date) -> dict[str, int] | None:
    """The enterprises of ``records`` in every town at once (shared while a page asks town by town)."""
    qs = records(year, day, Q())
    return None if qs is None else s.enterprise_count_by_town(qs)


def applied_amount(qs: QuerySet) -> float:
    return float(s.amount_of(qs))


class LedgerCount(Measure):
    """A count of one ledger's records for the period's year up to its last day, against the same months a
    year earlier: ``records`` picks them, ``reduce`` counts them (the enterprises, or an amount summed). The
    name and unit are the catalogue's (RECORD_COUNTS)."""

    kind = "count"

    def __init__(self, code: str, model: type[Model], ledger: str, records: Records,
                 reduce: Callable[[QuerySet], float] = enterprises, kind: str | None = None, doc: str = ""):
        d = RECORD_COUNTS[code]
        self.code, self.name, self.unit, self.model, self.ledger = code, d.name, d.unit, model, ledger
        self._records, self._reduce = records, reduce
        self.kind = kind or self.kind
        self.__doc__ = doc or self.__doc__

    def _count(self, year: int, month: int, scope: Scope) -> float | None:
        if active() and scope.kind == "town" and self._reduce is enterprises:  # a page scoring every town
            by_town = town_counts(self._records, year, last_day(year, month))
            return None if by_town is None else by_town.get(scope.key, 0)
        qs = self._records(year, last_day(year, month), s.scope_q(scope))
        return None if qs is None else self._reduce(qs)

    def compute(self, period: Period, scope: Scope, data: MeasureData | None = None) -> Value:
        if not s.has_records(self.model):
            return Value(None)
        now = self._count(period.year, period.end, scope)
        if now is None:
            return Value(None)
        prior = self._count(period.year - 1, period.end, scope)
        return Value.with_prior(now, prior)

    def records(self, period: Period, scope: Scope) -> list | None:
        if not s.has_records(self.model):
            return None
        qs = self._records(period.year, last_day(period.year, period.end), s.scope_q(scope))
        return None if qs is None else list(qs.select_related("enterprise").order_by("enterprise__name", "pk"))


def _stat_list(year: int, day: dt.date, q: Q) -> QuerySet | None:
    quarter = s.latest_stat_quarter(year, day.month)
    return None if quarter is None else s.stat_enterprises(year, quarter, q)


COUNTS = [register(m) for m in (
    LedgerCount("rd_filing_enterprises", RdFiling, "rd-filings", s.rd_filings,
                doc="研发资金备案企业数: the enterprises with a 研发费用备案 of the year's campaign filed by the period's "
                    "last day (a filing of 31 December counts in that year, one of 1 January in the next)."),
    LedgerCount("rd_subsidy_enterprises", RdSubsidy, "rd-subsidies", s.rd_subsidies,
                doc="研发财政奖补申报企业数: the enterprises applying for the year's R&D subsidy by the period's end."),
    LedgerCount("rd_subsidy_amount", RdSubsidy, "rd-subsidies", s.rd_subsidies, applied_amount, kind="amount",
                doc="研发财政奖补申报资金: the amounts applied for (万元, not those granted) in those applications."),
    LedgerCount("platform_applicants", InnovationPlatform, "platforms",
                lambda y, d, q: s.city_platform_applications(y, q),
                doc="申报市级科普基地和技术研发中心企业数: the enterprises applying in the year for a 市级 科普基地 or "
                    "技术研发中心, whatever became of the application (the ledger records the year, not the day)."),
    LedgerCount("tech_sme", TechSmeRegistration, "tech-sme", s.tech_smes,
                doc="成功申报科技型中小企业数: the enterprises registered (入库) for the year by the period's end."),
    LedgerCount("hightech_applicants", HighTechApplication, "high-tech-applications", s.first_batch_applications,
                doc="申报国家级高新技术企业数: the enterprises of the year's 第一批 that applied (申报, 评审, 认定 or "
                    "未通过 — not those still 培育) by the period's end."),
    LedgerCount("hightech_stat_enterprises", HighTechStatEnterprise, "high-tech-stat", _stat_list, kind="stock",
                doc="纳入高新技术产业增加值统计企业数: the enterprises on the statistics bureau's latest list of the "
                    "year for a quarter ended by the period (1-6月: 二季度's list); unknown before the year's first "
                    "list, a year earlier the list of the same quarter."),
    LedgerCount("high_tech_new", HighTechCertificate, "high-tech", s.certificates_issued,
                doc="成功申报国家高新技术企业数: the enterprises issued a 高新技术企业 certificate in the year up to the "
                    "period's last day. Re-certifications count (a firm recognised again when its three years are "
                    "up), as in the bureau's own 成功申报 count; one firm with two certificates counts once."),
)]


class RenewalsDue(Measure):
    """高新技术企业重新认定提醒: the enterprises whose certificate ends within six months of the period's last
    day and that have not applied again (kegong.tech.selectors.renewals_due). Unknown while the ledger holds
    no certificate; no comparison with a year earlier (a reminder, not a result)."""

    code = "high_tech_renewals_due"
    ledger = "high-tech"
    name = "6个月内需重新认定的高新技术企业数"
    unit = "家"
    kind = "stock"

    def compute(self, period: Period, scope: Scope, data: MeasureData | None = None) -> Value:
        if not s.has_certificates():
            return Value(None)
        due = s.renewals_due(last_day(period.year, period.end), s.scope_q(scope))
        return Value(len({c.enterprise_id for c in due}))

    def records(self, period: Period, scope: Scope) -> list | None:
        if not s.has_certificates():
            return None
        return s.renewals_due(last_day(period.year, period.end), s.scope_q(scope))


RENEWALS_DUE = register(RenewalsDue())
