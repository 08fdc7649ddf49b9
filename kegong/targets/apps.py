from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "kegong.targets"
    verbose_name = "目标任务与数据审核"
