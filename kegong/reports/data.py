"""What a report is made of, as plain data handed over by the statistical core (and the briefing app).

Nothing here computes: every growth rate, 拉动, rank, forecast and target assessment is a number the core
produced (``kegong.core.stats``); ``kegong.reports.sources`` gathers them from the database, tests and the
benchmark can build them directly. ``kegong.reports.context`` turns them into the template context.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from kegong.core.periods import Period


def _pick(row: Any, name: str, default=None):
    if isinstance(row, Mapping):
        return row.get(name, default)
    return getattr(row, name, default)


def _f(v) -> float | None:
    if v is None:
        return None
    v = float(v)
    return None if v != v else v


@dataclass(frozen=True)
class Measure:
    """One indicator in one scope for the period: the statistical core's indicator row.

    Amounts are in the indicator's stored unit (万元, 万千瓦时); rates in percent, changes in points.
    """

    code: str
    name: str
    unit: str
    cumulative: float | None = None
    cumulative_prior_year: float | None = None
    yoy_pct: float | None = None
    yoy_pct_prev: float | None = None
    pp_change: float | None = None
    month: float | None = None
    month_prior_year: float | None = None
    month_yoy_pct: float | None = None
    net_change: float | None = None

    @classmethod
    def from_core(cls, row: Any, **overrides) -> Measure:
        """From a core row (object or mapping) with the fields of ``kegong indicators --json``."""
        values = {name: _pick(row, name) for name in cls.__dataclass_fields__}
        values.update(overrides)
        for k in ("code", "name", "unit"):
            values[k] = str(values[k] or "")
        for k in cls.__dataclass_fields__:
            if k not in ("code", "name", "unit"):
                values[k] = _f(values[k])
        return cls(**values)

    @property
    def has_data(self) -> bool:
        return self.cumulative is not None


@dataclass(frozen=True)
class Part:
    """A part of the county (an industry section, a town) with its measures and its share of growth.

    ``pull_pp`` (拉动, percentage points of county growth) and ``rank_growth`` (rank of its growth rate) are
    the core's, computed for ``pull_indicator`` (gross output)."""

    key: str
    label: str
    members: int
    measures: dict[str, Measure]
    pull_pp: float | None = None
    rank_growth: int | None = None
    share_pct: float | None = None
    pull_indicator: str = "gross_output"


@dataclass(frozen=True)
class Outlook:
    """预计 1-(M+1)月 for one indicator: the core's cumulative forecast with its interval."""

    code: str
    name: str
    unit: str
    span: str  # 1-7月
    cumulative: float | None
    cumulative_low: float | None
    cumulative_high: float | None
    growth: float | None
    growth_low: float | None
    growth_high: float | None
    level: float  # 0.8 for an 80% interval
    model_label: str = ""
    note: str = ""
    fallback: bool = False
    mape: float | None = None  # the chosen model's rolling back-test MAPE, %


@dataclass(frozen=True)
class TargetLine:
    """A target's progress as the core assessed it (``kegong.core.stats.targets.Progress``)."""

    code: str
    name: str
    kind: str  # growth | level | count
    target: float
    unit: str
    actual: float | None
    completion: float | None  # share, 0.62
    time_progress: float  # share
    gap_points: float | None
    status_label: str | None
    message: str
    required_rest_growth: float | None = None
    as_of: int | None = None  # the month the achieved figure is for (9: a share of 前三季度 GDP in 1-11月)


@dataclass(frozen=True)
class CountyMeasure:
    """A county-level published figure (全社会用电量, 高新技术产业增加值 …) and its growth from the core."""

    code: str
    name: str
    unit: str
    value: float | None
    prior: float | None
    yoy_pct: float | None  # the ratio of the two levels (at current prices)
    period: Period  # the period the figure is for (1-9月 for 高新技术产业增加值 in the 1-11月 briefing)
    # the growth the statistics bureau publishes with it, at comparable prices (catalogue.REPORTED_GROWTH)
    reported_yoy_pct: float | None = None


@dataclass(frozen=True)
class Text:
    """A prose section: its text and where it came from (own / carried from an earlier period / default)."""

    kind: str
    text: str
    source: str = "own"
    from_period: str = ""


@dataclass
class ReportData:
    county_name: str
    period: Period
    issued: dt.date
    enterprises: int | None
    new_enterprises: int | None
    county: dict[str, Measure]  # scope all, by indicator code
    sections: list[Part] = field(default_factory=list)
    towns: list[Part] = field(default_factory=list)
    # cumulative growth through the year: indicator code → [(1-2月, 12.3), (1-3月, 11.0), …]
    trend: dict[str, list[tuple[str, float | None]]] = field(default_factory=dict)
    value_added_pct: float | None = None
    value_added_source: str = ""  # official | estimate
    value_added_outlook: Outlook | None = None
    county_figures: dict[str, CountyMeasure] = field(default_factory=dict)
    outlooks: dict[str, Outlook] = field(default_factory=dict)
    targets: list[TargetLine] = field(default_factory=list)
    facts: dict[str, Decimal] = field(default_factory=dict)
    texts: dict[str, Text] = field(default_factory=dict)
    bureau_name: str = ""
    # the period the document speaks of (the half-year summary written with 1-5月 data covers 1-6月); None: ``period``
    covers: Period | None = None
    # 升规入统 candidates whose annualised revenue already reaches the statistical threshold (预计新增)
    new_enterprises_ready: int | None = None
    # 预计 high-tech value added for the span of the next forecast: (span, 万元, growth %, basis words)
    high_tech_outlook: Any = None  # kegong.reports.outlooks.HighTechOutlook
    analysis: Any = None  # kegong.core.stats.analysis.Analysis (the analyst's paragraphs)
    estimates: list = field(default_factory=list)  # 用电折算产值: ScopeEstimate for the month after ``period``
