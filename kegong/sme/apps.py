from django.apps import AppConfig


class SmeConfig(AppConfig):
    name = "kegong.sme"
    verbose_name = "中小微企业"

    def ready(self) -> None:
        # the ledgers (信心指数调查, 规模认定现场核查) and the measures (信心指数, 中型/小型/微型企业数)
        from kegong.sme import ledgers, measures  # noqa: F401
