"""数据审核 (``audit.view``; confirming a soft finding needs ``audit.confirm``) and 期别审定
(``period.approve``): thin views over ``kegong.audit.services`` (run_audit, confirm_finding),
``kegong.audit.approval`` (period_approve, period_unlock) and ``kegong.audit.selectors``.

A town user sees the findings of its own firms only."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.timezone import localtime
from django.views.decorators.http import require_GET, require_POST

from kegong.audit import selectors
from kegong.audit.approval import audit_left, period_approve, period_unlock
from kegong.audit.services import confirm_finding, run_audit
from kegong.core.catalogue import indicator_name
from kegong.core.errors import DataError, KegongError
from kegong.core.numbers import fmt
from kegong.core.periods import Period
from kegong.core.stats.audit import Finding, Severity, summary
from kegong.enterprises.models import Enterprise
from kegong.figures.selectors import latest_period
from kegong.web.access import requires
from kegong.web.record_checks import record_confirm, record_section

SHOWN = 500
FIGURE_LABELS = {
    "value": "本月", "cumulative": "累计", "prior_cumulative": "上年同期", "growth": "增速%", "missing_months": "缺报月份",
    "sum_of_months": "各月之和", "implied_missing": "缺报差额", "difference": "差额", "months": "月数",
    "sales_output": "销售产值", "gross_output": "总产值", "ratio": "倍数", "per_month": "月均",
    "neighbours": "相邻月份", "gross_output_growth": "产值增速%", "electricity_growth": "用电增速%",
    "annualised": "年化",
}
FILTERS = {"all": "全部", "hard": "强制性", "soft": "提示性", "open": "待确认"}


def chosen_period(text: str) -> Period:
    """The reporting month of ``?period=`` (2026-06, 2026年1-6月 …), by default the latest with figures."""
    text = (text or "").strip()
    if text:
        p = Period.parse(text)
        return Period.cumulative(p.year, p.end) if p.is_month else p.require_cumulative()
    latest = latest_period()
    if latest is None:
        raise DataError("数据库中还没有企业月报数据，请先导入")
    return Period.cumulative(*latest)


def _figures_text(figures: dict) -> str:
    parts = []
    for k, v in figures.items():
        if isinstance(v, dict):
            v = "、".join(f"{a} {fmt(b)}" for a, b in v.items())
        elif isinstance(v, list):
            v = "、".join(str(x) for x in v)
        elif isinstance(v, float):
            v = fmt(v)
        parts.append(f"{FIGURE_LABELS.get(k, k)} {v}")
    return "；".join(parts)


def _visible(acc, findings: list[Finding]) -> list[Finding]:
    if acc.reads_all:
        return findings
    mine = set(Enterprise.objects.filter(acc.enterprise_q()).values_list("uscc", flat=True))
    return [f for f in findings if f.uscc in mine]


def _keep(f: Finding, show: str) -> bool:
    soft = f.severity is Severity.SOFT
    return {"hard": not soft, "soft": soft, "open": soft and not f.confirmed}.get(show, True)


def _rows(findings: list[Finding], period: Period) -> list[dict]:
    details = selectors.confirmation_details(period.year, [period.end])
    return [{"f": f, "indicator": indicator_name(f.indicator), "figures": _figures_text(f.figures),
             "soft": f.severity is Severity.SOFT, "confirmation": details.get(f.key) if f.confirmed else None}
            for f in findings]


@requires("audit.view")
@require_GET
def data_audit(request) -> HttpResponse:
    show = request.GET.get("show", "all") if request.GET.get("show") in FILTERS else "all"
    ctx = {"filters": FILTERS, "show": show, "period_value": request.GET.get("period", "")}
    try:
        period = chosen_period(request.GET.get("period", ""))
    except KegongError as e:
        return render(request, "web/audit.html", {**ctx, "error": e.message}, status=400)
    ctx.update(period=period, period_value=f"{period.year}-{period.end:02d}",
               can_confirm=request.access.can("audit.confirm"))
    ctx.update(record_section(request, period, show))  # 台账核对: the ledgers' checks, whatever the figures
    try:
        months = selectors.audit_months(period.year, period.end)
        found = _visible(request.access, run_audit(period.year, months))
    except KegongError as e:
        return render(request, "web/audit.html", {**ctx, "error": e.message}, status=400)
    kept = [f for f in found if _keep(f, show)]
    return render(request, "web/audit.html", {
        **ctx, "period": period, "period_value": f"{period.year}-{period.end:02d}", "counts": summary(found),
        "rows": _rows(kept[:SHOWN], period), "more": max(len(kept) - SHOWN, 0),
        "can_confirm": request.access.can("audit.confirm"),
    })


@requires("audit.confirm")
@require_POST
def data_audit_confirm(request) -> HttpResponse:
    p = request.POST
    back = reverse("data_audit") + "?" + urlencode({"period": p.get("period", ""), "show": p.get("show", "all")})
    if p.get("kind") == "record":  # a note on a 台账核对 finding (kegong.web.record_checks)
        return record_confirm(request, back)
    ent = Enterprise.objects.filter(uscc=p.get("uscc", "").strip().upper()).first()
    if ent is None or not request.access.may_read(ent):
        raise Http404("找不到这家企业")
    try:
        period = chosen_period(p.get("period", ""))
        f, replaced = confirm_finding(period, ent.uscc, p.get("rule", ""), p.get("note", ""),
                                      indicator=p.get("indicator") or None, user=request.user.get_username())
    except KegongError as e:
        messages.error(request, f"未确认：{e.message}")
    else:
        messages.success(request, f"{'已更新确认' if replaced else '已确认'}：{f.enterprise} {f.rule} {f.message}")
    return HttpResponseRedirect(back)


# --- 期别审定 -----------------------------------------------------------------------------------------

def _approval_context(period_text: str) -> dict:
    ctx: dict = {"history": selectors.approval_history(), "period_value": period_text}
    try:
        period = chosen_period(period_text)
    except KegongError as e:
        return {**ctx, "error": e.message}
    ctx.update(period=period, period_value=f"{period.year}-{period.end:02d}",
               standing=selectors.approval_of(period.year, period.end))
    if selectors.has_month(period.year, period.end):
        ctx["counts"] = audit_left(period)
    return ctx


@requires("period.approve")
@require_GET
def data_approval(request) -> HttpResponse:
    ctx = _approval_context(request.GET.get("period", ""))
    return render(request, "web/approval.html", ctx, status=400 if "error" in ctx else 200)


def _back_to_approval(period: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("data_approval") + ("?" + urlencode({"period": period}) if period else ""))


@requires("period.approve")
@require_POST
def data_approval_approve(request) -> HttpResponse:
    text = request.POST.get("period", "")
    try:
        period = chosen_period(text)
        a = period_approve(year=period.year, month=period.end, user=request.user, note=request.POST.get("note", ""),
                           accept_findings=request.POST.get("accept_findings") == "1")
    except KegongError as e:
        messages.error(request, f"未审定：{e.message}")
    else:
        messages.success(request, f"已审定 {period.label()}（{a.approved_by_name}，{localtime(a.approved_at):%Y-%m-%d %H:%M}）；"
                                  "该期数据已锁定")
    return _back_to_approval(text)


@requires("period.approve")
@require_POST
def data_approval_unlock(request) -> HttpResponse:
    text = request.POST.get("period", "")
    try:
        period = chosen_period(text)
        period_unlock(year=period.year, month=period.end, user=request.user, reason=request.POST.get("reason", ""))
    except KegongError as e:
        messages.error(request, f"未解锁：{e.message}")
    else:
        messages.success(request, f"已解锁 {period.label()}，理由已记录；修改后可重新审定")
    return _back_to_approval(text)
