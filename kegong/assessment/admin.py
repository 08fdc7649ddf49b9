from django.contrib import admin

from kegong.admin_log import RecordedAdmin
from kegong.assessment.models import AssessmentItem, AssessmentScheme, ManualScore


class ItemInline(admin.TabularInline):
    model = AssessmentItem
    extra = 0
    fields = ("order", "name", "measure", "figure", "unit", "weight", "kind", "method", "basis", "lower", "full",
              "floor", "cap", "bands", "step", "per_unit", "note")


@admin.register(AssessmentScheme)
class AssessmentSchemeAdmin(RecordedAdmin):
    list_display = ("year", "name", "note")
    list_filter = ("year",)
    search_fields = ("name",)
    inlines = [ItemInline]


@admin.register(AssessmentItem)
class AssessmentItemAdmin(RecordedAdmin):
    list_display = ("scheme", "order", "name", "measure", "figure", "weight", "kind", "method", "basis")
    list_filter = ("scheme__year", "method", "kind")
    search_fields = ("name", "measure")


@admin.register(ManualScore)
class ManualScoreAdmin(RecordedAdmin):
    list_display = ("item", "town", "score", "note", "by", "updated_at")
    list_filter = ("item__scheme__year", "town")
    search_fields = ("item__name", "town__name", "note")
