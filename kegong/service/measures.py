"""The 企业服务 measures, counted from the ledgers (issue 12: a count in a report is the count of records a user
can open): 企业诉求 (received, closed, overdue, and by 三难 group), 乡镇输送用工, 银行融资, the holders of each
honour and the 升规入统 candidates. Registered when the app is ready (kegong.service.apps).

The 企业诉求 measures: appeals_received, _closed, _overdue, one per 三难 group (appeals_labour, _finance,
_procedure = 办事难) and one per further category (appeals_land, _eia, _demolition, _poles, _other).

Each is for a period — 1 January of its year through the last day of its last month — and a scope (the
county or a town, park, industry …: the records' enterprise; a town's referrals are those it made). Each
is unknown (``Value(None)``, not 0) while its ledger holds no record at all, and carries the same period a
year earlier as its prior (growth where that is above 0)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from kegong.core.periods import Period
from kegong.core.rules.appeals import CATEGORIES
from kegong.core.stats.scopes import Scope
from kegong.measures.registry import REGISTRY, Measure, MeasureData, Value, register
from kegong.measures.sharing import has_records
from kegong.service import selectors
from kegong.service.models import Appeal, BankLoan, EnterpriseHonour, ScaleUpCandidate, WorkerReferral


def _with_prior(now: float, prior: float) -> Value:
    return Value.with_prior(float(now), float(prior))


class RecordMeasure(Measure):
    """A figure of one ledger: ``figure(period, scope)`` now and a year earlier; unknown while it is empty."""

    kind = "count"
    model: type = Appeal

    ledger = "appeals"

    def __init__(self, code: str, name: str, unit: str, figure: Callable[[Period, Scope], float],
                 kind: str = "count", rows: Callable[[Period, Scope], list] | None = None) -> None:
        self.code, self.name, self.unit, self.kind, self._figure = code, name, unit, kind, figure
        self._rows = rows

    def compute(self, period: Period, scope: Scope, data: MeasureData | None = None) -> Value:
        if not has_records(self.model):
            return Value(None)
        return _with_prior(self._figure(period, scope), self._figure(period.prior_year(), scope))

    def records(self, period: Period, scope: Scope) -> list | None:
        if self._rows is None or not has_records(self.model):
            return None
        return self._rows(period, scope)


class AppealMeasure(RecordMeasure):
    model = Appeal


class ReferralMeasure(RecordMeasure):
    ledger = "referrals"
    model = WorkerReferral


class LoanMeasure(RecordMeasure):
    ledger = "loans"
    model = BankLoan


class HonourMeasure(RecordMeasure):
    ledger = "honours"
    model = EnterpriseHonour


class ScaleUpMeasure(RecordMeasure):
    ledger = "scale-up"
    model = ScaleUpCandidate


def _appeals(pick: Callable[[selectors.ThreeDifficulties], int]) -> Callable[[Period, Scope], int]:
    return lambda period, scope: pick(selectors.three_difficulties(period, scope))


def _appeal_rows(keep: Callable[[Appeal, dt.date], bool]) -> Callable[[Period, Scope], list]:
    """The appeals a measure counts: those received in the year to date that ``keep`` keeps, as they stood on
    the period's last day (today for a period not over yet), as kegong.service.selectors.three_difficulties
    counts them."""
    def rows(period: Period, scope: Scope) -> list:
        day = min(selectors.year_to_date(period)[1], dt.date.today())
        return [a for a in selectors.appeals_year_to_date(period, selectors.scope_q(scope)) if keep(a, day)]
    return rows


def _group(name: str) -> Callable[[selectors.ThreeDifficulties], int]:
    return lambda t: dict(t.by_group)[name]


def _category(name: str) -> Callable[[selectors.ThreeDifficulties], int]:
    return lambda t: dict(t.by_category)[name]


def _holders(kind: str) -> Callable[[Period, Scope], int]:
    return lambda period, scope: selectors.honour_holders(period.year, kind, selectors.scope_q(scope))


APPEALS_RECEIVED = register(AppealMeasure("appeals_received", "受理企业诉求件数", "件",
                                          _appeals(lambda t: t.received), rows=_appeal_rows(lambda a, d: True)))
APPEALS_CLOSED = register(AppealMeasure("appeals_closed", "办结企业诉求件数", "件", _appeals(lambda t: t.closed),
                                        rows=_appeal_rows(selectors.closed_by)))
APPEALS_OVERDUE = register(AppealMeasure("appeals_overdue", "超期企业诉求件数", "件", _appeals(lambda t: t.overdue),
                                         rows=_appeal_rows(selectors.overdue_on)))
APPEALS_LABOUR = register(AppealMeasure("appeals_labour", "用工类企业诉求件数", "件", _appeals(_group("用工难")),
                                        rows=_appeal_rows(lambda a, d: a.group == "用工难")))
APPEALS_FINANCE = register(AppealMeasure("appeals_finance", "融资类企业诉求件数", "件", _appeals(_group("融资难")),
                                         rows=_appeal_rows(lambda a, d: a.group == "融资难")))
APPEALS_PROCEDURE = register(AppealMeasure("appeals_procedure", "手续类企业诉求件数", "件",
                                           _appeals(_group("办事难")), rows=_appeal_rows(lambda a, d: a.group == "办事难")))
# and each category the three groups do not already name (土地, 环评, 征地拆迁, 杆线迁改, 其他): appeals_<code>
for _c in CATEGORIES:
    if f"appeals_{_c.code}" not in REGISTRY:
        register(AppealMeasure(f"appeals_{_c.code}", f"{_c.name.removeprefix('手续：')}类企业诉求件数", "件",
                               _appeals(_category(_c.name)),
                               rows=_appeal_rows(lambda a, d, code=_c.code: a.category == code)))

def _dated_rows(model, field: str, q: Callable[[Scope], object]) -> Callable[[Period, Scope], list]:
    def rows(period: Period, scope: Scope) -> list:
        first, last = selectors.year_to_date(period)
        return list(model.objects.filter(q(scope), **{f"{field}__gte": first, f"{field}__lte": last})
                    .select_related("enterprise").order_by(field, "pk"))
    return rows


WORKERS_REFERRED = register(ReferralMeasure(
    "workers_referred", "乡镇输送用工人数", "人", lambda p, s: selectors.referrals_in(p, s)["workers"],
    rows=_dated_rows(WorkerReferral, "date", selectors.referral_q)))
LOANS_AMOUNT = register(LoanMeasure(
    "loans_amount", "银行发放企业贷款金额", "万元", lambda p, s: selectors.loans_in(p, s)["amount"], kind="amount",
    rows=_dated_rows(BankLoan, "granted", selectors.scope_q)))
LOANS_ENTERPRISES = register(LoanMeasure(
    "loans_enterprises", "获得银行贷款企业数", "家", lambda p, s: selectors.loans_in(p, s)["enterprises"],
    rows=_dated_rows(BankLoan, "granted", selectors.scope_q)))

HONOURS = {
    EnterpriseHonour.Kind.LITTLE_GIANT: ("honours_little_giant", "专精特新“小巨人”企业数"),
    EnterpriseHonour.Kind.SPECIALISED: ("honours_specialised", "专精特新中小企业数"),
    EnterpriseHonour.Kind.INNOVATIVE: ("honours_innovative", "创新型中小企业数"),
    EnterpriseHonour.Kind.BRAND: ("honours_brand", "湖湘精品（品牌）企业数"),
}
for _kind, (_code, _name) in HONOURS.items():
    register(HonourMeasure(_code, _name, "家", _holders(_kind), kind="stock", rows=lambda p, s, k=_kind: list(
        selectors.honours_held(p.year, k, selectors.scope_q(s)).select_related("enterprise"))))

SCALE_UP_CANDIDATES = register(ScaleUpMeasure(
    "scale_up_candidates", "升规入统培育企业数", "家", lambda p, s: selectors.scale_up_in(p.year, s)["total"],
    kind="stock", rows=lambda p, s: list(ScaleUpCandidate.objects.filter(selectors.scope_q(s), year=p.year)
                                         .select_related("enterprise"))))
