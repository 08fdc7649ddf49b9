from django.apps import AppConfig


class LedgersConfig(AppConfig):
    name = "kegong.ledgers"
    verbose_name = "台账"
