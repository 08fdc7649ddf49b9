from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "kegong.audit"
    label = "audit"
    verbose_name = "数据审核"
