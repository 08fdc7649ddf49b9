from django.apps import AppConfig


class AuditLogConfig(AppConfig):
    name = "kegong.auditlog"
    label = "auditlog"
    verbose_name = "审计日志"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kegong.auditlog import receivers  # noqa: F401 - logins, failures, lockouts and logouts
