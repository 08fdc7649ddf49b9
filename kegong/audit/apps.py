from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "kegong.audit"
    label = "audit"
    verbose_name = "数据审核"

    def ready(self) -> None:
        from kegong.audit.approval import refuse_locked
        from kegong.figures.locks import figures_changing

        figures_changing.connect(refuse_locked, dispatch_uid="audit-period-approval-lock")
