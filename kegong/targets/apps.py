from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "kegong.targets"
    verbose_name = "年度目标"
