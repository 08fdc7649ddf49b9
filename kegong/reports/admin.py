from django.contrib import admin, messages

from kegong.reports.models import PeriodText, ReportDocument, ReportTemplate
from kegong.reports.selectors import starting_text


@admin.register(PeriodText)
class PeriodTextAdmin(admin.ModelAdmin):
    list_display = ("kind", "year", "month", "based_on", "updated_at")
    list_filter = ("kind", "year", "month")
    exclude = ("updated_by",)

    def get_changeform_initial_data(self, request):
        """A new text for a period starts from the latest earlier period's text (or the default text):
        open “增加” with ?kind=problems&year=2026&month=6."""
        initial = super().get_changeform_initial_data(request)
        kind, year, month = initial.get("kind"), initial.get("year"), initial.get("month")
        try:
            year, month = int(year), int(month)
        except (TypeError, ValueError):
            return initial
        if kind:
            start = starting_text(kind, year, month)
            initial.setdefault("text", start.text)
            initial.setdefault("based_on", start.from_period)
            if start.source == "carried":
                messages.info(request, f"已填入 {start.from_period} 期的文字作为起草基础，请按本期情况修改。")
        return initial

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ReportTemplate)
class ReportTemplateAdmin(admin.ModelAdmin):
    """Uploaded on the 报告模板 page (checked there); here they can be renamed or removed."""

    list_display = ("name", "kind", "original_name", "uploaded_by", "uploaded_at")
    list_filter = ("kind",)
    readonly_fields = ("path", "original_name", "uploaded_by", "uploaded_at")

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(ReportDocument)
class ReportDocumentAdmin(admin.ModelAdmin):
    """Made on the 报告 page; shown read-only."""

    list_display = ("filename", "kind", "year", "month", "template_name", "approved", "made_by", "made_at")
    list_filter = ("kind", "year", "approved")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
