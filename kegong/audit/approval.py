"""期别审定: approving a cumulative period once its audit is clean, and unlocking it (with a reason).

While an approval of 1-M月 stands, the figures of months 1..M of that year are locked: every write of
figures asks :func:`kegong.figures.locks.check_writable` first, and :func:`refuse_locked` (connected when
the app is ready) answers with the period's name. Who approved or unlocked, when, and why, is kept.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from kegong.admin_log import record
from kegong.audit import selectors
from kegong.audit.models import PeriodApproval
from kegong.core.errors import InputError
from kegong.core.periods import Period
from kegong.core.stats.audit import audit, summary


class ApprovalError(InputError):
    """A period that cannot be approved or unlocked as asked; the message is Chinese."""


def locked_message(approvals: list[selectors.Approval]) -> str:
    names = "、".join(a.label for a in approvals)
    return f"{names}数据已审定锁定，如需修改请先解锁（需填写理由）"


def refuse_locked(sender, months: frozenset[tuple[int, int]], **kwargs) -> str | None:
    """The receiver of ``figures_changing``: the reason the months may not change, or None."""
    hits = selectors.approvals_covering(months)
    return locked_message(hits) if hits else None


def _who(user) -> str:
    if user is None:
        return ""
    return (user.get_full_name() or user.get_username())[:50]


def _period(year: int, month: int) -> Period:
    p = Period.cumulative(year, month)
    if not selectors.has_month(year, month):
        raise ApprovalError(f"没有 {p.label()} 的企业月报数据，不能审定")
    return p


def audit_left(p: Period) -> dict[str, int]:
    """What the audit of the period's reporting month still shows: hard findings, unconfirmed soft ones."""
    found = audit(selectors.audit_inputs(p.year), p.end, confirmations=selectors.confirmations(p.year, [p.end]))
    return summary(found)


def _audit_note(p: Period, accept_findings: bool) -> str:
    """A period is approved once checked: with hard findings or unconfirmed soft ones left, only when the
    approver says so (``accept_findings``), and the counts are kept with the approval."""
    s = audit_left(p)
    if not (s["hard"] or s["unconfirmed"]):
        return ""
    left = f"强制性问题 {s['hard']} 条、提示性疑点待确认 {s['unconfirmed']} 条"
    if not accept_findings:
        raise ApprovalError(f"{p.label()}的数据审核尚有{left}。请先在“数据审核”中处理；如确需审定，请勾选"
                            "“审核问题已知悉，仍然审定”")
    return f"审定时审核尚有{left}（审定人已知悉）"


@transaction.atomic
def period_approve(*, year: int, month: int, user=None, note: str = "", accept_findings: bool = False
                   ) -> PeriodApproval:
    """Approve 1-``month``月 of ``year``: recorded with who and when; its months are locked from now on."""
    p = _period(year, month)
    if selectors.approval_of(year, month) is not None:
        raise ApprovalError(f"{p.label()}已经审定过了")
    note = "\n".join(x for x in (note.strip(), _audit_note(p, accept_findings)) if x)
    try:
        with transaction.atomic():
            a = PeriodApproval.objects.create(year=year, month=month, note=note, approved_by=user,
                                              approved_by_name=_who(user), approved_at=timezone.now())
    except IntegrityError:  # approved at the same moment by someone else
        raise ApprovalError(f"{p.label()}已经审定过了") from None
    record("approve", user=user, what=f"审定{p.label()}" + (f"：{note}" if note else ""))
    return a


@transaction.atomic
def period_unlock(*, year: int, month: int, reason: str, user=None) -> PeriodApproval:
    """Unlock an approved period; the reason is required and kept with who and when."""
    label = Period.cumulative(year, month).label()
    if not (reason or "").strip():
        raise ApprovalError(f"解锁{label}须填写理由")
    a = (PeriodApproval.objects.select_for_update()
         .filter(year=year, month=month, unlocked_at__isnull=True).first())
    if a is None:
        raise ApprovalError(f"{label}没有审定，无需解锁")
    a.unlocked_by, a.unlocked_by_name, a.unlocked_at = user, _who(user), timezone.now()
    a.unlock_reason = reason.strip()
    a.save(update_fields=["unlocked_by", "unlocked_by_name", "unlocked_at", "unlock_reason"])
    record("unlock", user=user, what=f"解锁{label}：{a.unlock_reason}")
    return a
