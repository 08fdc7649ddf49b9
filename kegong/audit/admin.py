from django.contrib import admin

from kegong.admin_log import RecordedAdmin
from kegong.audit.models import AuditConfirmation, PeriodApproval, RecordAuditNote


@admin.register(AuditConfirmation)
class AuditConfirmationAdmin(RecordedAdmin):
    list_display = ("enterprise", "indicator", "year", "month", "rule", "note", "confirmed_by", "confirmed_at")
    list_filter = ("rule", "year", "month")
    search_fields = ("enterprise__name", "enterprise__uscc", "note")
    raw_id_fields = ("enterprise",)


@admin.register(PeriodApproval)
class PeriodApprovalAdmin(RecordedAdmin):
    """Read-only: approvals are made and unlocked on the 期别审定 page, which records who, when and why."""

    list_display = ("year", "month", "approved_by_name", "approved_at", "unlocked_by_name", "unlocked_at",
                    "unlock_reason")
    list_filter = ("year",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RecordAuditNote)
class RecordAuditNoteAdmin(RecordedAdmin):
    """台账核对 notes (written on the 数据审核 page, kept here to be looked up or corrected)."""

    list_display = ("rule", "subject", "year", "month", "correction", "note", "message")
    list_filter = ("rule", "year", "correction")
    search_fields = ("subject", "note", "message")
