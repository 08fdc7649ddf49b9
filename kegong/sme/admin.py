from django.contrib import admin

from kegong.admin_log import RecordedAdmin
from kegong.sme.models import ConfidenceSurvey, SizeCheck


@admin.register(ConfidenceSurvey)
class ConfidenceSurveyAdmin(RecordedAdmin):
    list_display = ("enterprise", "year", "quarter", "overall", "outlook")
    list_filter = ("year", "quarter")
    search_fields = ("enterprise__name", "enterprise__uscc")
    raw_id_fields = ("enterprise",)


@admin.register(SizeCheck)
class SizeCheckAdmin(RecordedAdmin):
    list_display = ("enterprise", "date", "declared", "computed", "conclusion")
    list_filter = ("conclusion", "declared", "computed")
    search_fields = ("enterprise__name", "enterprise__uscc")
    raw_id_fields = ("enterprise",)
    readonly_fields = ("computed", "working")
