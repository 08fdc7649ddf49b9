"""管理: users with their role and scope in one form (局管理员 only: the back office needs ``is_superuser``);
every change recorded with its values before and after (kegong.admin_log)."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from kegong.accounts.models import Account
from kegong.admin_log import RecordedAdmin

User = get_user_model()


class AccountInline(admin.StackedInline):
    model = Account
    can_delete = False
    verbose_name = verbose_name_plural = "角色与范围"
    filter_horizontal = ("read_units", "entry_units")
    raw_id_fields = ("enterprise",)


class KegongUserAdmin(UserAdmin, RecordedAdmin):
    inlines = [AccountInline]
    list_display = ("username", "first_name", "role_name", "is_active", "last_login")
    list_filter = ("account__role", "is_active")
    search_fields = ("username", "first_name", "account__enterprise__name")

    @admin.display(description="角色", ordering="account__role")
    def role_name(self, user) -> str:
        account = getattr(user, "account", None)
        return account.get_role_display() if account else "—"


admin.site.unregister(User)
admin.site.register(User, KegongUserAdmin)


@admin.register(Account)
class AccountAdmin(RecordedAdmin):
    list_display = ("user", "role", "enterprise")
    list_filter = ("role",)
    search_fields = ("user__username", "user__first_name", "enterprise__name")
    filter_horizontal = ("read_units", "entry_units")
    raw_id_fields = ("enterprise",)
