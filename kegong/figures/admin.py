from django.contrib import admin

from kegong.figures.models import Indicator, MonthlyFigure


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "unit", "kind", "source", "aggregation")


@admin.register(MonthlyFigure)
class MonthlyFigureAdmin(admin.ModelAdmin):
    list_display = ("enterprise", "indicator", "year", "month", "start_month", "value", "cumulative",
                    "prior_year_value", "prior_year_cumulative")
    list_filter = ("indicator", "year", "month")
    search_fields = ("enterprise__name", "enterprise__uscc")
    raw_id_fields = ("enterprise", "batch")
