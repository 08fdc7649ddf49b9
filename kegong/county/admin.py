from django.contrib import admin

from kegong.admin_log import RecordedAdmin
from kegong.core.catalogue import COUNTY_MEASURES, GROUPS
from kegong.county.models import CountyFigure


@admin.register(CountyFigure)
class CountyFigureAdmin(RecordedAdmin):
    list_display = ("code_name", "group", "year", "month", "value", "unit", "note", "updated_at")
    list_filter = ("year", "month", "code")
    search_fields = ("code", "note")
    exclude = ("updated_by",)

    @admin.display(description="项目")
    def code_name(self, obj):
        d = COUNTY_MEASURES.get(obj.code)
        return d.name if d else obj.code

    @admin.display(description="栏目")
    def group(self, obj):
        d = COUNTY_MEASURES.get(obj.code)
        return GROUPS.get(d.group, "") if d else ""

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
