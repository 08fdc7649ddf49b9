"""企业服务: 企业诉求 with 限时办结 (and, as they are added, 升规入统 candidates, referrals and loans); the
working-day calendar staff can correct."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models

from kegong.core.rules.appeals import BY_CODE, CATEGORIES
from kegong.enterprises.models import Enterprise


class CalendarDay(models.Model):
    """A correction of the national holiday calendar (chinesecalendar): a day off or a make-up working day
    the package does not have yet (the next year's arrangement), or a local one."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", "放假"
        WORKDAY = "workday", "调休上班"

    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    note = models.CharField("说明", max_length=100, blank=True, help_text="如：国务院办公厅 2027 年部分节假日安排的通知")

    class Meta:
        verbose_name = verbose_name_plural = "工作日历更正"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}"


class Appeal(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "已受理"
        WORKING = "working", "办理中"
        CLOSED = "closed", "已办结"

    class Satisfaction(models.TextChoices):
        GOOD = "good", "满意"
        FAIR = "fair", "基本满意"
        BAD = "bad", "不满意"

    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="appeals", verbose_name="企业")
    category = models.CharField("类别", max_length=12, choices=[(c.code, c.name) for c in CATEGORIES])
    title = models.CharField("诉求事项", max_length=200)
    detail = models.TextField("具体情况", blank=True)
    department = models.CharField("责任单位", max_length=60)
    received = models.DateField("受理日期")
    days = models.PositiveSmallIntegerField("办理时限（工作日）", blank=True,
                                            help_text="空：按类别的默认时限")
    due = models.DateField("限办日期", editable=False, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    closed = models.DateField("办结日期", null=True, blank=True)
    reply = models.TextField("办理结果", blank=True)
    satisfaction = models.CharField("企业评价", max_length=6, choices=Satisfaction.choices, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="登记人")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "企业诉求"
        ordering = ["-received", "-pk"]

    def __str__(self) -> str:
        return f"{self.enterprise.name}：{self.title}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.status == self.Status.CLOSED and not self.closed:
            raise ValidationError({"closed": "已办结的诉求须填写办结日期"})
        if self.closed and self.received and self.closed < self.received:
            raise ValidationError({"closed": "办结日期不能早于受理日期"})

    def save(self, *args, **kwargs):
        from kegong.core.workdays import due_date
        from kegong.service.calendar import work_calendar

        if self.days is None:
            self.days = BY_CODE[self.category].days
        self.due = due_date(self.received, self.days, work_calendar())
        super().save(*args, **kwargs)

    def is_overdue(self, today: dt.date | None = None) -> bool:
        """Not closed by its due date: still open after it, or closed later than it."""
        today = today or dt.date.today()
        return (self.closed or today) > self.due

    def state(self) -> str:
        """What the list shows: 已办结 / 办理中, and 超期 in red where it is."""
        if self.status == self.Status.CLOSED:
            return "已办结（超期）" if self.is_overdue() else "已办结"
        return f"{self.get_status_display()}（超期）" if self.is_overdue() else self.get_status_display()

    @property
    def group(self) -> str:
        return BY_CODE[self.category].group
