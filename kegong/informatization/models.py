"""信息化与两化融合 (issue 13): the 5G 建设年度计划 of each town, the 5G base stations (站点) planned, built and
opened, and the yearly 企业信息化调查 of each enterprise (the 四率 and 企业上云)."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from kegong.enterprises.models import Enterprise, OrgUnit

_YEAR = (MinValueValidator(2000), MaxValueValidator(2100))


class G5Plan(models.Model):
    """5G建设年度计划: the sites a town is to build in a year and the investment planned (万元)."""

    year = models.PositiveSmallIntegerField("计划年度", validators=_YEAR)
    town = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="g5_plans",
                             limit_choices_to={"kind": OrgUnit.Kind.TOWN}, verbose_name="乡镇（街道）")
    sites = models.PositiveIntegerField("计划建设站点数（个）")
    investment = models.DecimalField("计划投资（万元）", max_digits=12, decimal_places=2,
                                     validators=[MinValueValidator(Decimal("0"))])
    note = models.CharField("备注", max_length=200, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "5G建设年度计划"
        ordering = ["-year", "town__order", "pk"]
        constraints = [models.UniqueConstraint(fields=["year", "town"], name="g5_plan_unique")]

    def __str__(self) -> str:
        return f"{self.year}年{self.town.name} 计划{self.sites}个站点"


class G5Site(models.Model):
    """5G基站: a site by its operator's number, its town, status and the dates it was built and opened."""

    class Operator(models.TextChoices):
        MOBILE = "mobile", "中国移动"
        TELECOM = "telecom", "中国电信"
        UNICOM = "unicom", "中国联通"
        TOWER = "tower", "中国铁塔"

    class Status(models.TextChoices):
        PLANNED = "planned", "规划"
        BUILDING = "building", "在建"
        BUILT = "built", "建成"
        OPEN = "open", "开通"

    number = models.CharField("站点编号", max_length=40, unique=True)
    name = models.CharField("站点名称", max_length=100)
    town = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="g5_sites",
                             limit_choices_to={"kind": OrgUnit.Kind.TOWN}, verbose_name="乡镇（街道）")
    operator = models.CharField("运营商", max_length=10, choices=Operator.choices)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PLANNED)
    built = models.DateField("建成日期", null=True, blank=True)
    opened = models.DateField("开通日期", null=True, blank=True)
    investment = models.DecimalField("投资（万元）", max_digits=12, decimal_places=2, null=True, blank=True,
                                     validators=[MinValueValidator(Decimal("0"))])
    note = models.CharField("备注", max_length=200, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "5G基站"
        ordering = ["town__order", "number"]

    def __str__(self) -> str:
        return f"{self.name}（{self.number}）"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.status in (self.Status.BUILT, self.Status.OPEN) and not self.built:
            raise ValidationError({"built": "建成或开通的站点须填写建成日期"})
        if self.status == self.Status.OPEN and not self.opened:
            raise ValidationError({"opened": "开通的站点须填写开通日期"})
        if self.built and self.opened and self.opened < self.built:
            raise ValidationError({"opened": "开通日期不能早于建成日期"})


class ItSurvey(models.Model):
    """企业信息化年度调查: an enterprise's answers for a year; each item yes / no, empty where not answered."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="it_surveys",
                                   verbose_name="企业")
    year = models.PositiveSmallIntegerField("调查年度", validators=_YEAR)
    broadband = models.BooleanField("宽带接入", null=True, blank=True)
    lan = models.BooleanField("内部局域网", null=True, blank=True)
    ecommerce = models.BooleanField("电子商务", null=True, blank=True)
    website = models.BooleanField("门户网站", null=True, blank=True)
    cloud = models.BooleanField("上云", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "企业信息化年度调查"
        ordering = ["-year", "enterprise__name", "pk"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "year"], name="it_survey_unique")]

    def __str__(self) -> str:
        return f"{self.enterprise.name}（{self.year}年信息化调查）"

    def _said(self, item: str) -> str:
        v = getattr(self, item)
        return "未答" if v is None else "是" if v else "否"

    def broadband_said(self) -> str:
        return self._said("broadband")

    def lan_said(self) -> str:
        return self._said("lan")

    def ecommerce_said(self) -> str:
        return self._said("ecommerce")

    def website_said(self) -> str:
        return self._said("website")

    def cloud_said(self) -> str:
        return self._said("cloud")


ITEMS = ("broadband", "lan", "ecommerce", "website", "cloud")
