from django.apps import AppConfig


class SmeConfig(AppConfig):
    name = "kegong.sme"
    verbose_name = "中小微企业"
