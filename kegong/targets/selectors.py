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
    """The county's own targets of ``year`` (a town's targets are the town's, kegong.assessment's business)."""
    return [TargetSpec(t.year, t.code, t.name, TargetKind(t.kind), float(t.value), t.unit)
            for t in Target.objects.filter(year=year, town__isnull=True).order_by("pk")]


def spec_of(t: Target) -> TargetSpec:
    return TargetSpec(t.year, t.code, t.name, TargetKind(t.kind), float(t.value), t.unit)


def targets_of(year: int | None = None, town: str | None = None, towns: bool = False) -> list[Target]:
    """Stored targets (with their town), the county's first then the towns' by name: of ``year`` (every year
    when None); of one ``town`` by name; every town's too when ``towns``."""
    qs = Target.all_scopes.select_related("town")
    if year is not None:
        qs = qs.filter(year=year)
    if town is not None:
        qs = qs.filter(town__kind="town", town__name=town)
    elif not towns:
        qs = qs.filter(town__isnull=True)
    return sorted(qs, key=lambda t: (t.year, t.town_id is not None, t.town.order if t.town_id else 0,
                                     t.town.name if t.town_id else "", t.pk))


def town_targets(year: int, codes: Iterable[str] | None = None) -> dict[tuple[str, str], list[Target]]:
    """Every town's targets of ``year`` by (town name, code), each list in the order they were set."""
    qs = Target.all_scopes.filter(year=year, town__isnull=False).select_related("town").order_by("pk")
    if codes is not None:
        qs = qs.filter(code__in=list(codes))
    out: dict[tuple[str, str], list[Target]] = {}
    for t in qs:
        out.setdefault((t.town.name, t.code), []).append(t)
    return out


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
