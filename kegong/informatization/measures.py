"""The 信息化与两化融合 measures, computed from the records (issue 13; the half-year summary's section (三)
prints them as ``facts.<code>``). Registered when the app is ready (kegong.informatization.apps).

- 5G (ledgers 5G建设年度计划 and 5G基站): g5_plan_sites / g5_plan_investment — the period's year's plan;
  g5_done_sites / g5_done_investment — the sites built (状态 建成 or 开通, 建成日期 on or before the period's
  last day) and their investment; g5_open_sites — those opened (开通日期) by that day. Counted by the records'
  dates, so a month's count can never fall below the month before. For the county or one town.
- The 四率 and 企业上云 (ledger 企业信息化年度调查): it_broadband_share, it_lan_share, it_ecommerce_share,
  it_website_share — the share (%) of the year's ABOVE-SCALE enterprises (规上在库, ScaleStatus) answering 是,
  an enterprise that did not answer counting as not having it: the denominator is every above-scale
  enterprise, not those who answered; cloud_enterprises — the count of above-scale enterprises 上云. The
  survey used is that of the period's year, else the latest earlier year (and its year's above-scale
  enterprises). For any scope of enterprises.

Each is unknown (``Value(None)``, not 0) while its ledger holds no record at all."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Model, Q

from kegong.core.catalogue import RECORD_COUNTS
from kegong.core.periods import Period
from kegong.core.stats.scopes import Scope
from kegong.informatization import selectors as s
from kegong.informatization.models import G5Plan, G5Site, ItSurvey
from kegong.measures.registry import Measure, MeasureData, Value, register
from kegong.measures.sharing import has_records


def _with_prior(now: float | None, prior: float | None) -> Value:
    return Value.with_prior(None if now is None else float(now), None if prior is None else float(prior))


class G5Measure(Measure):
    """A 5G figure for the county or a town: ``figure(year, month, q)`` now and a year earlier."""

    kind = "count"

    def __init__(self, code: str, model: type[Model], ledger: str, figure: Callable[[int, int, Q], float],
                 kind: str = "count", doc: str = "") -> None:
        d = RECORD_COUNTS[code]
        self.code, self.name, self.unit, self.kind = code, d.name, d.unit, kind
        self.model, self.ledger, self._figure = model, ledger, figure
        self.__doc__ = doc

    def compute(self, period: Period, scope: Scope, data: MeasureData | None = None) -> Value:
        q = s.town_q(scope)
        if q is None or not has_records(self.model):
            return Value(None)
        return _with_prior(float(self._figure(period.year, period.end, q)),
                           float(self._figure(period.year - 1, period.end, q)))


class SurveyShare(Measure):
    """A 四率 share: % of the survey year's above-scale enterprises (not of those who answered) answering 是."""

    kind = "rate"
    ledger = "it-survey"

    def __init__(self, code: str, item: str, count: bool = False) -> None:
        d = RECORD_COUNTS[code]
        self.code, self.name, self.unit, self.item, self.count = code, d.name, d.unit, item, count
        self.kind = "stock" if count else "rate"

    def _level(self, year: int, q: Q) -> float | None:
        r = s.survey_rate(year, self.item, q)
        if r is None:
            return None
        return float(r.yes) if self.count else r.share

    def compute(self, period: Period, scope: Scope, data: MeasureData | None = None) -> Value:
        q = s.firm_q(scope)
        if q is None or not has_records(ItSurvey):
            return Value(None)
        now, prior = self._level(period.year, q), self._level(period.year - 1, q)
        if self.count:
            return _with_prior(now, prior)
        pp = None if now is None or prior is None else now - prior
        return Value(now, None, pp, prior)

    def records(self, period: Period, scope: Scope) -> list | None:
        q = s.firm_q(scope)
        if q is None or not has_records(ItSurvey):
            return None
        return s.survey_yes(period.year, self.item, q)


def _day(year: int, month: int):
    return s.last_day(year, month)


G5_PLAN_SITES = register(G5Measure("g5_plan_sites", G5Plan, "g5-plans",
                                   lambda y, m, q: s.plan_of(y, q)["sites"], kind="stock",
                                   doc="The sites the towns' 5G plans of the period's year are to build."))
G5_PLAN_INVESTMENT = register(G5Measure("g5_plan_investment", G5Plan, "g5-plans",
                                        lambda y, m, q: s.plan_of(y, q)["investment"], kind="amount",
                                        doc="The investment (万元) the 5G plans of the period's year plan."))
G5_DONE_SITES = register(G5Measure("g5_done_sites", G5Site, "g5-sites",
                                   lambda y, m, q: s.built_by(_day(y, m), q).count(), kind="stock",
                                   doc="Sites 建成 or 开通 with a 建成日期 in the year by the period's last day (the year's work, "
                                       "beside its plan; cannot fall within a year)."))
G5_DONE_INVESTMENT = register(G5Measure("g5_done_investment", G5Site, "g5-sites",
                                        lambda y, m, q: s.investment_of(s.built_by(_day(y, m), q)), kind="amount",
                                        doc="The investment (万元) of the year's sites built by the period's last day."))
G5_OPEN_SITES = register(G5Measure("g5_open_sites", G5Site, "g5-sites",
                                   lambda y, m, q: s.opened_by(_day(y, m), q).count(), kind="stock",
                                   doc="Of the year's sites built by the period's last day, those 开通 by then."))

IT_BROADBAND_SHARE = register(SurveyShare("it_broadband_share", "broadband"))
IT_LAN_SHARE = register(SurveyShare("it_lan_share", "lan"))
IT_ECOMMERCE_SHARE = register(SurveyShare("it_ecommerce_share", "ecommerce"))
IT_WEBSITE_SHARE = register(SurveyShare("it_website_share", "website"))
CLOUD_ENTERPRISES = register(SurveyShare("cloud_enterprises", "cloud", count=True))
