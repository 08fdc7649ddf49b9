from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "kegong.imports"
    label = "imports"
    verbose_name = "数据导入"
