"""墙材与节能 (issue 13 item 4): the wall-material producers (烧结 / 混凝土), their monthly output in 万块 折标砖,
the savings coefficients (a table staff edit, seeded from kegong.core.rules.wall) and the 新型墙材产品认定
applications. A cumulative output is the sum of the months (an output is never negative), so 1-2月 can
never exceed 1-6月."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from kegong.core.rules.wall import DEFAULT_BY_CODE
from kegong.enterprises.models import Enterprise

_YEAR = {"validators": [MinValueValidator(2000), MaxValueValidator(2100)]}


class _Record(models.Model):
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        abstract = True


class WallProducer(_Record):
    """墙材生产企业: an enterprise making wall materials, its kind and whether it is producing."""

    class Kind(models.TextChoices):
        SINTERED = "sintered", "烧结"
        CONCRETE = "concrete", "混凝土"

    class Status(models.TextChoices):
        NORMAL = "normal", "正常生产"
        STOPPED = "stopped", "停产"
        CLOSED = "closed", "关停"

    enterprise = models.OneToOneField(Enterprise, on_delete=models.PROTECT, related_name="wall_producer",
                                      verbose_name="企业")
    kind = models.CharField("墙材类别", max_length=10, choices=Kind.choices)
    status = models.CharField("生产状态", max_length=10, choices=Status.choices, default=Status.NORMAL)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "墙材生产企业"
        ordering = ["enterprise__name"]

    def __str__(self) -> str:
        return f"{self.enterprise.name}（{self.get_kind_display()}，{self.get_status_display()}）"


class WallOutput(_Record):
    """墙材月度产量: one enterprise's output of one month, in 万块 折标砖 (never negative)."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="wall_outputs",
                                   verbose_name="企业")
    year = models.PositiveSmallIntegerField("年份", **_YEAR)
    month = models.PositiveSmallIntegerField("月份", validators=[MinValueValidator(1), MaxValueValidator(12)])
    output = models.DecimalField("产量（万块，折标砖）", max_digits=12, decimal_places=2,
                                 validators=[MinValueValidator(0)])
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "墙材月度产量"
        ordering = ["-year", "-month", "enterprise__name"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year", "month"], name="wall_output_unique"),
            models.CheckConstraint(condition=models.Q(output__gte=0), name="wall_output_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise.name} {self.year}年{self.month}月 {self.output}万块"

    def clean(self) -> None:
        """An output is a producer's: its kind (烧结 / 混凝土) decides where it counts."""
        if self.enterprise_id and not WallProducer.objects.filter(enterprise_id=self.enterprise_id).exists():
            raise ValidationError({"enterprise": f"“{self.enterprise.name}”不在墙材生产企业名册中，请先登记其墙材类别"})


class SavingsCoefficient(_Record):
    """节约折算系数: what 1 亿块标砖 of 新型墙材 saves, from a year on; staff change a value here (the measures
    take the latest row valid for the period's year, else kegong.core.rules.wall's default)."""

    class Code(models.TextChoices):
        LAND = "land", "节约土地"
        COAL = "coal", "节约能源"
        WASTE = "waste", "利用工业废渣"

    code = models.CharField("系数", max_length=10, choices=Code.choices)
    value = models.DecimalField("每亿块标砖折算值", max_digits=14, decimal_places=4, validators=[MinValueValidator(0)])
    unit = models.CharField("单位", max_length=30)
    source = models.TextField("出处")
    valid_from = models.PositiveSmallIntegerField("起用年份", **_YEAR)

    class Meta:
        verbose_name = verbose_name_plural = "节约折算系数"
        ordering = ["code", "-valid_from"]
        constraints = [models.UniqueConstraint(fields=["code", "valid_from"], name="wall_coefficient_unique")]

    def __str__(self) -> str:
        return f"{self.get_code_display()} {self.value}{self.unit}（{self.valid_from}年起）"

    def save(self, *args, **kwargs):
        if not self.unit and self.code in DEFAULT_BY_CODE:
            self.unit = DEFAULT_BY_CODE[self.code].unit
        super().save(*args, **kwargs)


class NewWallMaterialApplication(_Record):
    """新型墙材产品认定申请: an enterprise's application for one product in a year, and its result."""

    class Status(models.TextChoices):
        APPLIED = "applied", "申请"
        CERTIFIED = "certified", "认定"
        REJECTED = "rejected", "未通过"

    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="wall_applications",
                                   verbose_name="企业")
    product = models.CharField("产品名称", max_length=100)
    year = models.PositiveSmallIntegerField("申请年度", **_YEAR)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.APPLIED)
    date = models.DateField("日期", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "新型墙材产品认定申请"
        ordering = ["-year", "enterprise__name", "product"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "product", "year"],
                                               name="wall_application_unique")]

    def __str__(self) -> str:
        return f"{self.enterprise.name} {self.product}（{self.year}年，{self.get_status_display()}）"
