"""The county's measures: the enterprises' monthly indicators (from the panel), the figures the statistics
bureau publishes and the facts staff keep (全县数据), and the counts derived from the register. Counts of
ledger records are registered by their own app (kegong.tech.measures: 国家级高新技术企业数)."""

from __future__ import annotations

from kegong.core.catalogue import BY_CODE, COUNTY_MEASURES, DERIVED
from kegong.core.errors import KegongError
from kegong.core.periods import Period
from kegong.core.stats.indicators import indicator_table
from kegong.core.stats.panel import SCOPE_ATTRIBUTE, Scope
from kegong.measures.registry import Measure, MeasureData, Value, register
from kegong.measures.sharing import active, shared


class PanelMeasure(Measure):
    """An indicator enterprises report: the scope's same-scope cumulative, growth and change of growth."""

    def __init__(self, code: str):
        d = BY_CODE[code]
        self.code, self.name, self.unit = code, d.name, d.unit

    def compute(self, period: Period, scope: Scope, data: MeasureData) -> Value:
        if self.code not in data.panel.indicators:
            return Value(None)
        row = None
        if active() and scope.kind in SCOPE_ATTRIBUTE:  # a page scoring every town: all of them in one table
            row = partition_rows(data.panel, period, self.code, SCOPE_ATTRIBUTE[scope.kind]).get(scope)
        if row is None:
            (row,) = indicator_table(data.panel, period, [scope], [BY_CODE[self.code]])
        return Value(row.cumulative, row.yoy_pct, row.pp_change, row.cumulative_prior_year)


@shared
def partition_rows(panel, period: Period, code: str, attribute: str) -> dict:
    """An indicator's rows for every scope of one attribute (each town, each section …) in one computation;
    shared while a page computes the same measure for many of them (kegong.assessment scores each town)."""
    scopes = panel.partition(attribute)
    try:
        rows = indicator_table(panel, period, scopes, [BY_CODE[code]])
    except KegongError:  # a scope the figures cannot be computed for: each is asked on its own
        return {}
    return dict(zip(scopes, rows, strict=True))


class PublishedRate(Measure):
    """A rate the statistics bureau publishes for the county (规上工业增加值增速): the level is the growth."""

    kind = "rate"

    def __init__(self, code: str):
        d = COUNTY_MEASURES[code]
        self.code, self.name, self.unit = code, d.name, d.unit

    def compute(self, period: Period, scope: Scope, data: MeasureData) -> Value:
        if scope.kind != "all":
            return Value(None)
        now = data.county.get((self.code, period.year, period.end))
        if now is None:
            return Value(None)
        prev = period.previous_cumulative()
        before = data.county.get((self.code, prev.year, prev.end)) if prev else None
        pp = now[0] - before[0] if before is not None else None
        return Value(now[0], now[0], pp)


class DerivedCount(Measure):
    """A count worked out from the register (新增规上工业企业数: entered the scope this year)."""

    kind = "count"

    def __init__(self, code: str):
        d = DERIVED[code]
        self.code, self.name, self.unit = code, d.name, d.unit

    def compute(self, period: Period, scope: Scope, data: MeasureData) -> Value:
        if scope.kind != "all":
            return Value(None)
        return Value(data.counts.get(self.code))


for _code in ("gross_output", "sales_output", "industrial_investment", "renovation_investment", "electricity", "tax",
              "revenue", "profit", "export_delivery", "rd_spend"):
    register(PanelMeasure(_code))
register(PublishedRate("value_added_growth"))
register(DerivedCount("new_above_scale"))
