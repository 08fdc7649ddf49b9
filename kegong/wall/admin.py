from django.contrib import admin

from kegong.admin_log import RecordedAdmin
from kegong.wall.models import NewWallMaterialApplication, SavingsCoefficient, WallOutput, WallProducer


@admin.register(WallProducer)
class WallProducerAdmin(RecordedAdmin):
    list_display = ("enterprise", "kind", "status", "note")
    list_filter = ("kind", "status")
    search_fields = ("enterprise__name", "enterprise__uscc")
    raw_id_fields = ("enterprise",)


@admin.register(WallOutput)
class WallOutputAdmin(RecordedAdmin):
    list_display = ("enterprise", "year", "month", "output")
    list_filter = ("year", "month")
    search_fields = ("enterprise__name", "enterprise__uscc")
    raw_id_fields = ("enterprise",)


@admin.register(SavingsCoefficient)
class SavingsCoefficientAdmin(RecordedAdmin):
    """Staff change a coefficient here (a new row from a year on keeps the earlier years' figures)."""

    list_display = ("code", "value", "unit", "valid_from", "source")
    list_filter = ("code",)


@admin.register(NewWallMaterialApplication)
class NewWallMaterialApplicationAdmin(RecordedAdmin):
    list_display = ("enterprise", "product", "year", "status", "date")
    list_filter = ("year", "status")
    search_fields = ("product", "enterprise__name", "enterprise__uscc")
    raw_id_fields = ("enterprise",)
