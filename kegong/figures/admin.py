from django.contrib import admin

from kegong.figures.models import CountyFigure, ImportBatch, Indicator, MonthlyFigure


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "unit", "kind", "source", "aggregation")


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ("file_name", "source", "period_key", "rows", "figures_written", "status", "imported_at")
    list_filter = ("source", "status")


@admin.register(MonthlyFigure)
class MonthlyFigureAdmin(admin.ModelAdmin):
    list_display = ("enterprise", "indicator", "year", "month", "start_month", "value", "cumulative",
                    "prior_year_value", "prior_year_cumulative")
    list_filter = ("indicator", "year", "month")
    search_fields = ("enterprise__name", "enterprise__uscc")
    raw_id_fields = ("enterprise", "batch")


@admin.register(CountyFigure)
class CountyFigureAdmin(admin.ModelAdmin):
    list_display = ("code", "year", "month", "value", "unit", "note")
