from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "kegong.reports"
    label = "reports"
    verbose_name = "报告"
