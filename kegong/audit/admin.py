from django.contrib import admin

from kegong.audit.models import AuditConfirmation


@admin.register(AuditConfirmation)
class AuditConfirmationAdmin(admin.ModelAdmin):
    list_display = ("enterprise", "indicator", "year", "month", "rule", "note", "confirmed_by", "confirmed_at")
    list_filter = ("rule", "year", "month")
    search_fields = ("enterprise__name", "enterprise__uscc", "note")
    raw_id_fields = ("enterprise",)
