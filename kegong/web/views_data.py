"""Data pages: import (check, then confirm) with a progress state, import batches and rollback, downloads.

Thin views: the work is done by ``kegong.web.jobs`` (uploads and background jobs around
``kegong.imports.services.import_files``), ``kegong.figures.services.rollback_batch`` and ``kegong.imports.exports``.
Importing and rolling back need a staff account; every logged-in user may download."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kegong.core.periods import Period
from kegong.figures.selectors import latest_period
from kegong.imports.exports import EXPORT_TABLES, export_table, write_template, write_xlsx
from kegong.imports.models import ImportBatch
from kegong.imports.rollback import RollbackError, rollback_batch
from kegong.imports.services import recent_batches, rollback_line, template_enterprises
from kegong.readers.detect import source_label
from kegong.web import jobs
from kegong.web.access import requires
from kegong.web.downloads import export_filenames, xlsx_response
from kegong.web.forms import FiguresExportForm, ImportForm, TemplateForm

BATCHES_SHOWN = 200




# --- import -------------------------------------------------------------------------------------------

@requires("data.import")
@require_http_methods(["GET", "POST"])
def data_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    upload_error = None
    if request.method == "POST" and form.is_valid():
        try:
            files = jobs.store_uploads(form.cleaned_data["files"])
        except jobs.JobError as e:
            upload_error = str(e)
        else:
            job_id = jobs.start(jobs.CHECK, user_id=request.user.pk, files=files,
                                source=form.cleaned_data["source"] or None, period=form.cleaned_data["period"] or None)
            return redirect("data_import_job", job_id=job_id)
    return render(request, "web/imports.html", {"form": form, "upload_error": upload_error},
                  status=400 if request.method == "POST" else 200)


def _own_job(request, job_id: str) -> dict:
    state = jobs.get_job(job_id)
    if state is None or state["user_id"] != request.user.pk:
        raise Http404("找不到这项导入（可能已过期）")
    return state


@requires("data.import")
@require_GET
def data_import_job(request, job_id: str):
    state = _own_job(request, job_id)
    from kegong.web.views_mapping import mapping_context

    return render(request, "web/import_result.html", {
        **mapping_context(state), "job": state, "check": state["kind"] == jobs.CHECK, "finished": state["stage"] in jobs.FINISHED,
        "ok": state["stage"] == jobs.DONE, "progress_text": jobs.progress_text(state),
        "steps": jobs.steps(state), "source_label": source_label(state["source"]) if state["source"] else "自动识别",
        "can_confirm": (state["kind"] == jobs.CHECK and state["stage"] == jobs.DONE
                        and any(not r["already_imported"] for r in state["results"])),
    })


@requires("data.import")
@require_GET
def data_import_status(request, job_id: str):
    return JsonResponse(jobs.public_state(_own_job(request, job_id)), json_dumps_params={"ensure_ascii": False})


@requires("data.import")
@require_POST
def data_import_confirm(request, job_id: str):
    _own_job(request, job_id)
    try:
        new_id = jobs.confirm(job_id, request.user.pk)
    except jobs.JobError as e:
        messages.error(request, str(e))
        return redirect("data_import_job", job_id=job_id)
    return redirect("data_import_job", job_id=new_id)


# --- batches ------------------------------------------------------------------------------------------

@requires("data.batches")
@require_GET
def data_batches(request):
    rows = [(b, source_label(b.source)) for b in recent_batches(BATCHES_SHOWN)]
    return render(request, "web/batches.html", {"rows": rows, "shown": BATCHES_SHOWN})


@requires("data.rollback")
@require_http_methods(["GET", "POST"])
def data_batch_rollback(request, batch_id: int):
    batch = get_object_or_404(ImportBatch.objects.select_related("imported_by"), pk=batch_id)
    error = None
    if request.method == "POST":
        typed = request.POST.get("confirm_count", "").strip().replace(",", "")
        try:
            if typed != str(batch.figures_written):
                raise RollbackError(f"请输入这个批次写入的数据条数 {batch.figures_written} 以确认撤销")
            summary = rollback_batch(batch_id, user=request.user)
        except RollbackError as e:
            error = str(e)
        else:
            messages.success(request, rollback_line(summary))
            return redirect("data_batches")
    return render(request, "web/batch_rollback.html", {
        "batch": batch, "error": error, "source": source_label(batch.source),
        "active": batch.status == ImportBatch.Status.ACTIVE,
    }, status=409 if error else 200)


# --- downloads ----------------------------------------------------------------------------------------

def _latest_period_key() -> str:
    latest = latest_period()
    return Period.cumulative(*latest).key() if latest else ""


@requires("data.export")
@require_GET
def data_downloads(request):
    return render(request, "web/downloads.html", {
        "figures_form": FiguresExportForm(initial={"period": _latest_period_key()}),
        "template_form": TemplateForm(), "tables": EXPORT_TABLES,
    })


@requires("data.export")
@require_GET
def data_template(request):
    form = TemplateForm(request.GET)
    if not form.is_valid():
        return render(request, "web/downloads.html", {
            "figures_form": FiguresExportForm(initial={"period": _latest_period_key()}),
            "template_form": form, "tables": EXPORT_TABLES}, status=400)
    enterprises = template_enterprises() if form.cleaned_data["with_enterprises"] else []
    period = form.cleaned_data["period"]
    return xlsx_response(lambda path: write_template(path, enterprises, period), "kegong手工数据导入模板.xlsx",
                         "kegong-template.xlsx")


@requires("data.export")
@require_GET
def data_export(request, table: str):
    if table not in EXPORT_TABLES:
        raise Http404("没有这张表")
    period_text, indicator = "", ""
    if table == "figures":
        form = FiguresExportForm(request.GET)
        if not form.is_valid():
            return render(request, "web/downloads.html", {
                "figures_form": form, "template_form": TemplateForm(), "tables": EXPORT_TABLES}, status=400)
        period_text, indicator = form.cleaned_data["period"], form.cleaned_data["indicator"]
    period = Period.parse(period_text) if period_text else None
    sheet, headers, rows = export_table(table, period, indicator or None)
    filename, fallback = export_filenames(table, sheet, period.key() if period else "", indicator)
    return xlsx_response(lambda path: write_xlsx(path, [(sheet, headers, rows)]), filename, fallback)
