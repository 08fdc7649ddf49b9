from django.contrib import admin

from kegong.admin_log import RecordedAdmin
from kegong.imports.models import ImportBatch


@admin.register(ImportBatch)
class ImportBatchAdmin(RecordedAdmin):
    list_display = ("file_name", "source", "period_key", "rows", "figures_written", "status", "imported_at")
    list_filter = ("source", "status")
