from django.apps import AppConfig


class BriefingConfig(AppConfig):
    name = "kegong.briefing"
    verbose_name = "材料与填报数据"
