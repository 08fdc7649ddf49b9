"""接口令牌 in the admin: list, make (the key shown once, in the message), revoke. The key's hash is never shown."""

from django.contrib import admin, messages

from kegong.api import services
from kegong.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked")
    list_filter = ("revoked",)
    search_fields = ("name", "user__username", "prefix")
    fields = ("user", "name", "revoked", "prefix", "created_at", "last_used_at")
    readonly_fields = ("prefix", "created_at", "last_used_at")
    actions = ("revoke",)

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        token, key = services.token_create(username=obj.user.get_username(), name=obj.name)
        obj.pk, obj.key_hash, obj.prefix, obj.created_at = token.pk, token.key_hash, token.prefix, token.created_at
        obj._state.adding = False
        messages.warning(request, f"令牌“{token.name}”的密钥（只显示这一次，请立即复制保存）：{key}")

    @admin.action(description="吊销所选令牌")
    def revoke(self, request, queryset):
        n = queryset.filter(revoked=False).update(revoked=True)
        messages.success(request, f"已吊销 {n} 个令牌")
