"""示范区重点项目与新能源 (issue 13 items 1–2): the project categories a user keeps, the 示范区 key projects of a
scheme year with their total and planned investment (万元), stage, enterprise and park, and which of them count
as 工业投资 and why; each project's completed investment by month (万元); the wind farms and solar bases with
their capacity in 兆瓦 (power) and generation in 万千瓦时 (energy) where known."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from kegong.enterprises.models import Enterprise, OrgUnit

_YEAR = (MinValueValidator(2000), MaxValueValidator(2100))
_MONEY = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


class Project(models.Model):
    """示范区重点项目: one project of a scheme year (a project carried on next year is that year's row too)."""

    class Stage(models.TextChoices):
        PENDING = "pending", "待建"
        BUILDING = "building", "在建"
        OPERATING = "operating", "竣工投产"

    name = models.CharField("项目名称", max_length=200)
    theme = models.ForeignKey("projects.ProjectTheme", on_delete=models.PROTECT, related_name="projects",
                              verbose_name="项目类别")
    year = models.PositiveSmallIntegerField("计划年度", validators=_YEAR)
    total_investment = models.DecimalField("总投资（万元）", **_MONEY)
    plan_investment = models.DecimalField("年度计划投资（万元）", **_MONEY)
    stage = models.CharField("建设阶段", max_length=10, choices=Stage.choices, default=Stage.PENDING)
    enterprise = models.ForeignKey(Enterprise, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="zone_projects", verbose_name="项目业主（企业）")
    park = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="zone_projects",
                             limit_choices_to={"kind": OrgUnit.Kind.PARK}, verbose_name="所在园区")
    counts_as_industrial = models.BooleanField("计入工业投资", default=False)
    industrial_reason = models.CharField("计入（或不计入）工业投资的理由", max_length=200, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "示范区重点项目"
        ordering = ["-year", "theme__order", "name"]
        constraints = [models.UniqueConstraint(fields=["name", "year"], name="zone_project_unique")]

    def __str__(self) -> str:
        return f"{self.name}（{self.year}年）"


class ProjectProgress(models.Model):
    """项目月度完成投资: what a project completed in one month of its year (万元, never negative)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="progress", verbose_name="项目")
    year = models.PositiveSmallIntegerField("年份", validators=_YEAR)
    month = models.PositiveSmallIntegerField("月份", validators=[MinValueValidator(1), MaxValueValidator(12)])
    completed = models.DecimalField("本月完成投资（万元）", **_MONEY)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "项目月度完成投资"
        ordering = ["-year", "-month", "project__name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year", "month"], name="zone_progress_unique"),
            models.CheckConstraint(condition=models.Q(completed__gte=0), name="zone_progress_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.project.name} {self.year}年{self.month}月 {self.completed}万元"


class EnergyFarm(models.Model):
    """新能源项目: a wind farm or solar base; capacity is power (兆瓦), generation is energy (万千瓦时)."""

    class Kind(models.TextChoices):
        WIND = "wind", "风电"
        SOLAR = "solar", "光伏"

    class Status(models.TextChoices):
        BUILT = "built", "已建成"
        BUILDING = "building", "在建"
        PLANNED = "planned", "待建（规划）"

    name = models.CharField("项目名称", max_length=200, unique=True)
    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PLANNED)
    capacity_mw = models.DecimalField("装机容量（兆瓦）", max_digits=10, decimal_places=2,
                                      validators=[MinValueValidator(Decimal("0"))])
    generation = models.DecimalField("年发电量（万千瓦时）", max_digits=12, decimal_places=2, null=True, blank=True,
                                     validators=[MinValueValidator(Decimal("0"))])
    town = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="energy_farms",
                             limit_choices_to={"kind": OrgUnit.Kind.TOWN}, verbose_name="所在乡镇（街道）")
    built = models.DateField("建成日期", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "新能源项目"
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_kind_display()}，{self.capacity_mw}兆瓦）"


class LibraryChange(models.Model):
    """What the import of a 项目库 file (one import batch, kegong.imports) did to the projects — a category,
    project or month created, a project or month changed with its values before — so that rolling the batch
    back undoes it (kegong.projects.library). Plain numbers, not keys: the imports are not this app's."""

    class Kind(models.TextChoices):
        THEME_CREATED = "theme_created", "新增项目类别"
        PROJECT_CREATED = "project_created", "新增项目"
        PROJECT_UPDATED = "project_updated", "修改项目"
        PROGRESS_CREATED = "progress_created", "新增月度完成投资"
        PROGRESS_UPDATED = "progress_updated", "修改月度完成投资"

    batch_id = models.PositiveBigIntegerField("导入批次", db_index=True)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    project_pk = models.PositiveBigIntegerField("项目编号", null=True, blank=True, db_index=True)
    object_pk = models.PositiveBigIntegerField("对象编号")
    old = models.JSONField("原值", default=dict, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "项目库导入变更记录"
        ordering = ["pk"]


# defined last: a clean-up deleting the app's models in order removes the projects (PROTECT) before their categories
class ProjectTheme(models.Model):
    """项目类别: 生态环境, 生态产业 … — a list staff keep (seeded by migration 0002)."""

    name = models.CharField("类别名称", max_length=40, unique=True)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "项目类别"
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name
