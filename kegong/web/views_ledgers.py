"""台账: the generic pages every ledger gets from its declaration (kegong.ledgers.base) — the list (search,
pages, within the user's scope), one record with its history, the form (登记 / 修改), the import of a list
(every problem named, nothing written) and the export. Thin: reading in kegong.ledgers.selectors, writing in
kegong.ledgers.services."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.forms import modelform_factory
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from kegong.core.errors import KegongError
from kegong.core.numbers import fmt
from kegong.enterprises.models import Enterprise
from kegong.imports.exports import write_xlsx
from kegong.ledgers import selectors, services
from kegong.ledgers.base import ledger, ledgers
from kegong.web import jobs, record_checks
from kegong.web.access import requires
from kegong.web.downloads import xlsx_response

PER_PAGE = 50


def _ledger(slug: str):
    lg = ledger(slug)
    if lg is None:
        raise Http404("没有这个台账")
    return lg


class Figure(str):
    """A list cell holding an amount, written as every number kegong shows (kegong.core.numbers: 1,234.50)."""

    is_number = True


def cell(obj, attr: str):
    """A list column's value of a record: an attribute, or a method's result; an amount (Decimal or float)
    formatted half-up with thousands separators, a count or a year as it is."""
    v = getattr(obj, attr)
    v = v() if callable(v) else v
    if isinstance(v, Decimal | float) and not isinstance(v, bool):
        return Figure(fmt(v, 2))
    return v


@requires("ledgers.view")
def ledger_index(request):
    scope = request.access
    groups: dict[str, list] = {}
    for lg in ledgers():
        groups.setdefault(lg.group, []).append((lg, selectors.records(lg, scope).count()))
    return render(request, "web/ledgers.html", {"groups": groups})


def search_label(lg) -> str:
    """What the list's search box looks in, named: 企业名称、信用代码、诉求事项 …"""
    names = {"enterprise__name": "企业名称", "enterprise__uscc": "信用代码"}
    out = []
    for f in lg.search:
        try:
            out.append(names.get(f) or str(lg.model._meta.get_field(f).verbose_name))
        except Exception:  # noqa: BLE001 - a lookup across a relation: the relation's name (乡镇（街道）, 项目)
            out.append(str(lg.model._meta.get_field(f.split("__", 1)[0]).verbose_name))
    return "、".join(out)


def record_values(lg, obj) -> list[tuple[str, object]]:
    """A record's values for its page: the list's columns (the enterprise shown apart), then every other
    field of its form (具体情况, 办理结果 …: a reader without the form sees them too), choices by name."""
    shown = [(h, cell(obj, a)) for a, h in lg.list_columns[1:]]
    listed = {a.removeprefix("get_").removesuffix("_display") for a, _h in lg.list_columns}
    for f in lg.form_fields:
        if f in listed or f == "enterprise":
            continue
        field = lg.model._meta.get_field(f)
        if str(field.verbose_name) in {h for h, _v in shown}:  # 状态: the list's state says it already
            continue
        v = getattr(obj, f"get_{f}_display")() if field.choices else getattr(obj, f)
        shown.append((str(field.verbose_name), None if v == "" else v))
    return shown


@requires("ledgers.view")
def ledger_list(request, slug: str):
    lg = _ledger(slug)
    q = request.GET.get("q", "")[:100]
    years = selectors.years(lg, request.access)
    year = _year(request.GET.get("year", ""), years)
    page = Paginator(selectors.records(lg, request.access, q, year), PER_PAGE).get_page(
        request.GET.get("page"))
    rows = [(obj, [cell(obj, a) for a, _h in lg.list_columns]) for obj in page.object_list]
    by_year = lg.year_filter()
    return render(request, "web/ledger_list.html", {
        "lg": lg, "rows": rows, "page": page, "q": q, "headers": [h for _a, h in lg.list_columns],
        "years": years, "year": year, "year_label": by_year[1] if by_year else "",
        "search_label": search_label(lg),
        "imports": selectors.imports(lg, 5) if request.access.can("ledgers.edit") else []})


def _year(text: str, years: list[int]) -> int | None:
    """The 年度 asked for, if it is one of the ledger's years (anything else: every year, never an error)."""
    text = text.strip()
    return int(text) if text.isdigit() and int(text) in years else None


class EnterpriseCode(forms.CharField):
    """The enterprise of a record, typed as its credit code (a select of every firm would not do)."""

    def __init__(self, **kw):
        super().__init__(label="统一社会信用代码", max_length=18, **kw)

    def clean(self, value):
        code = (super().clean(value) or "").strip().upper()
        e = Enterprise.objects.filter(uscc=code).first()
        if e is None:
            raise forms.ValidationError(f"统一社会信用代码“{code}”不在企业库中")
        return e


