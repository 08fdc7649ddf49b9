"""Every edit in the back office (Django admin) recorded with who, when, before and after.

Django's admin already writes a history row (``LogEntry``: user, time, object) for each add, change and
delete; its message names only the fields changed. :class:`RecordedAdmin` writes the values instead —
``单位详细名称：“甲厂”→“甲有限公司”`` — for the object's own fields and for its inline rows, so that the
history page of any object (and the admin's 最近动作) says what it was before and what it became.

The same edits, and the logins, exports, approvals and rollbacks, go to one audit log (审计日志, the
``kegong.auditlog`` app) through :func:`record`: who, when, from which IP address, what. A service calls
``record("approve", user=…, what=…)``; the address is that of the web request being served
(:class:`CurrentRequestMiddleware`), or none from the command line.
"""

from __future__ import annotations

import getpass
import ipaddress
from contextvars import ContextVar

from django import forms
from django.apps import apps
from django.conf import settings
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
    """A model admin whose history rows carry the values before and after each change; each is also a row
    of the audit log."""

    def construct_change_message(self, request, form, formsets, add=False):
        return change_message(form, formsets or (), add)

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        record("admin_add", request=request, what=_admin_what(obj, entry))
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        record("admin_change", request=request, what=_admin_what(obj, entry))
        return entry

    def log_deletions(self, request, queryset):
        objs = list(queryset)
        entries = super().log_deletions(request, queryset)
        for obj in objs:
            record("admin_delete", request=request, what=f"{obj._meta.verbose_name}“{obj}”")
        return entries


def _admin_what(obj, entry) -> str:
    text = entry.get_change_message() if entry is not None else ""
    return f"{obj._meta.verbose_name}“{obj}”：{text}" if text else f"{obj._meta.verbose_name}“{obj}”"


# --- the audit log ----------------------------------------------------------------------------------------

_current_request: ContextVar = ContextVar("kegong_current_request", default=None)
WHAT_MAX = 4000


class CurrentRequestMiddleware:
    """Keeps the request being served where :func:`record` finds it (a service is not given the request)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)


def client_ip(request) -> str | None:
    """The visitor's address: ``REMOTE_ADDR``, or — behind a proxy that says so (deploy setting
    ``KEGONG_TRUST_X_FORWARDED_FOR``) — the last address of ``X-Forwarded-For``, the one the proxy added."""
    meta = getattr(request, "META", None) or {}
    if getattr(settings, "KEGONG_TRUST_X_FORWARDED_FOR", False):
        forwarded = [p.strip() for p in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
        if forwarded:
            return _address(forwarded[-1])
    return _address(meta.get("REMOTE_ADDR"))


def _address(text) -> str | None:
    try:
        return str(ipaddress.ip_address(str(text or "").strip()))
    except ValueError:
        return None


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this process's user id (a container)
        return ""


def record(action: str, *, user=None, request=None, username: str | None = None, what: str = "") -> None:
    """Write one row of the audit log. ``request`` defaults to the one being served; ``user`` to its user;
    ``username`` (a failed login's name as typed) to the user's."""
    request = request if request is not None else _current_request.get()
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    if username is None:
        username = user.get_username() if user is not None else ("" if request is not None else _os_user())
    apps.get_model("auditlog", "Event").objects.create(
        action=action, user=user, username=username[:150], what=what[:WHAT_MAX],
        ip=client_ip(request) if request is not None else None, via="网页" if request is not None else "命令行")
