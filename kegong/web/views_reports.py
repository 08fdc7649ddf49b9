"""报告 pages: make the monthly briefing or the half-year summary in the background and download it
(``reports.view`` reads and downloads, ``reports.make`` generates, edits the prose and uploads templates).

Thin views: documents are made by ``kegong.reports.services.make_report`` through ``kegong.web.report_jobs``
(progress in the cache, polled by htmx), templates are checked and kept by ``services.template_store``, the
prose saved by ``services.period_texts_save``; lists come from ``kegong.reports.selectors``."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kegong.audit.selectors import approval_of
from kegong.core.catalogue import TEXTS
from kegong.core.errors import KegongError
from kegong.core.periods import Period
from kegong.figures.selectors import latest_period
from kegong.reports import selectors, services
from kegong.reports.models import KIND_NAMES, REPORT_KINDS, ReportDocument
from kegong.web import report_jobs
from kegong.web.access import requires
from kegong.web.downloads import content_disposition

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOCUMENTS_SHOWN = 30
MAX_TEXT = 20000  # characters of one prose section


# --- forms ---------------------------------------------------------------------------------------------

class ReportForm(forms.Form):
    kind = forms.ChoiceField(label="报告", choices=REPORT_KINDS, initial="monthly", widget=forms.RadioSelect,
                             error_messages={"required": "请选择要生成的报告", "invalid_choice": "请选择要生成的报告"})
    period = forms.ChoiceField(label="期别", error_messages={
        "required": "请选择期别", "invalid_choice": "所选期别没有企业月报数据，请重新选择"})
    template = forms.ChoiceField(label="模板", required=False, error_messages={
        "invalid_choice": "所选模板已不存在（可能已被删除），请重新选择"})

    def __init__(self, *args, periods: list[Period], templates: list, **kwargs):
        super().__init__(*args, **kwargs)
        approved = {p.key() for p in periods if approval_of(p.year, p.end) is not None}
        self.fields["period"].choices = [(p.key(), f"{p.label()}{'（已审定）' if p.key() in approved else ''}")
                                         for p in periods]
        self.fields["template"].choices = [("", "默认模板")] + [(str(t.pk), str(t)) for t in templates]
        self.templates = {str(t.pk): t for t in templates}

    def clean(self):
        data = super().clean()
        t, kind = self.templates.get(data.get("template") or ""), data.get("kind")
        if t is not None and kind and t.kind != kind:
            self.add_error("template", f"模板“{t.name}”是{t.get_kind_display()}的模板，"
                                       f"请选择{KIND_NAMES[kind]}的模板或默认模板")
        data["template_row"] = t
        return data


class TextsForm(forms.Form):
    """One textarea per prose section (kegong.core.catalogue.TEXTS), labelled by its Chinese name."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for t in TEXTS:
            self.fields[t.kind] = forms.CharField(
                label=t.name, help_text=t.help, required=False, max_length=MAX_TEXT, strip=False,
                widget=forms.Textarea(attrs={"rows": 5}),
                error_messages={"max_length": f"“{t.name}”不能超过 %(limit_value)d 字（现为 %(show_value)d 字）"})


class TemplateUploadForm(forms.Form):
    name = forms.CharField(label="模板名称", max_length=100, required=False,
                           error_messages={"max_length": "模板名称不能超过 %(limit_value)d 字"},
                           widget=forms.TextInput(attrs={"placeholder": "如 简报（加领导批示栏），留空用文件名"}))
    kind = forms.ChoiceField(label="用于", choices=REPORT_KINDS, initial="monthly",
                             error_messages={"required": "请选择模板用于哪种报告", "invalid_choice": "请选择模板用于哪种报告"})
    file = forms.FileField(label="模板文件（.docx）", widget=forms.ClearableFileInput(attrs={"accept": ".docx"}),
                           error_messages={"required": "请选择要上传的模板文件（.docx）", "empty": "上传的文件是空的",
                                           "invalid": "请选择要上传的模板文件（.docx）"})

    def clean_file(self):
        f = self.cleaned_data["file"]
        try:
            services.check_upload(f.name, f.size)
        except KegongError as e:
            raise forms.ValidationError(e.message) from None
        return f


