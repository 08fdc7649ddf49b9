from django.contrib import admin

from kegong.targets.models import Target


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ("year", "name", "code", "kind", "value", "unit", "updated_at")
    list_filter = ("year", "kind")
    search_fields = ("name", "code")
