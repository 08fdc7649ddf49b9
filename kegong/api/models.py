"""接口令牌: a key another system sends (``Authorization: Bearer <key>``) to read the API as one user — with
that user's role and scope. Only the key's SHA-256 is kept; the key itself is shown once, when it is made."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens",
                             verbose_name="用户", help_text="接口按此用户的角色和范围返回数据")
    name = models.CharField("名称", max_length=100, help_text="用途，如“市平台”“统计局工具”")
    key_hash = models.CharField("密钥摘要（SHA-256）", max_length=64, unique=True, editable=False)
    prefix = models.CharField("密钥开头", max_length=12, editable=False, help_text="用于辨认密钥，不能用来访问")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True, editable=False)
    revoked = models.BooleanField("已吊销", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "接口令牌"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name}（{self.user.get_username()}，{self.prefix}…）"
