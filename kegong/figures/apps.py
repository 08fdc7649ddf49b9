from django.apps import AppConfig


class FiguresConfig(AppConfig):
    name = "kegong.figures"
    verbose_name = "企业月报"
