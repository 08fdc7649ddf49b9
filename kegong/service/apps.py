from django.apps import AppConfig


class ServiceConfig(AppConfig):
    name = "kegong.service"
    verbose_name = "企业服务"

    def ready(self) -> None:
        from kegong.service import ledgers  # noqa: F401 - registers the ledgers
