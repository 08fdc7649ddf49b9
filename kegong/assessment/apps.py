from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "kegong.assessment"
    verbose_name = "绩效考评"
