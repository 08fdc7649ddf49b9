"""数据审核: running the audit rules over the stored figures and recording confirmations of soft findings."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from kegong.audit import selectors
from kegong.audit.models import AuditConfirmation
from kegong.core.catalogue import BY_CODE
from kegong.core.errors import InputError
from kegong.core.periods import Period
from kegong.core.stats.audit import RULES_BY_CODE, Finding, Severity, audit
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