# --- 报告: make and download ----------------------------------------------------------------------------

def _reports_page(request, form: ReportForm | None, periods: list[Period], status: int = 200) -> HttpResponse:
    chosen = (form["period"].value() if form is not None else None) or (periods[0].key() if periods else "")
    period = next((p for p in periods if p.key() == chosen), None)
    approval = report_jobs.approval_line(period.year, period.end) if period else ""
    return render(request, "web/reports.html", {
        "form": form, "periods": periods, "period": period, "approval": approval,
        "approved": approval.startswith(services.APPROVED),
        "documents": selectors.recent_documents(DOCUMENTS_SHOWN), "shown": DOCUMENTS_SHOWN,
        "can_make": request.access.can("reports.make"),
    }, status=status)


def _report_form(request, data=None) -> tuple[ReportForm, list[Period]]:
    periods = selectors.report_periods()
    form = ReportForm(data, periods=periods, templates=selectors.report_templates(), initial={
        "period": periods[0].key() if periods else "", "template": request.GET.get("template", ""),
        "kind": request.GET.get("kind", "monthly")})
    return form, periods


@requires("reports.view")
@require_GET
def reports(request) -> HttpResponse:
    form, periods = _report_form(request)
    return _reports_page(request, form if request.access.can("reports.make") else None, periods)


@requires("reports.make")
@require_POST
def report_make(request) -> HttpResponse:
    form, periods = _report_form(request, request.POST)
    if not periods:
        messages.error(request, "数据库中还没有企业月报数据，请先导入")
        return redirect("reports")
    if not form.is_valid():
        return _reports_page(request, form, periods, status=400)
    d = form.cleaned_data
    period, t = Period.parse(d["period"]).as_cumulative(), d["template_row"]
    job_id = report_jobs.start(user_id=request.user.pk, kind=d["kind"], kind_name=KIND_NAMES[d["kind"]],
                               period=period.key(), period_label=period.label(),
                               template_id=t.pk if t else None, template_name=t.name if t else "默认模板",
                               approval=report_jobs.approval_line(period.year, period.end))
    return redirect("report_job", job_id=job_id)


def _own_job(request, job_id: str) -> dict:
    state = report_jobs.get_job(job_id)
    if state is None or state["user_id"] != request.user.pk:
        raise Http404("找不到这次生成（可能已过期）")
    return state


def _job_context(state: dict) -> dict:
    doc = ReportDocument.objects.filter(pk=state["document_id"]).first() if state["document_id"] else None
    approval = doc.approval if doc else state["approval"]
    return {"job": state, "finished": state["stage"] in report_jobs.FINISHED, "ok": state["stage"] == report_jobs.DONE,
            "steps": report_jobs.steps(state), "document": doc, "approval": approval,
            "approved": doc.approved if doc else approval.startswith(services.APPROVED)}


@requires("reports.make")
@require_GET
def report_job(request, job_id: str) -> HttpResponse:
    return render(request, "web/reports_job.html", _job_context(_own_job(request, job_id)))


@requires("reports.make")
@require_GET
def report_job_status(request, job_id: str) -> HttpResponse:
    """The progress box alone, for htmx to swap in (it stops polling once the job has finished)."""
    return render(request, "web/reports_progress.html", _job_context(_own_job(request, job_id)))


@requires("reports.view")
@require_GET
def report_file(request, doc_id: int) -> FileResponse:
    doc = get_object_or_404(ReportDocument, pk=doc_id)
    path = services.data_path(doc.path)
    if not path.is_file():
        raise Http404("报告文件已不在数据目录中，请重新生成")
    response = FileResponse(open(path, "rb"), content_type=DOCX)  # noqa: SIM115 - closed by the response
    response["Content-Disposition"] = content_disposition(
        doc.filename, f"kegong-{doc.kind}-{doc.year}-{doc.month:02d}.docx")
    return response


