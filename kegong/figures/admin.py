from django.contrib import admin

from kegong.admin_log import RecordedAdmin
from kegong.figures.models import Indicator, MonthlyFigure


@admin.register(Indicator)
class IndicatorAdmin(RecordedAdmin):
    list_display = ("code", "name", "unit", "kind", "source", "aggregation")


@admin.register(MonthlyFigure)
class MonthlyFigureAdmin(RecordedAdmin):
    list_display = ("enterprise", "indicator", "year", "month", "start_month", "value", "cumulative",
                    "prior_year_value", "prior_year_cumulative")
    list_filter = ("indicator", "year", "month")
    search_fields = ("enterprise__name", "enterprise__uscc")
    raw_id_fields = ("enterprise", "batch")

    # Figures change only through a recorded path (an import, 手工录入, a rollback), each a batch with who,
    # when and the values before; the admin shows them read-only.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
