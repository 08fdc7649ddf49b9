from django.apps import AppConfig


class InformatizationConfig(AppConfig):
    name = "kegong.informatization"
    verbose_name = "信息化与两化融合"
