"""Reading the stored figures into the plain inputs of the audit rules, and the recorded confirmations."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Max

from kegong.audit.models import AuditConfirmation
from kegong.core.stats.audit import EnterpriseYear, MonthRow
from kegong.enterprises.models import ScaleStatus
from kegong.figures.models import MonthlyFigure


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


def audit_months(year: int, month: int, all_months: bool = False) -> list[int]:
    """The reporting months an audit of (year, month) covers — that month, or with ``all_months`` every
    month of the year up to it that has figures; a month without figures is a clear error."""
    from kegong.core.errors import InputError

    if not has_month(year, month):
        latest = latest_month(year)
        if month == 1 and has_month(year, 2):
            raise InputError(f"{year}年1月与2月合并报送，请审核 {year}-02（1-2月）")
        tail = f"（{year}年数据截至 {latest} 月）" if latest else f"（数据库中没有 {year} 年的月度数据）"
        raise InputError(f"没有 {year}年{month}月 的企业月报数据{tail}")
    return [m for m in range(2, month + 1) if has_month(year, m)] if all_months else [month]
