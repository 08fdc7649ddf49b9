from django.apps import AppConfig


class TechConfig(AppConfig):
    name = "kegong.tech"
    verbose_name = "科技创新"

    def ready(self) -> None:
        # the ledgers, and the measures counted from them (国家级高新技术企业数), registered
        from kegong.tech import ledgers, measures, profile_ledger  # noqa: F401
