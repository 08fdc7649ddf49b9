"""Every edit in the back office (Django admin) recorded with who, when, before and after.

Django's admin already writes a history row (``LogEntry``: user, time, object) for each add, change and
delete; its message names only the fields changed. :class:`RecordedAdmin` writes the values instead —
``单位详细名称：“甲厂”→“甲有限公司”`` — for the object's own fields and for its inline rows, so that the
history page of any object (and the admin's 最近动作) says what it was before and what it became.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin

EMPTY = "（空）"


def _show(field: forms.Field, value) -> str:
    """A value as a user reads it: the label of a choice, the name of a related object, 是/否; a password
    is never written down."""
    if isinstance(field.widget, forms.PasswordInput):
        return "（已设置）"
    if value in (None, "", [], ()):
        return EMPTY
    if isinstance(field, forms.ModelMultipleChoiceField):
        objs = value if not isinstance(value, list | tuple) or not value or hasattr(value[0], "pk") else \
            field.queryset.filter(pk__in=value)
        return "、".join(str(o) for o in objs) or EMPTY
    if isinstance(field, forms.ModelChoiceField):
        obj = value if hasattr(value, "pk") else field.queryset.filter(pk=value).first()
        return str(obj) if obj is not None else str(value)
    if isinstance(field, forms.BooleanField):
        return "是" if value else "否"
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(value, value))
    return str(value)


def field_changes(form: forms.BaseForm) -> list[str]:
    """``标签：“之前”→“之后”`` for each field the form changed."""
    out = []
    for name in form.changed_data:
        field = form.fields[name]
        before = form.initial.get(name, field.initial)
        after = form.cleaned_data.get(name)
        out.append(f"{field.label or name}：“{_show(field, before)}”→“{_show(field, after)}”")
    return out


def given_values(form: forms.BaseForm) -> list[str]:
    """``标签“值”`` for each field a new object's form was given."""
    return [f"{form.fields[n].label or n}“{_show(form.fields[n], form.cleaned_data.get(n))}”"
            for n in form.changed_data]


def change_message(form: forms.BaseForm, formsets=(), add: bool = False) -> str:
    """The history text of one save in the admin."""
    parts = []
    if add:
        given = given_values(form)
        parts.append("新增：" + "；".join(given) if given else "新增")
    elif form.changed_data:
        parts.append("修改 " + "；".join(field_changes(form)))
    for fs in formsets:
        what = fs.model._meta.verbose_name
        forms_by_pk = {f.instance.pk: f for f in fs.forms if f.instance.pk is not None}
        for obj in getattr(fs, "new_objects", []):
            f = forms_by_pk.get(obj.pk)
            given = "；".join(given_values(f)) if f is not None else ""
            parts.append(f"新增{what}“{obj}”" + (f"：{given}" if given else ""))
        for obj, _names in getattr(fs, "changed_objects", []):
            f = forms_by_pk.get(obj.pk)
            detail = "；".join(field_changes(f)) if f is not None else ""
            parts.append(f"修改{what}“{obj}”" + (f"：{detail}" if detail else ""))
        for obj in getattr(fs, "deleted_objects", []):
            parts.append(f"删除{what}“{obj}”")
    return "。".join(parts) or "未修改任何内容"


class RecordedAdmin(admin.ModelAdmin):
    """A model admin whose history rows carry the values before and after each change."""

    def construct_change_message(self, request, form, formsets, add=False):
        return change_message(form, formsets or (), add)
