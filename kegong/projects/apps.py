from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "kegong.projects"
    verbose_name = "示范区项目与新能源"
