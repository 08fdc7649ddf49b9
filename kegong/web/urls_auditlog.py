"""The 审计日志 page's address (included by kegong.web.urls)."""

from django.urls import path

from kegong.web import views_auditlog

urlpatterns: list = [
    path("audit-log/", views_auditlog.audit_log, name="audit_log"),
]
