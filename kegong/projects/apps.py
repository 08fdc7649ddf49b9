from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "kegong.projects"
    verbose_name = "示范区项目与新能源"

    def ready(self) -> None:
        # the ledgers (projects, their months, the farms) and the measures of section (五)
        from kegong.imports.signals import batch_rolling_back, file_written
        from kegong.projects import ledgers, measures  # noqa: F401
        from kegong.projects.library import on_file_written, on_rolling_back

        # a 项目库 file imported keeps its projects; rolling its batch back removes them
        file_written.connect(on_file_written, dispatch_uid="projects.library.import")
        batch_rolling_back.connect(on_rolling_back, dispatch_uid="projects.library.rollback")
