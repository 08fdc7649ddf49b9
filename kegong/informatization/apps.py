from django.apps import AppConfig


class InformatizationConfig(AppConfig):
    name = "kegong.informatization"
    verbose_name = "信息化与两化融合"

    def ready(self) -> None:
        # the ledgers, and the measures computed from them (5G, the 四率, 企业上云), registered
        from kegong.informatization import ledgers, measures  # noqa: F401
