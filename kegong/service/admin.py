from django.contrib import admin

from kegong.admin_log import RecordedAdmin
from kegong.service.models import (
    Appeal,
    BankLoan,
    CalendarDay,
    EnterpriseHonour,
    ScaleUpCandidate,
    WorkerReferral,
)


@admin.register(Appeal)
class AppealAdmin(RecordedAdmin):
    list_display = ("enterprise", "title", "category", "department", "received", "due", "status")
    list_filter = ("category", "status", "department")
    search_fields = ("title", "enterprise__name", "department")
    raw_id_fields = ("enterprise",)


@admin.register(CalendarDay)
class CalendarDayAdmin(RecordedAdmin):
    list_display = ("date", "kind", "note")


@admin.register(WorkerReferral)
class WorkerReferralAdmin(RecordedAdmin):
    list_display = ("town", "enterprise", "date", "workers")
    list_filter = ("town",)
    search_fields = ("enterprise__name", "enterprise__uscc", "town__name")
    raw_id_fields = ("enterprise",)
    date_hierarchy = "date"


@admin.register(BankLoan)
class BankLoanAdmin(RecordedAdmin):
    list_display = ("bank", "enterprise", "granted", "amount", "term", "kind")
    list_filter = ("kind", "bank")
    search_fields = ("bank", "enterprise__name", "enterprise__uscc")
    raw_id_fields = ("enterprise",)
    date_hierarchy = "granted"


@admin.register(EnterpriseHonour)
class EnterpriseHonourAdmin(RecordedAdmin):
    list_display = ("enterprise", "kind", "level", "year", "batch")
    list_filter = ("kind", "level", "year")
    search_fields = ("enterprise__name", "enterprise__uscc", "batch")
    raw_id_fields = ("enterprise",)


@admin.register(ScaleUpCandidate)
class ScaleUpCandidateAdmin(RecordedAdmin):
    list_display = ("enterprise", "year", "stage", "expected")
    list_filter = ("year", "stage")
    search_fields = ("enterprise__name", "enterprise__uscc")
    raw_id_fields = ("enterprise",)
