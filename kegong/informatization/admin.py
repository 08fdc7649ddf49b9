from django.contrib import admin

from kegong.admin_log import RecordedAdmin
from kegong.informatization.models import G5Plan, G5Site, ItSurvey


@admin.register(G5Plan)
class G5PlanAdmin(RecordedAdmin):
    list_display = ("year", "town", "sites", "investment")
    list_filter = ("year", "town")


@admin.register(G5Site)
class G5SiteAdmin(RecordedAdmin):
    list_display = ("number", "name", "town", "operator", "status", "built", "opened", "investment")
    list_filter = ("operator", "status", "town")
    search_fields = ("number", "name", "town__name")
    date_hierarchy = "built"


@admin.register(ItSurvey)
class ItSurveyAdmin(RecordedAdmin):
    list_display = ("enterprise", "year", "broadband", "lan", "ecommerce", "website", "cloud")
    list_filter = ("year", "broadband", "lan", "ecommerce", "website", "cloud")
    search_fields = ("enterprise__name", "enterprise__uscc")
    raw_id_fields = ("enterprise",)
