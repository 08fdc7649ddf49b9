from django.contrib import admin

from kegong.admin_log import RecordedAdmin
from kegong.service.models import Appeal, CalendarDay


@admin.register(Appeal)
class AppealAdmin(RecordedAdmin):
    list_display = ("enterprise", "title", "category", "department", "received", "due", "status")
    list_filter = ("category", "status", "department")
    search_fields = ("title", "enterprise__name", "department")
    raw_id_fields = ("enterprise",)


@admin.register(CalendarDay)
class CalendarDayAdmin(RecordedAdmin):
    list_display = ("date", "kind", "note")
