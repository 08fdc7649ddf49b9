"""台账导入: each list imported into a ledger, with who, when and what it changed (the rows themselves live
in the ledger's own app)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class LedgerImport(models.Model):
    ledger = models.CharField("台账", max_length=40)
    file_name = models.CharField("文件", max_length=255)
    digest = models.CharField("文件摘要", max_length=64, help_text="同一文件再次导入时识别用（SHA-256）")
    rows = models.PositiveIntegerField("读取行数", default=0)
    created = models.PositiveIntegerField("新增", default=0)
    updated = models.PositiveIntegerField("修改", default=0)
    unchanged = models.PositiveIntegerField("未变", default=0)
    changes = models.TextField("修改内容", blank=True, help_text="每条修改记录之前与之后的值")
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    verbose_name="导入人", related_name="+")
    imported_at = models.DateTimeField("导入时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "台账导入记录"
        ordering = ["-imported_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name}（{self.ledger}）"
