"""数据审核: the notes users record to confirm soft audit findings, and the approvals (审定) of periods."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from kegong.core.periods import Period
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


class PeriodApproval(models.Model):
    """One approval (审定) of the cumulative period 1-``month``月 of ``year``: while it stands (not unlocked)
    the figures of months 1..``month`` of that year are locked. Unlocking fills in who, when and why; a
    later approval of the same period is a new row, so the history stays."""

    year = models.PositiveSmallIntegerField("年")
    month = models.PositiveSmallIntegerField("月（截止）", help_text="审定 1-M 月累计期；2 即 1-2月")
    note = models.TextField("审定说明", blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name="审定人")
    approved_by_name = models.CharField("审定人（名称）", max_length=50, blank=True)
    approved_at = models.DateTimeField("审定时间")
    unlocked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name="解锁人")
    unlocked_by_name = models.CharField("解锁人（名称）", max_length=50, blank=True)
    unlocked_at = models.DateTimeField("解锁时间", null=True, blank=True)
    unlock_reason = models.TextField("解锁理由", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "期别审定"
        ordering = ["-approved_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["year", "month"], condition=models.Q(unlocked_at__isnull=True),
                                               name="period_approval_one_standing")]

    @property
    def locked(self) -> bool:
        return self.unlocked_at is None

    def __str__(self) -> str:
        return f"{Period.cumulative(self.year, self.month).label()} 审定" + ("" if self.locked else "（已解锁）")


class RecordAuditNote(models.Model):
    """A note on a 台账核对 finding (kegong.core.stats.record_audit), keyed like the finding: rule, subject (a
    measure code, or ``<ledger>:<pk>`` for one record), year and month. Two uses: a soft finding confirmed
    (the records are right as entered), and a correction — a cumulative lowered by an edit, seen when the
    record was saved and kept here with its values (``correction``) until someone writes why (empty note:
    still awaiting it)."""

    rule = models.CharField("核对规则", max_length=10)
    subject = models.CharField("对象", max_length=120, help_text="指标代码，或 台账:记录号")
    year = models.PositiveSmallIntegerField("年")
    month = models.PositiveSmallIntegerField("月（截止）", default=0)
    note = models.TextField("说明", blank=True)
    correction = models.BooleanField("修改使累计数回落", default=False)
    message = models.CharField("核对问题", max_length=500, blank=True)
    measures = models.CharField("涉及指标", max_length=300, blank=True)
    months = models.CharField("涉及月份", max_length=60, blank=True)
    values = models.JSONField("数值", default=dict, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name="说明人")
    confirmed_by = models.CharField("说明人（名称）", max_length=50, blank=True)
    created_at = models.DateTimeField("发现时间", auto_now_add=True)
    confirmed_at = models.DateTimeField("说明时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "台账核对说明"
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["rule", "subject", "year", "month"],
                                               name="record_audit_note_unique")]

    def __str__(self) -> str:
        return f"{self.rule} {self.subject} {self.year}年{self.month}月"