def _form_class(lg):
    fields = [f for f in lg.form_fields if f != "enterprise"]
    base = modelform_factory(lg.model, fields=fields)
    if "enterprise" not in lg.form_fields:  # a ledger whose records name no enterprise: the model's own form
        return type(f"{lg.model.__name__}Form", (base,), {"__init__": _no_colon(base)})
    attrs = {"enterprise_code": EnterpriseCode(), "field_order": ["enterprise_code", *fields]}

    def save(self, commit=True):
        self.instance.enterprise = self.cleaned_data["enterprise_code"]
        return forms.ModelForm.save(self, commit)

    def __init__(self, *args, **kw):
        kw.setdefault("label_suffix", "")  # the labels stand above their fields: no (half-width) colon
        base.__init__(self, *args, **kw)

    attrs["save"], attrs["__init__"] = save, __init__
    for f in fields:
        if lg.model._meta.get_field(f).get_internal_type() == "DateField":
            attrs.setdefault("Meta", type("Meta", (base.Meta,), {"widgets": {}}))
            attrs["Meta"].widgets[f] = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    return type(f"{lg.model.__name__}Form", (base,), attrs)


def _no_colon(base):
    def __init__(self, *args, **kw):
        kw.setdefault("label_suffix", "")
        base.__init__(self, *args, **kw)
    return __init__


@requires("ledgers.view")
def ledger_record(request, slug: str, pk: int):
    lg = _ledger(slug)
    obj = selectors.record(lg, request.access, pk)
    if obj is None:
        raise Http404("找不到这条记录，或它不在您的查看范围内")
    # what is stored, read before a posted form is checked (checking sets the posted values on ``obj``: a
    # refused change must not show as the record's values)
    heading, values = str(obj), record_values(lg, obj)
    form = None
    if request.access.can("ledgers.edit"):
        form = _form_class(lg)(request.POST or None, instance=obj,
                               initial={"enterprise_code": getattr(getattr(obj, "enterprise", None), "uscc", "")})
        if request.method == "POST" and form.is_valid():
            before = record_checks.before_save(lg, form.instance)  # 台账核对: the values before the save
            services.ledger_record_save(ledger=lg, form=form, user=request.user)
            messages.success(request, f"已保存：{obj}")
            record_checks.after_save(request, lg, obj, before)
            return redirect("ledger_record", slug=slug, pk=pk)
    elif request.method == "POST":
        return render(request, "web/403.html", {"what": "修改台账"}, status=403)
    return render(request, "web/ledger_record.html", {"lg": lg, "obj": obj, "heading": heading, "values": values,
                                                       "form": form, "history": selectors.history(obj)},
                  status=400 if form is not None and form.errors else 200)


@requires("ledgers.edit")
def ledger_new(request, slug: str):
    lg = _ledger(slug)
    form = _form_class(lg)(request.POST or None, initial={"enterprise_code": request.GET.get("enterprise", "")})
    if request.method == "POST" and form.is_valid():
        before = record_checks.before_save(lg, form.instance)  # 台账核对: the values before the save
        obj = services.ledger_record_save(ledger=lg, form=form, user=request.user)
        messages.success(request, f"已登记：{obj}")
        record_checks.after_save(request, lg, obj, before)
        return redirect("ledger_record", slug=slug, pk=obj.pk)
    return render(request, "web/ledger_new.html", {"lg": lg, "form": form},
                  status=400 if form.errors else 200)


class UploadForm(forms.Form):
    file = forms.FileField(label="清单文件（.xlsx、.xls 或 .csv）")


@requires("ledgers.edit")
@require_POST
def ledger_import(request, slug: str):
    lg = _ledger(slug)
    form = UploadForm(request.POST, request.FILES)
    ctx: dict = {"lg": lg}
    if not form.is_valid():
        ctx["error"] = "请选择要导入的文件"
    else:
        try:
            (stored,) = jobs.store_uploads([form.cleaned_data["file"]])
            before = record_checks.before_import(lg)  # 台账核对: the values before the list is written
            ctx["result"] = (lg.importer or services.ledger_import)(
                ledger=lg, path=Path(stored["path"]), display=stored["name"], user=request.user)
            record_checks.after_import(request, lg, before)
        except jobs.JobError as e:
            ctx["error"] = str(e)
        except KegongError as e:  # IngestError: every problem, each with its file, sheet, row and column
            ctx["issues"] = e.lines() if hasattr(e, "lines") else [e.message]
    return render(request, "web/ledger_import.html", ctx, status=200 if "result" in ctx else 400)


@requires("data.export")
def ledger_export(request, slug: str):
    lg = _ledger(slug)
    objs = selectors.records(lg, request.access)
    cols = lg.spec.columns

    def write(path):
        rows = ([lg.export_values(o).get(c.key) for c in cols] for o in objs.iterator())
        write_xlsx(path, [(lg.name, [c.heading for c in cols], rows)], title=lg.name)

    return xlsx_response(write, f"{lg.name}.xlsx", f"kegong-{lg.slug}.xlsx")
