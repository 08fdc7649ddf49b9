"""Reading the stored world into the plain inputs of the audit rules, targets and forecasts."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Max

from kegong.enterprises.models import ScaleStatus
from kegong.figures.catalogue import BY_CODE, INDICATORS
from kegong.figures.models import MonthlyFigure
from kegong.stats.audit import EnterpriseYear, MonthRow
from kegong.stats.targets import TargetKind, TargetSpec
from kegong.targets.models import AuditConfirmation, Target


def _f(v: Decimal | None) -> float | None:
    return None if v is None else float(v)


def audit_inputs(year: int, usccs: list[str] | None = None) -> list[EnterpriseYear]:
    """Every enterprise with figures in ``year``, with all its rows of the year (the spike rule looks at
    the month after the audited one when it exists). ``above_scale`` comes from the scope status."""
    qs = MonthlyFigure.objects.filter(year=year)
    if usccs is not None:
        qs = qs.filter(enterprise__uscc__in=usccs)
    in_scope = set(ScaleStatus.objects.filter(year=year, above_scale=True).values_list("enterprise_id", flat=True))
    out: dict[int, EnterpriseYear] = {}
    rows = qs.values_list("enterprise_id", "enterprise__uscc", "enterprise__name", "indicator__code", "month",
                          "start_month", "value", "cumulative", "prior_year_value", "prior_year_cumulative")
    for ent_id, uscc, name, code, month, start, v, c, pv, pc in rows.iterator(chunk_size=5000):
        e = out.get(ent_id)
        if e is None:
            e = out[ent_id] = EnterpriseYear(uscc, name, year, above_scale=ent_id in in_scope)
        e.figures.setdefault(code, {})[month] = MonthRow(month, start, _f(v), _f(c), _f(pv), _f(pc))
    return sorted(out.values(), key=lambda e: e.uscc)


def has_month(year: int, month: int) -> bool:
    return MonthlyFigure.objects.filter(year=year, month=month).exists()


def latest_month(year: int) -> int | None:
    return MonthlyFigure.objects.filter(year=year).aggregate(m=Max("month"))["m"]


def confirmations(year: int, months: list[int] | None = None) -> dict[tuple[str, str, str, int, int], str]:
    """Recorded confirmations as finding key (rule, uscc, indicator, year, month) → note."""
    qs = AuditConfirmation.objects.filter(year=year)
    if months is not None:
        qs = qs.filter(month__in=months)
    return {(rule, uscc, code, y, m): note for rule, uscc, code, y, m, note in
            qs.values_list("rule", "enterprise__uscc", "indicator__code", "year", "month", "note")}


def target_specs(year: int) -> list[TargetSpec]:
    return [TargetSpec(t.year, t.code, t.name, TargetKind(t.kind), float(t.value), t.unit)
            for t in Target.objects.filter(year=year).order_by("pk")]


def counts(year: int) -> dict[str, float]:
    """Derived counts a target can be set on: ``new_above_scale`` (新增规上企业: entered the scope this year)."""
    n = ScaleStatus.objects.filter(year=year, above_scale=True, entered_year=year).count()
    return {"new_above_scale": float(n)}


def indicator_units() -> dict[str, str]:
    return {d.code: d.unit for d in INDICATORS}


def indicator_name(code: str) -> str:
    d = BY_CODE.get(code)
    return d.name if d else code
