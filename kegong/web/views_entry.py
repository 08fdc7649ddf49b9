"""手工录入 (``figures.enter``): pick an enterprise the user may enter for and a month, see what is stored,
correct or complete it, save — validated as an import of the kegong template, written as a batch
(``kegong.imports.entry.save_entry``), then the audit rules run on that enterprise-month.

An enterprise reporter goes straight to their own firm; any other enterprise, by URL or by the form's
hidden field, is a 404 and nothing is written. Once a firm has a reporter account (联网直报) the bureau's
staff may see its figures but not overwrite them."""

from __future__ import annotations

from collections.abc import Mapping

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from kegong.accounts.models import Account
from kegong.audit.selectors import approvals_covering, enterprise_findings
from kegong.core import access
from kegong.core.catalogue import INDICATORS, SOURCES
from kegong.core.errors import KegongError
from kegong.core.numbers import fmt_plain
from kegong.core.periods import Period, PeriodError
from kegong.core.stats.audit import summary
from kegong.enterprises.models import Enterprise
from kegong.figures.selectors import latest_period
from kegong.figures.services import EditConflict, entry_version, save_if_unchanged
from kegong.imports.entry import FIELD_LABELS, EntryError, save_entry, stored_entry
from kegong.readers.template import VALUE_KEYS
from kegong.web.access import requires

PICKER_SHOWN = 30
DIRECT = ("{name}已开通企业填报员账号（联网直报），其数据由企业本人填报；局内人员可以查看，不能修改。"
          "如数据有误，请联系企业更正")


def _own_firm(acc) -> bool:
    return acc.entry == access.SCOPE_ENTERPRISE


def _enterprise(acc, uscc: str) -> Enterprise | None:
    """The enterprise asked for (None: none asked and none implied); 404 outside the user's entry scope."""
    uscc = (uscc or "").strip().upper()
    if not uscc:
        return Enterprise.objects.filter(pk=acc.enterprise_id).first() if _own_firm(acc) else None
    e = Enterprise.objects.filter(acc.entry_q(), uscc=uscc).first()
    if e is None or not acc.may_enter(e):
        raise Http404("找不到这家企业，或它不在您的填报范围内")
    return e


def _month(text: str) -> tuple[int, int]:
    """The reporting month typed (2026-06, 2026年6月, 2026年1-2月) or, by default, the latest with figures."""
    text = (text or "").strip()
    if not text:
        latest = latest_period()
        if latest:
            return latest
        today = timezone.localdate()  # nothing stored yet: last month
        return (today.year, today.month - 1) if today.month > 2 else (today.year - 1, 12)
    p = Period.parse(text)
    if not (p.is_month or p.is_cumulative):
        raise PeriodError(f"{p.label()} 不是一个报告月份，请选择月份，如 2026-06")
    return p.year, p.end


def reports_directly(e: Enterprise) -> bool:
    """Whether the firm has an enterprise reporter account (then only that reporter changes its figures)."""
    return Account.objects.filter(role=access.ENTERPRISE, enterprise=e).exists()


def _raw(post: Mapping[str, str]) -> dict[str, dict[str, str]]:
    return {d.code: {k: post.get(f"{d.code}__{k}", "") for k in VALUE_KEYS} for d in INDICATORS}


def _rows(e: Enterprise, year: int, month: int, typed: dict | None, errors: dict) -> list[dict]:
    stored = stored_entry(e.pk, year, month)
    out = []
    for d in INDICATORS:
        s = stored.get(d.code)
        fields = []
        for k in VALUE_KEYS:
            if typed is not None:
                value = typed[d.code][k]
            else:
                value = "" if s is None or s.values[k] is None else fmt_plain(s.values[k], 4)
            fields.append({"name": f"{d.code}__{k}", "label": FIELD_LABELS[k], "value": value,
                           "error": errors.get((d.code, k), "")})
        row_error = errors.get((d.code, ""), "")
        out.append({"code": d.code, "name": d.name, "unit": d.unit, "fields": fields, "error": row_error,
                    "source": SOURCES.get(s.source, s.source) if s and s.source else ""})
    return out


