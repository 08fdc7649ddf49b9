from django.apps import AppConfig


class TechConfig(AppConfig):
    name = "kegong.tech"
    verbose_name = "科技创新"

    def ready(self) -> None:
        from kegong.tech import ledgers  # noqa: F401 - registers the ledgers
