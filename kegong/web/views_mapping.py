"""The mapping step of an import and the import profiles page (导入方案).

A check that fails on columns kegong cannot place shows each column with what kegong made of it; the user
assigns the rest (indicator, which of the four columns, unit) or ignores them and names the mapping; it is
saved as an import profile and the check runs again — the next file of the same layout goes through with
it. A check refused for a 合计 that does not add up, or for new towns, is re-run here with the user's
explicit choice (the reason is recorded on the batch). Thin: the work is in ``kegong.imports.profiles``."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from kegong.core.catalogue import indicator_name
from kegong.core.errors import KegongError
from kegong.imports.profiles import profile_delete, profile_rename, profile_save, profiles_all
from kegong.readers import vocabulary
from kegong.readers.mapping import (
    IGNORE,
    PARTS,
    UNPLACED,
    Assign,
    ColumnMapping,
    Placement,
    SheetColumns,
    describe_assign,
    unit_of,
)
from kegong.web import jobs
from kegong.web.access import requires
from kegong.web.views_data import _own_job

SOURCE = "tongji"


def sheet_columns(state: dict) -> list[SheetColumns]:
    return [SheetColumns(c["file"], c["sheet"], c["fingerprint"], c["header_row"],
                         tuple(Placement(**p) for p in c["placements"])) for c in state.get("columns") or []]


def field_choices() -> list[tuple[str, str]]:
    ids = [(f.key, f.label) for f in vocabulary.fields(SOURCE, vocabulary.ID)]
    inds = [(f.key, indicator_name(f.key)) for f in vocabulary.fields(SOURCE, vocabulary.INDICATOR)]
    return [("", "请选择…"), (IGNORE, "忽略此列（不导入）"), *inds, *ids]


def part_choices() -> list[tuple[str, str]]:
    return [("", "—"), *((k, vocabulary.label(SOURCE, k)) for k in PARTS)]


def mapping_context(state: dict) -> dict:
    """What the result page needs to show the mapping form and the choices to re-check with."""
    messages_ = [e["message"] for e in state.get("errors") or []]
    return {"sheets": sheet_columns(state), "field_choices": field_choices(), "part_choices": part_choices(),
            "totals_refused": any(jobs.TOTALS_REFUSED.search(m) for m in messages_),
            "towns_refused": any(jobs.TOWNS_REFUSED.search(m) for m in messages_),
            "recoverable": state.get("recoverable", False)}


def _mapping_from_post(post, columns: SheetColumns) -> ColumnMapping:
    chosen: dict[str, Assign] = {}
    for p in columns.placements:
        f = post.get(f"field_{p.index}", "").strip()
        if not f:
            if p.role == UNPLACED:
                raise KegongError(f"请为 {p.letter} 列（{p.header}）选择指标或“忽略”")
            continue
        part = post.get(f"part_{p.index}", "").strip()
        if f not in (IGNORE, *(x.key for x in vocabulary.fields(SOURCE, vocabulary.ID))) and part not in PARTS:
            raise KegongError(f"{p.letter} 列（{p.header}）：请选择是本月、1-本月、上年同月还是上年同期")
        chosen[p.label] = Assign(f, part if f != IGNORE else "", unit_of(post.get(f"unit_{p.index}", "").strip()))
    return ColumnMapping(chosen, post.get("profile_name", "").strip(), columns.fingerprint)


@requires("data.import")
@require_POST
def data_import_recheck(request, job_id: str):
    """Save the mapping as a profile (if the check showed columns) and check the same files again with the
    user's choices."""
    state = _own_job(request, job_id)
    if state["kind"] != jobs.CHECK or not state.get("recoverable"):
        messages.error(request, "这次检查不能在此处补充设置，请重新上传文件")
        return redirect("data_import_job", job_id=job_id)
    choices = dict(state.get("choices") or {})
    try:
        for columns in sheet_columns(state):
            mapping = _mapping_from_post(request.POST, columns)
            profile = profile_save(name=mapping.name or f"{columns.file} 的导入方案", columns=columns,
                                   mapping=mapping, user=request.user)
            choices["profile"] = profile.name
            messages.success(request, f"已保存导入方案“{profile.name}”，以后表头相同的文件将自动按此方案读取")
    except KegongError as e:
        messages.error(request, e.message)
        return redirect("data_import_job", job_id=job_id)
    if request.POST.get("accept_totals"):
        reason = request.POST.get("totals_reason", "").strip()
        if not reason:
            messages.error(request, "接受合计不符时须写明理由（将记入导入批次）")
            return redirect("data_import_job", job_id=job_id)
        choices["accept_totals"] = reason
    if request.POST.get("new_towns"):
        choices["new_towns"] = True
    new_id = jobs.start(jobs.CHECK, user_id=request.user.pk, files=state["files"], source=state["source"],
                        period=state["period"], choices=choices)
    return redirect("data_import_job", job_id=new_id)


@requires("data.import")
@require_http_methods(["GET", "POST"])
def data_profiles(request):
    """导入方案: list, rename, delete."""
    if request.method == "POST":
        name = request.POST.get("name", "")
        try:
            if request.POST.get("action") == "delete":
                profile_delete(name=name)
                messages.success(request, f"已删除导入方案“{name}”")
            else:
                profile_rename(name=name, new_name=request.POST.get("new_name", ""))
                messages.success(request, f"已将导入方案“{name}”改名为“{request.POST.get('new_name', '').strip()}”")
        except KegongError as e:
            messages.error(request, e.message)
        return redirect("data_profiles")
    rows = []
    for p in profiles_all():
        m = ColumnMapping.from_json(p.columns, p.name, p.fingerprint)
        described = [(lab, describe_assign(lab, a)) for lab, a in m.columns.items()]
        rows.append({"profile": p, "columns": described})
    return render(request, "web/profiles.html", {"rows": rows})
