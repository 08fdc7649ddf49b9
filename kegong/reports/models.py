"""报告: the prose sections staff write per period for the documents."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from kegong.core.catalogue import TEXTS


class PeriodText(models.Model):
    """One prose section for one period. ``based_on`` records the period it was started from."""

    kind = models.CharField("栏目", max_length=20, choices=[(t.kind, t.name) for t in TEXTS])
    year = models.PositiveSmallIntegerField("年")
    month = models.PositiveSmallIntegerField("月（累计截止）")
    text = models.TextField("文字", help_text="每段一行；空行忽略。")
    based_on = models.CharField("起草依据", max_length=20, blank=True,
                                help_text="从哪一期的文字复制起草（如 2026-05），空为新写。")
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   verbose_name="修改人", related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "期别文字材料"
        ordering = ["-year", "-month", "kind"]
        constraints = [models.UniqueConstraint(fields=["kind", "year", "month"], name="periodtext_unique"),
                       models.CheckConstraint(condition=models.Q(month__gte=1, month__lte=12),
                                              name="periodtext_month_range")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}年1-{self.month}月"
