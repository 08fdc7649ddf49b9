from django.contrib import admin

from kegong.accounts.models import Account


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "enterprise")
    list_filter = ("role",)
    search_fields = ("user__username", "user__first_name", "enterprise__name")
    filter_horizontal = ("read_units", "entry_units")
    autocomplete_fields = ()
    raw_id_fields = ("enterprise",)
