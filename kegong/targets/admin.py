from django.contrib import admin

from kegong.admin_log import RecordedAdmin
from kegong.targets.models import Target, Threshold


@admin.register(Target)
class TargetAdmin(RecordedAdmin):
    list_display = ("year", "scope", "name", "code", "kind", "value", "unit", "updated_at")
    list_filter = ("year", "kind", "town")
    search_fields = ("name", "code", "town__name")

    @admin.display(description="范围", ordering="town__name")
    def scope(self, obj: Target) -> str:
        return obj.scope_name


@admin.register(Threshold)
class ThresholdAdmin(RecordedAdmin):
    list_display = ("__str__", "code", "blue_gap", "orange_gap", "red_below", "note")
    search_fields = ("code", "note")
