"""数据审核: the notes users record to confirm soft audit findings."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from kegong.enterprises.models import Enterprise
from kegong.figures.models import Indicator


class AuditConfirmation(models.Model):
    """A user's note confirming a soft audit finding (the figure is right as reported)."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="audit_confirmations",
                                   verbose_name="企业")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, verbose_name="指标")
    year = models.PositiveSmallIntegerField("年")
    month = models.PositiveSmallIntegerField("月（截止）")
    rule = models.CharField("审核规则", max_length=10)
    note = models.TextField("确认说明")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             verbose_name="确认人")
    confirmed_by = models.CharField("确认人（名称）", max_length=50, blank=True)
    confirmed_at = models.DateTimeField("确认时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "审核确认"
        ordering = ["-confirmed_at"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "indicator", "year", "month", "rule"],
                                               name="audit_confirmation_unique")]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.indicator.name} {self.year}年{self.month}月 {self.rule}"
