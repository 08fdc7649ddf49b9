from django.contrib import admin

from kegong.ledgers.models import LedgerImport


@admin.register(LedgerImport)
class LedgerImportAdmin(admin.ModelAdmin):
    """Import records are history: read only."""

    list_display = ("imported_at", "ledger", "file_name", "rows", "created", "updated", "unchanged", "imported_by")
    list_filter = ("ledger",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
