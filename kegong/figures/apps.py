from django.apps import AppConfig


class FiguresConfig(AppConfig):
    name = "kegong.figures"
    verbose_name = "企业月报"

    def ready(self) -> None:
        from kegong.figures import signals

        signals.connect()
