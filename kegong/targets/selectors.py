"""Reading the stored world into the plain inputs of the audit rules, targets and forecasts."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

from kegong.core.catalogue import INDICATORS
from kegong.core.periods import Period
from kegong.core.stats.targets import TargetKind, TargetSpec
from kegong.enterprises.models import ScaleStatus
from kegong.targets.models import Target


def _f(v: Decimal | None) -> float | None:
    return None if v is None else float(v)


def target_specs(year: int) -> list[TargetSpec]:
    return [TargetSpec(t.year, t.code, t.name, TargetKind(t.kind), float(t.value), t.unit)
            for t in Target.objects.filter(year=year).order_by("pk")]


def counts(year: int) -> dict[str, float]:
    """Derived counts a target can be set on: ``new_above_scale`` (新增规上企业: entered the scope this year)."""
    n = ScaleStatus.objects.filter(year=year, above_scale=True, entered_year=year).count()
    return {"new_above_scale": float(n)}


# Counts of ledger records a target can be set on (成功申报国家高新技术企业数 …), by code: the county's count at a
# period, None while the ledger holds no record. Filled by the registry of measures (kegong.measures.registry:
# targets may not import it); such a count is the target's actual rather than a county figure typed for it.
RECORD_COUNTERS: dict[str, Callable[[Period], float | None]] = {}


def record_counts(period: Period, codes: Iterable[str]) -> dict[str, float]:
    """The counts of ledger records among ``codes`` at ``period``, those whose ledger holds records."""
    out = {}
    for code in codes:
        count = RECORD_COUNTERS.get(code)
        value = count(period) if count is not None else None
        if value is not None:
            out[code] = float(value)
    return out


def indicator_units() -> dict[str, str]:
    return {d.code: d.unit for d in INDICATORS}


def thresholds() -> dict:
    """The dashboard's thresholds: the defaults, overridden by the rows staff have set."""
    from kegong.core.stats.thresholds import DEFAULTS_BY_CODE
    from kegong.core.stats.thresholds import Threshold as CoreThreshold
    from kegong.targets.models import Threshold

    out = dict(DEFAULTS_BY_CODE)
    for t in Threshold.objects.all():
        out[t.code] = CoreThreshold(t.code, t.blue_gap, t.orange_gap, t.red_below)
    return out
