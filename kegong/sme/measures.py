"""The 中小微企业 measures (registered when the app is ready, kegong.sme.apps):

- sme_confidence_index 中小微企业信心指数: the overall index (kegong.core.stats.confidence: the mean of the
  question indices, each (好转% − 恶化%) + 100) of the quarter the period ends in (1-6月: 二季度), from the
  信心指数调查 ledger; its prior is the same quarter a year earlier. Unknown while that quarter has no survey.
- sme_medium_enterprises, sme_small_enterprises, sme_micro_enterprises 中型 / 小型 / 微型企业数: the register's
  enterprises of the class (kegong.sme.selectors.sizes) for the last complete year the period reaches —
  the period's own year when it ends in 12月, else the year before (a size class needs the whole year's
  营业收入); its prior is the year before that. Unknown when no enterprise's class is known that year.
"""

from __future__ import annotations

import datetime as dt

from kegong.core.periods import Period
from kegong.core.stats.confidence import quarter_of_month
from kegong.core.stats.scopes import Scope
from kegong.enterprises.selectors import scope_q
from kegong.measures.registry import Measure, MeasureData, Value, register
from kegong.measures.sharing import has_records
from kegong.sme import selectors as s
from kegong.sme.models import SizeCheck


class ConfidenceMeasure(Measure):
    code, name, unit, kind, ledger = "sme_confidence_index", "中小微企业信心指数", "", "amount", "sme-confidence"

    @staticmethod
    def quarter(period: Period) -> tuple[int, int]:
        return period.year, quarter_of_month(period.end)

    def _level(self, year: int, quarter: int, scope: Scope) -> float | None:
        overall = s.quarter_index(year, quarter, scope).overall
        return None if overall is None else round(overall, 2)

    def compute(self, period: Period, scope: Scope, data: MeasureData | None = None) -> Value:
        year, quarter = self.quarter(period)
        now = self._level(year, quarter, scope)
        if now is None:
            return Value(None)
        return Value(now, None, None, self._level(year - 1, quarter, scope))

    def records(self, period: Period, scope: Scope) -> list | None:
        if not s.has_surveys():
            return None
        return list(s.surveys(scope_q(scope), *self.quarter(period)))


class SizeCount(Measure):
    kind, unit = "count", "家"

    def __init__(self, size: str, name: str) -> None:
        self.size, self.code, self.name = size, f"sme_{size}_enterprises", f"{name}企业数"

    @staticmethod
    def year(period: Period) -> int:
        return period.year if period.end == 12 else period.year - 1

    def _level(self, year: int, scope: Scope) -> int | None:
        rows = s.sizes(year, scope_q(scope, prefix=""))
        if all(r.code == s.UNKNOWN for r in rows):
            return None
        return s.counts(rows)[self.size]

    def compute(self, period: Period, scope: Scope, data: MeasureData | None = None) -> Value:
        year = self.year(period)
        now = self._level(year, scope)
        if now is None:
            return Value(None)
        prior = self._level(year - 1, scope)
        return Value.with_prior(now, prior)


class SurveyCount(Measure):
    """中小微企业信心指数调查问卷份数: the questionnaires of the quarter the period ends in (as the index)."""

    code, name, unit, kind, ledger = "sme_confidence_answers", "中小微企业信心指数调查问卷份数", "份", "count", \
        "sme-confidence"

    def compute(self, period: Period, scope: Scope, data: MeasureData | None = None) -> Value:
        if not s.has_surveys():
            return Value(None)
        year, quarter = ConfidenceMeasure.quarter(period)
        now, prior = (s.surveys(scope_q(scope), y, quarter).count() for y in (year, year - 1))
        return Value.with_prior(float(now), float(prior))

    def records(self, period: Period, scope: Scope) -> list | None:
        return None if not s.has_surveys() else list(s.surveys(scope_q(scope), *ConfidenceMeasure.quarter(period)))


class CheckCount(Measure):
    """中小微企业认定实地核查企业数: the enterprises the bureau checked on site from 1 January to the period's
    last day (by the check's date)."""

    code, name, unit, kind, ledger = "sme_size_checks", "中小微企业认定实地核查企业数", "家", "count", \
        "sme-size-checks"

    def _checks(self, year: int, last: dt.date, scope: Scope):
        return SizeCheck.objects.filter(scope_q(scope), date__gte=dt.date(year, 1, 1), date__lte=last)

    def compute(self, period: Period, scope: Scope, data: MeasureData | None = None) -> Value:
        if not has_records(SizeCheck):
            return Value(None)
        now, prior = (float(self._checks(p.year, p.last_day(), scope).values("enterprise_id").distinct().count())
                      for p in (period, period.prior_year()))
        return Value.with_prior(now, prior)

    def records(self, period: Period, scope: Scope) -> list | None:
        if not has_records(SizeCheck):
            return None
        return list(self._checks(period.year, period.last_day(), scope).select_related("enterprise")
                    .order_by("date", "pk"))


MEASURES = [ConfidenceMeasure(), SurveyCount(), CheckCount(), SizeCount("medium", "中型"), SizeCount("small", "小型"),
            SizeCount("micro", "微型")]
for _m in MEASURES:
    register(_m)
