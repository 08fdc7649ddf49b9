from django.apps import AppConfig


class WallConfig(AppConfig):
    name = "kegong.wall"
    verbose_name = "墙材与节能"
