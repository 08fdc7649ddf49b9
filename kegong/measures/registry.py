"""The registry itself: a measure is a class with one ``compute`` method, registered by code and looped over
(like djangoproject.com's dashboard metrics). ``compute`` gets the period, the scope and a ``MeasureData``
(the panel and the county figures, loaded once for every measure of a page)."""

from __future__ import annotations

from dataclasses import dataclass, field

from kegong.core.periods import Period
from kegong.core.stats.panel import Panel, Scope


@dataclass(frozen=True)
class Value:
    """A measure at a period: ``level`` in ``unit``; ``growth`` (同比, %) and ``pp`` (its change against the
    previous cumulative period, 百分点) where they exist."""

    level: float | None
    growth: float | None = None
    pp: float | None = None
    prior: float | None = None  # the level a year earlier

    @property
    def has_data(self) -> bool:
        return self.level is not None

    @classmethod
    def with_prior(cls, now: float | None, prior: float | None) -> Value:
        """A level beside the same months a year earlier: its growth (%), none without a prior above 0; an
        unknown level stays unknown. The one growth rule of every ledger count."""
        if now is None:
            return cls(None)
        growth = 100 * (float(now) / float(prior) - 1) if prior else None
        return cls(now, growth, None, prior)


@dataclass
class MeasureData:
    panel: Panel
    county: dict = field(default_factory=dict)  # (code, year, month) → (value, unit)
    counts: dict = field(default_factory=dict)  # derived counts by code for the period's year


class Measure:
    code: str = ""
    name: str = ""
    unit: str = ""
    kind: str = "amount"  # amount | rate (a level in %) | count | stock

    ledger: str = ""  # the slug of the ledger whose records the measure counts ("" for a figure of the panel)

    def compute(self, period: Period, scope: Scope, data: MeasureData) -> Value:  # pragma: no cover - abstract
        raise NotImplementedError

    def records(self, period: Period, scope: Scope) -> list | None:
        """The ledger records the value is counted from (model objects with an ``enterprise``), for the page
        that lists them beside the count (/measures/<code>/); None for a measure that counts no records."""
        return None


REGISTRY: dict[str, Measure] = {}


def register(measure: Measure) -> Measure:
    if measure.code in REGISTRY:
        raise ValueError(f"measure {measure.code} registered twice")
    REGISTRY[measure.code] = measure
    _count_for_targets(measure)
    return measure


def _count_for_targets(m: Measure) -> None:
    """A count of ledger records (RECORD_COUNTS) is what a target set on its code has achieved: offered to
    kegong.targets, which may not import the registry."""
    from kegong.core.catalogue import RECORD_COUNTS

    if m.code in RECORD_COUNTS:
        from kegong.targets.selectors import RECORD_COUNTERS

        RECORD_COUNTERS[m.code] = lambda period: m.compute(period, Scope.county(), MeasureData(panel=None)).level


def measure(code: str) -> Measure:
    from kegong.measures import county  # noqa: F401 - registers the county's measures

    return REGISTRY[code]


def measures(codes) -> list[Measure]:
    return [measure(c) for c in codes]
