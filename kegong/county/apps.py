from django.apps import AppConfig


class CountyConfig(AppConfig):
    name = "kegong.county"
    label = "county"
    verbose_name = "全县数据"
