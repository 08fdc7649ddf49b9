"""数据审核: running the audit rules over the stored figures and recording confirmations of soft findings."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils import timezone

from kegong.audit import selectors
from kegong.audit.models import AuditConfirmation, RecordAuditNote
from kegong.core.catalogue import BY_CODE
from kegong.core.errors import InputError
from kegong.core.periods import Period
from kegong.core.stats.audit import RULES_BY_CODE, Finding, Severity, audit
from kegong.core.stats.record_audit import RecordFinding
from kegong.enterprises.models import Enterprise
from kegong.figures.models import Indicator


def run_audit(year: int, months: list[int]) -> list[Finding]:
    """Findings for each reporting month in ``months`` of ``year``, with recorded confirmations applied."""
    ents = selectors.audit_inputs(year)
    conf = selectors.confirmations(year, months)
    out: list[Finding] = []
    for m in months:
        out.extend(audit(ents, m, confirmations=conf))
    return out


def confirm_finding(period: Period, uscc: str, rule: str, note: str, *, indicator: str | None = None,
                    user: str = "") -> tuple[Finding, bool]:
    """Record a note confirming a soft finding of ``period``'s reporting month; returns the finding and
    whether an earlier note was replaced. The finding must exist now (the audit is run for this enterprise)."""
    rule = rule.strip().upper()
    r = RULES_BY_CODE.get(rule)
    if r is None:
        raise InputError(f"审核规则“{rule}”不存在（可用：{'、'.join(RULES_BY_CODE)}）")
    if r.severity is Severity.HARD:
        raise InputError(f"{rule}（{r.title}）是强制性审核问题，不能确认，须更正数据后重新导入")
    if not note.strip():
        raise InputError("确认说明不能为空，请用 --note 写明数据属实的原因")
    ent = Enterprise.objects.filter(uscc=uscc.strip().upper()).first()
    if ent is None:
        raise InputError(f"没有统一社会信用代码为“{uscc}”的企业")
    year, month = period.year, period.end
    found = [f for f in audit(selectors.audit_inputs(year, [ent.uscc]), month)
             if f.rule == rule and (indicator is None or f.indicator == indicator)]
    label = Period.cumulative(year, month).reporting_month().label()
    if not found:
        what = f"{BY_CODE[indicator].name}" if indicator in BY_CODE else (indicator or "")
        raise InputError(f"{ent.name} {label}{what}没有 {rule}（{r.title}）审核问题，无需确认")
    if len(found) > 1:
        codes = "、".join(f.indicator for f in found)
        raise InputError(f"{ent.name} {label}有多个指标触发 {rule}（{codes}），请用 --indicator 指定其一")
    f = found[0]
    User = get_user_model()
    account = User.objects.filter(username=user).first() if user else None
    _, created = AuditConfirmation.objects.update_or_create(
        enterprise=ent, indicator=Indicator.objects.get(code=f.indicator), year=year, month=month, rule=rule,
        defaults={"note": note.strip(), "user": account, "confirmed_by": user})
    return f, not created


# --- 台账核对: notes on record findings ------------------------------------------------------------------

def record_finding_confirm(*, rule: str, subject: str, year: int, month: int, note: str,
                           user=None) -> tuple[RecordFinding, bool]:
    """Record a note on a soft 台账核对 finding (the records are right as entered, or why a cumulative was
    corrected lower); returns the finding and whether an earlier note was replaced. The finding must exist
    now; a hard one cannot be confirmed (the records must change)."""
    from kegong.audit import records
    from kegong.core.rules.record_audit import RULES_BY_CODE as RECORD_RULES

    rule = rule.strip().upper()
    r = RECORD_RULES.get(rule)
    if r is None:
        raise InputError(f"台账核对规则“{rule}”不存在（可用：{'、'.join(RECORD_RULES)}）")
    if r.severity is Severity.HARD:
        raise InputError(f"{rule}（{r.title}）是强制性核对问题，不能确认，须修改台账记录")
    if not note.strip():
        raise InputError("说明不能为空，请写明数据属实或更正的原因")
    key = (rule, subject, int(year), int(month))
    found = [f for f in records.record_findings(int(year), int(month) or 12, rules=(r,)) if f.key == key]
    if not found:
        raise InputError(f"{year}年没有 {rule}（{r.title}）的这条核对问题（{subject}），无需说明")
    User = get_user_model()
    name = user.get_username() if user is not None and hasattr(user, "get_username") else str(user or "")
    account = user if isinstance(user, User) else User.objects.filter(username=name).first() if name else None
    row, created = RecordAuditNote.objects.get_or_create(rule=rule, subject=subject, year=year, month=month)
    replaced = not created and bool(row.note)
    row.note, row.user, row.confirmed_by, row.confirmed_at = note.strip(), account, name, timezone.now()
    row.save()
    return found[0], replaced


def record_corrections_save(*, findings: list[RecordFinding], user=None) -> int:
    """Keep the corrections seen when a record was saved (a cumulative lowered by the edit) until a note
    says why; a later lowering at the same place asks for a new note. Returns how many were kept."""
    kept = 0
    for f in findings:
        if not f.correction:
            continue
        RecordAuditNote.objects.update_or_create(
            rule=f.rule, subject=f.subject, year=f.year, month=f.month,
            defaults={"correction": True, "message": f.message[:500], "measures": ",".join(f.measures),
                      "months": ",".join(str(m) for m in f.months),
                      "values": {"shown": f.values, "before": f.before}, "note": "",
                      "confirmed_at": None, "confirmed_by": "",
                      "user": user if getattr(user, "is_authenticated", False) else None})
        kept += 1
    return kept
