from django.contrib import admin

from kegong.admin_log import RecordedAdmin
from kegong.projects.models import EnergyFarm, Project, ProjectProgress, ProjectTheme


@admin.register(ProjectTheme)
class ProjectThemeAdmin(RecordedAdmin):
    list_display = ("name", "order")


@admin.register(Project)
class ProjectAdmin(RecordedAdmin):
    list_display = ("name", "year", "theme", "stage", "total_investment", "plan_investment", "counts_as_industrial")
    list_filter = ("year", "theme", "stage", "counts_as_industrial")
    search_fields = ("name", "enterprise__name")
    raw_id_fields = ("enterprise",)


@admin.register(ProjectProgress)
class ProjectProgressAdmin(RecordedAdmin):
    list_display = ("project", "year", "month", "completed")
    list_filter = ("year", "month")
    search_fields = ("project__name",)
    raw_id_fields = ("project",)


@admin.register(EnergyFarm)
class EnergyFarmAdmin(RecordedAdmin):
    list_display = ("name", "kind", "status", "capacity_mw", "generation", "town", "built")
    list_filter = ("kind", "status")
    search_fields = ("name",)