def _context(acc, e: Enterprise, year: int, month: int, typed=None, errors=None) -> dict:
    errors = errors or {}
    period = Period.reporting(year, month)
    direct = reports_directly(e)
    locks = approvals_covering([(year, month)])
    findings = enterprise_findings(e.uscc, year, month)
    return {
        "enterprise": e, "period": period, "period_value": f"{year}-{month:02d}", "own_firm": _own_firm(acc),
        "rows": _rows(e, year, month, typed, errors), "form_error": errors.get(("", ""), ""),
        "readonly": direct and acc.enterprise_id != e.pk, "direct_message": DIRECT.format(name=e.name),
        "locks": locks, "findings": findings, "counts": summary(findings), "has_errors": bool(errors),
        "version": entry_version(enterprise_id=e.pk, year=year, month=month),
    }


def _picker(request, error: str = "", status: int = 200) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    qs = Enterprise.objects.filter(request.access.entry_q()).order_by("name")
    if q:
        qs = qs.filter(name__icontains=q) | qs.filter(uscc__icontains=q.upper())
    found = list(qs.select_related("town")[:PICKER_SHOWN + 1])
    return render(request, "web/entry_pick.html", {
        "q": q, "found": found[:PICKER_SHOWN], "more": len(found) > PICKER_SHOWN, "error": error,
        "period_value": request.GET.get("period", ""),
    }, status=status)


def _entry_url(e: Enterprise, year: int, month: int) -> str:
    return reverse("data_entry") + "?" + urlencode({"enterprise": e.uscc, "period": f"{year}-{month:02d}"})


@requires("figures.enter")
@require_http_methods(["GET", "POST"])
def data_entry(request) -> HttpResponse:
    acc = request.access
    data = request.POST if request.method == "POST" else request.GET
    e = _enterprise(acc, data.get("enterprise", ""))
    if e is None:
        return _picker(request)
    try:
        year, month = _month(data.get("period", ""))
    except PeriodError as err:
        if request.method == "POST":
            return render(request, "web/entry.html", {**_context(acc, e, *_month("")), "bad_period": str(err)},
                          status=400)
        return _picker(request, str(err), status=400)
    if request.method == "POST":
        return _save(request, e, year, month)
    return render(request, "web/entry.html", _context(acc, e, year, month))


def _kept(version: str | None) -> dict:
    """The posted version, for a form shown again with the typed values (not what is stored by now: a save
    from the corrected form must still be refused if someone else changed the month meanwhile)."""
    return {} if version is None else {"version": version}


def _save(request, e: Enterprise, year: int, month: int) -> HttpResponse:
    acc = request.access
    ctx = _context(acc, e, year, month)
    if ctx["readonly"]:
        return render(request, "web/entry.html", {**ctx, "refused": ctx["direct_message"]}, status=403)
    typed = _raw(request.POST)
    version = request.POST.get("version")  # what the form was shown with; absent from a client without it

    def save():
        return save_entry(enterprise=e, year=year, month=month, raw=typed, user=request.user)

    try:
        written = save() if version is None else save_if_unchanged(
            enterprise_id=e.pk, year=year, month=month, version=version, save=save)
    except EditConflict as err:  # someone else changed the month meanwhile: show what is stored now
        return render(request, "web/entry.html", {**_context(acc, e, year, month), "refused": err.message},
                      status=409)
    except EntryError as err:  # the typed values shown again keep the version they were typed against
        return render(request, "web/entry.html", {**_context(acc, e, year, month, typed, err.errors),
                                                  **_kept(version)}, status=400)
    except KegongError as err:  # an approved (locked) month, or anything else the write path refuses
        return render(request, "web/entry.html", {**_context(acc, e, year, month, typed), "refused": err.message,
                                                  **_kept(version)}, status=409)
    label = Period.reporting(year, month).label()
    if written is None:
        messages.info(request, f"{e.name} {label}的数据没有变化，未写入")
    else:
        counts = summary(enterprise_findings(e.uscc, year, month))
        messages.success(request, f"已保存 {e.name} {label}的数据：写入 {written.figures_written} 条（批次 "
                                  f"{written.batch_id}）。审核：强制性问题 {counts['hard']} 条，提示性疑点 "
                                  f"{counts['soft']} 条")
    return HttpResponseRedirect(_entry_url(e, year, month))
