from django.contrib import admin

from kegong.admin_log import RecordedAdmin
from kegong.targets.models import Target, Threshold


@admin.register(Target)
class TargetAdmin(RecordedAdmin):
    list_display = ("year", "name", "code", "kind", "value", "unit", "updated_at")
    list_filter = ("year", "kind")
    search_fields = ("name", "code")


@admin.register(Threshold)
class ThresholdAdmin(RecordedAdmin):
    list_display = ("__str__", "code", "blue_gap", "orange_gap", "red_below", "note")
    search_fields = ("code", "note")