# --- 报告文字 ------------------------------------------------------------------------------------------

def _period_of(text: str) -> Period:
    return Period.parse(text).as_cumulative()


@requires("reports.make")
@require_GET
def report_texts(request) -> HttpResponse:
    text = request.GET.get("period", "").strip()
    try:
        if text:
            return redirect("report_texts_period", period=_period_of(text).key())
    except KegongError as e:
        return render(request, "web/reports_texts.html", {"error": e.message, "period_value": text}, status=400)
    latest = latest_period()
    if latest is None:
        return render(request, "web/reports_texts.html", {"error": "数据库中还没有企业月报数据；请在上面选择期别"})
    return redirect("report_texts_period", period=Period.cumulative(*latest).key())


def _sections(form: TextsForm, year: int, month: int) -> list[dict]:
    """Each section's field with where its text came from (own: who and when; else the period started from)."""
    values, rows = selectors.texts_for(year, month), selectors.period_text_rows(year, month)
    return [{"field": form[t.kind], "value": values[t.kind], "row": rows.get(t.kind)} for t in TEXTS]


@requires("reports.make")
@require_http_methods(["GET", "POST"])
def report_texts_period(request, period: str) -> HttpResponse:
    try:
        p = _period_of(period)
    except KegongError as e:
        return render(request, "web/reports_texts.html", {"error": e.message, "period_value": period}, status=400)
    if request.method == "POST":
        form = TextsForm(request.POST)
        if form.is_valid():
            saved = services.period_texts_save(year=p.year, month=p.end, texts=form.cleaned_data, user=request.user)
            messages.success(request, f"已保存 {p.label()} 的文字材料" + (f"（{len(saved)} 栏有改动）" if saved else "（没有改动）"))
            return redirect("report_texts_period", period=p.key())
    else:
        form = TextsForm(initial={k: v.text for k, v in selectors.texts_for(p.year, p.end).items()})
    sections = _sections(form, p.year, p.end)
    started = sorted({s["value"].from_period for s in sections if s["value"].source == "carried"})
    return render(request, "web/reports_texts.html", {
        "form": form, "period": p, "period_value": p.key(), "sections": sections, "started_from": started,
        "defaulted": [s["field"].label for s in sections if s["value"].source == "default"],
    }, status=400 if form.errors else 200)


# --- 报告模板 ------------------------------------------------------------------------------------------

@requires("reports.make")
@require_http_methods(["GET", "POST"])
def report_template(request) -> HttpResponse:
    form = TemplateUploadForm(request.POST or None, request.FILES or None)
    check_error = ""
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            t = services.template_store(name=d["name"], kind=d["kind"], upload=d["file"], user=request.user)
        except KegongError as e:
            check_error = e.message
        else:
            messages.success(request, f"模板“{t.name}”已通过检查并保存，可在“生成报告”中选用")
            return redirect(reverse("reports") + "?" + urlencode({"template": t.pk, "kind": t.kind}))
    return render(request, "web/reports_template.html", {
        "form": form, "check_error": check_error, "templates": selectors.report_templates(), "kinds": REPORT_KINDS,
        "max_size": services.size_text(services.MAX_TEMPLATE_BYTES),
    }, status=400 if request.method == "POST" else 200)


@requires("reports.make")
@require_GET
def report_template_default(request, kind: str) -> FileResponse:
    """The built-in template of ``kind``, to change in Word and upload again (kegong report template)."""
    if kind not in KIND_NAMES:
        raise Http404("没有这种报告")
    from kegong.reports.writer import default_template

    response = FileResponse(open(default_template(kind), "rb"), content_type=DOCX)  # noqa: SIM115
    response["Content-Disposition"] = content_disposition(f"{KIND_NAMES[kind]}模板.docx", f"kegong-{kind}-template.docx")
    return response

