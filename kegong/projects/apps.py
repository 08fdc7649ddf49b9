from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "kegong.projects"
    verbose_name = "示范区项目与新能源"

    def ready(self) -> None:
        # the ledgers (projects, their months, the farms) and the measures of section (五)
        from kegong.projects import ledgers, measures  # noqa: F401
