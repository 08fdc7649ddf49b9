from django.contrib.auth import views as auth_views
from django.urls import path

from kegong.web import (
    views,
    views_audit,
    views_computed,
    views_data,
    views_enterprises,
    views_entry,
    views_mapping,
)

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="web/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.home, name="home"),
    path("enterprises/", views_enterprises.enterprise_list, name="enterprises"),
    path("enterprises/<str:uscc>/", views_enterprises.enterprise_detail, name="enterprise"),
    path("data/import/", views_data.data_import, name="data_import"),
    path("data/import/<slug:job_id>/", views_data.data_import_job, name="data_import_job"),
    path("data/import/<slug:job_id>/status/", views_data.data_import_status, name="data_import_status"),
    path("data/import/<slug:job_id>/confirm/", views_data.data_import_confirm, name="data_import_confirm"),
    path("data/import/<slug:job_id>/recheck/", views_mapping.data_import_recheck, name="data_import_recheck"),
    path("data/profiles/", views_mapping.data_profiles, name="data_profiles"),
    path("data/batches/", views_data.data_batches, name="data_batches"),
    path("data/batches/<int:batch_id>/rollback/", views_data.data_batch_rollback, name="data_batch_rollback"),
    path("data/downloads/", views_data.data_downloads, name="data_downloads"),
    path("data/downloads/template.xlsx", views_data.data_template, name="data_template"),
    path("data/downloads/<slug:table>.xlsx", views_data.data_export, name="data_export"),
    path("data/downloads/computed/<slug:kind>.xlsx", views_computed.data_computed, name="data_computed"),
    path("data/entry/", views_entry.data_entry, name="data_entry"),
    path("data/audit/", views_audit.data_audit, name="data_audit"),
    path("data/audit/confirm/", views_audit.data_audit_confirm, name="data_audit_confirm"),
    path("data/approval/", views_audit.data_approval, name="data_approval"),
    path("data/approval/approve/", views_audit.data_approval_approve, name="data_approval_approve"),
    path("data/approval/unlock/", views_audit.data_approval_unlock, name="data_approval_unlock"),
]
