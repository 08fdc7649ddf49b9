"""企业服务: 企业诉求 with 限时办结 and the working-day calendar staff can correct; 乡镇输送用工 and 银行融资
(the town and bank reward schemes); 企业荣誉与培育名单 and 升规入统培育."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from kegong.core.rules.appeals import BY_CODE, CATEGORIES
from kegong.enterprises.models import Enterprise, OrgUnit


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


# --- 用工与融资 -----------------------------------------------------------------------------------------
class WorkerReferral(models.Model):
    """乡镇输送用工: workers a town (乡镇/街道) referred to an enterprise, for the town reward scheme."""

    town = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="worker_referrals",
                             limit_choices_to={"kind": OrgUnit.Kind.TOWN}, verbose_name="输送乡镇（街道）")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="worker_referrals",
                                   verbose_name="用工企业")
    date = models.DateField("输送日期", help_text="只知道月份时填该月1日")
    workers = models.PositiveIntegerField("输送人数（人）", validators=[MinValueValidator(1)])
    note = models.CharField("备注", max_length=200, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "乡镇输送用工"
        ordering = ["-date", "town__order", "pk"]
        constraints = [models.UniqueConstraint(fields=["town", "enterprise", "date"], name="referral_unique")]

    def __str__(self) -> str:
        return f"{self.town.name}→{self.enterprise.name} {self.workers}人（{self.date:%Y-%m-%d}）"


class BankLoan(models.Model):
    """银行融资: a loan a bank granted to an enterprise, for the bank reward scheme."""

    class Kind(models.TextChoices):
        WORKING = "working", "流动资金"
        PROJECT = "project", "项目贷款"
        OTHER = "other", "其他"

    bank = models.CharField("贷款银行", max_length=60, help_text="如：中国农业银行青溪县支行")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="bank_loans",
                                   verbose_name="贷款企业")
    granted = models.DateField("发放日期")
    amount = models.DecimalField("贷款金额（万元）", max_digits=12, decimal_places=2,
                                 validators=[MinValueValidator(Decimal("0.01"))])
    term = models.PositiveSmallIntegerField("贷款期限（月）", null=True, blank=True)
    kind = models.CharField("贷款类型", max_length=10, choices=Kind.choices, default=Kind.WORKING)
    note = models.CharField("备注", max_length=200, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "银行融资"
        ordering = ["-granted", "bank", "pk"]
        constraints = [models.UniqueConstraint(fields=["bank", "enterprise", "granted"], name="loan_unique")]

    def __str__(self) -> str:
        return f"{self.bank}→{self.enterprise.name} {self.amount}万元（{self.granted:%Y-%m-%d}）"


# --- 企业培育 ------------------------------------------------------------------------------------------
class EnterpriseHonour(models.Model):
    """企业荣誉与培育名单: an enterprise recognised as 专精特新 / 小巨人 / 创新型 or listed as a 湖湘精品 brand."""

    class Kind(models.TextChoices):
        LITTLE_GIANT = "little_giant", "专精特新“小巨人”"
        SPECIALISED = "specialised", "专精特新中小企业"
        INNOVATIVE = "innovative", "创新型中小企业"
        BRAND = "brand", "湖湘精品（品牌）"
        OTHER = "other", "其他"

    class Level(models.TextChoices):
        NATIONAL = "national", "国家级"
        PROVINCIAL = "provincial", "省级"
        MUNICIPAL = "municipal", "市级"

    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="honours",
                                   verbose_name="企业")
    kind = models.CharField("类别", max_length=14, choices=Kind.choices)
    level = models.CharField("级别", max_length=10, choices=Level.choices)
    year = models.PositiveSmallIntegerField("认定年度", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    batch = models.CharField("批次", max_length=40, blank=True, help_text="如：第一批")
    note = models.CharField("备注", max_length=200, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "企业荣誉与培育名单"
        ordering = ["-year", "kind", "pk"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "kind", "level", "year"], name="honour_unique")]

    def __str__(self) -> str:
        return f"{self.enterprise.name}：{self.year}年{self.get_level_display()}{self.get_kind_display()}"


class ScaleUpCandidate(models.Model):
    """升规入统培育: the stage the bureau has a below-scale candidate at in a year (the computed list at
    /lists/scale-up/ says who approaches the line; this says what is being done about it)."""

    class Stage(models.TextChoices):
        SURVEY = "survey", "摸底"
        CULTIVATING = "cultivating", "培育"
        APPLYING = "applying", "申报"
        ENTERED = "entered", "已入统"
        FAILED = "failed", "未达标"

    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="scale_up_records",
                                   verbose_name="企业")
    year = models.PositiveSmallIntegerField("培育年度", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    stage = models.CharField("阶段", max_length=12, choices=Stage.choices, default=Stage.SURVEY)
    expected = models.DateField("预计入统月份", null=True, blank=True, help_text="填该月任一日，按月记")
    note = models.CharField("备注", max_length=200, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "升规入统培育"
        ordering = ["-year", "stage", "pk"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "year"], name="scale_up_unique")]

    def __str__(self) -> str:
        return f"{self.enterprise.name}（{self.year}年 {self.get_stage_display()}）"

    def save(self, *args, **kwargs):
        if self.expected is not None:
            self.expected = self.expected.replace(day=1)  # a month
        super().save(*args, **kwargs)

    def expected_month(self) -> str:
        return f"{self.expected.year}年{self.expected.month}月" if self.expected else ""


# How long a recognition counts (years, its own year included); None: until it is withdrawn. Source:
# 工业和信息化部《优质中小企业梯度培育管理暂行办法》（工信部企业〔2022〕63号）— 创新型中小企业、专精特新中小企业
# and 专精特新“小巨人”企业 are each valid for three years (source year 2022; check the current revision). 湖湘精品 and
# other lists: no validity published here, counted from their year on until staff record otherwise.
HONOUR_VALID_YEARS: dict[str, int | None] = {
    EnterpriseHonour.Kind.LITTLE_GIANT: 3, EnterpriseHonour.Kind.SPECIALISED: 3,
    EnterpriseHonour.Kind.INNOVATIVE: 3, EnterpriseHonour.Kind.BRAND: None, EnterpriseHonour.Kind.OTHER: None,
}
