from django.apps import AppConfig


class FiguresConfig(AppConfig):
    name = "kegong.figures"
    verbose_name = "指标与月度数据"
