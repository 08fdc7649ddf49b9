"""Reading the stored figures into the plain inputs of the audit rules, the recorded confirmations and the
period approvals (``approval_of``: whether a period was approved)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Max, Q

from kegong.audit.models import AuditConfirmation, PeriodApproval
from kegong.core.periods import Period
from kegong.core.stats.audit import EnterpriseYear, Finding, MonthRow, audit
from kegong.enterprises.models import ScaleStatus
from kegong.figures.models import MonthlyFigure


def _f(v: Decimal | None) -> float | None:
    return None if v is None else float(v)


def audit_inputs(year: int, usccs: list[str] | None = None) -> list[EnterpriseYear]:
    """Every enterprise with figures in ``year``, with all its rows of the year (the spike rule looks at
    the month after the audited one when it exists). ``above_scale`` comes from the scope status."""
    qs = MonthlyFigure.objects.filter(year=year)
    statuses = ScaleStatus.objects.filter(year=year, above_scale=True)
    if usccs is not None:  # a few firms (an enterprise's page, an entry): read only their statuses
        qs = qs.filter(enterprise__uscc__in=usccs)
        statuses = statuses.filter(enterprise__uscc__in=usccs)
    in_scope = set(statuses.values_list("enterprise_id", flat=True))
    out: dict[int, EnterpriseYear] = {}
    rows = qs.values_list("enterprise_id", "enterprise__uscc", "enterprise__name", "indicator__code", "month",
                          "start_month", "value", "cumulative", "prior_year_value", "prior_year_cumulative")
    # the whole county streams in chunks; a few firms' rows come in one fetch (PostgreSQL's server-side cursor
    # costs three round trips: a third of an enterprise page's database time)
    for ent_id, uscc, name, code, month, start, v, c, pv, pc in (
            rows if usccs is not None else rows.iterator(chunk_size=5000)):
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


# --- confirmations in full, one enterprise's findings ------------------------------------------------------

@dataclass(frozen=True)
class ConfirmationInfo:
    note: str
    by: str
    at: datetime


def confirmation_details(year: int, months: list[int] | None = None
                         ) -> dict[tuple[str, str, str, int, int], ConfirmationInfo]:
    """Recorded confirmations as finding key → the note, who recorded it and when."""
    qs = AuditConfirmation.objects.filter(year=year).select_related("user")
    if months is not None:
        qs = qs.filter(month__in=months)
    rows = qs.values_list("rule", "enterprise__uscc", "indicator__code", "year", "month", "note", "confirmed_by",
                          "user__first_name", "confirmed_at")
    return {(rule, uscc, code, y, m): ConfirmationInfo(note, full or by, at)
            for rule, uscc, code, y, m, note, by, full, at in rows}


def enterprise_findings(uscc: str, year: int, month: int) -> list[Finding]:
    """The audit rules run on one enterprise at one reporting month, recorded confirmations applied."""
    return audit(audit_inputs(year, [uscc]), month, confirmations=confirmations(year, [month]))


# --- period approvals (审定) ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Approval:
    """A standing approval of the cumulative period 1-``month``月 of ``year`` (its months are locked)."""

    year: int
    month: int
    approved_by: str
    approved_at: datetime
    note: str

    @property
    def period(self) -> Period:
        return Period.cumulative(self.year, self.month)

    @property
    def label(self) -> str:
        return self.period.label()


def _approval(a: PeriodApproval) -> Approval:
    return Approval(a.year, a.month, a.approved_by_name, a.approved_at, a.note)


def approval_of(year: int, month: int) -> Approval | None:
    """The standing approval of 1-``month``月 of ``year`` (who, when), or None: never approved, or unlocked
    since (reports say whether their period was approved)."""
    a = PeriodApproval.objects.filter(year=year, month=month, unlocked_at__isnull=True).first()
    return None if a is None else _approval(a)


def approvals_covering(months: Iterable[tuple[int, int]]) -> list[Approval]:
    """The standing approvals that lock any of ``months`` ((year, month); approving 1-M月 locks 1..M)."""
    first: dict[int, int] = {}
    for y, m in months:
        first[int(y)] = min(int(m), first.get(int(y), 12))
    if not first:
        return []
    q = Q(pk__in=[])
    for y, m in first.items():
        q |= Q(year=y, month__gte=m)
    return [_approval(a) for a in PeriodApproval.objects.filter(q, unlocked_at__isnull=True).order_by("year", "month")]


def approval_history(limit: int = 100) -> list[PeriodApproval]:
    """Every approval, standing or unlocked, newest first."""
    return list(PeriodApproval.objects.order_by("-approved_at", "-pk")[:limit])
