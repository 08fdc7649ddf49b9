from django.apps import AppConfig


class TechConfig(AppConfig):
    name = "kegong.tech"
    verbose_name = "科技创新"

    def ready(self) -> None:
        # the ledgers (the certificates first: the menu lists them in this order), and the measures counted
        # from them (国家级高新技术企业数, 研发费用备案企业数 …), registered
        from kegong.tech import ledgers, ledgers_rd, measures, measures_counts, profile_ledger  # noqa: F401
