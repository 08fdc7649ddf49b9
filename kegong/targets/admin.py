from django.contrib import admin

from kegong.targets.models import AuditConfirmation, Target


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ("year", "name", "code", "kind", "value", "unit", "updated_at")
    list_filter = ("year", "kind")
    search_fields = ("name", "code")


@admin.register(AuditConfirmation)
class AuditConfirmationAdmin(admin.ModelAdmin):
    list_display = ("enterprise", "indicator", "year", "month", "rule", "note", "confirmed_by", "confirmed_at")
    list_filter = ("rule", "year", "month")
    search_fields = ("enterprise__name", "enterprise__uscc", "note")
    raw_id_fields = ("enterprise",)
