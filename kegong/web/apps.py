from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "kegong.web"
    verbose_name = "网页"
