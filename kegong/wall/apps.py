from django.apps import AppConfig


class WallConfig(AppConfig):
    name = "kegong.wall"
    verbose_name = "墙材与节能"

    def ready(self) -> None:
        # the ledgers (producers, monthly outputs, 新型墙材 applications) and the measures of section (四)
        from kegong.wall import ledgers, measures  # noqa: F401
