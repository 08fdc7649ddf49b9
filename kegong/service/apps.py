from django.apps import AppConfig


class ServiceConfig(AppConfig):
    name = "kegong.service"
    verbose_name = "企业服务"

    def ready(self) -> None:
        # the ledgers, and the measures counted from them (企业诉求, 用工, 融资, 荣誉, 升规), registered
        from kegong.service import ledgers, measures  # noqa: F401
