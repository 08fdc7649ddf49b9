from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "kegong.enterprises"
    verbose_name = "企业库"
