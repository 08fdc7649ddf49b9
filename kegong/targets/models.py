"""年度目标: the annual targets."""

from __future__ import annotations

from django.db import models


class CountyTargets(models.Manager):
    """The county's own targets (no town): ``Target.objects``, what every reader of targets has always read —
    a town's targets are read through ``Target.all_scopes`` by those who mean them (kegong.assessment)."""

    def get_queryset(self):
        return super().get_queryset().filter(town__isnull=True)


class Target(models.Model):
    """One annual target: a growth rate (规上工业增加值增长 8%), a level (工业投资 50 亿元) or a count
    (新增规上企业 12 家, 国家高新技术企业 5 家). ``code`` is a catalogue indicator code, a county-figure code
    (value_added_growth …) or a derived count (new_above_scale)."""

    class Kind(models.TextChoices):
        GROWTH = "growth", "增速"
        LEVEL = "level", "总量"
        COUNT = "count", "数量"
        SHARE = "share", "比重"

    year = models.PositiveSmallIntegerField("年度")
    code = models.CharField("指标代码", max_length=40)
    name = models.CharField("目标名称", max_length=50)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    value = models.DecimalField("目标值", max_digits=20, decimal_places=4)
    unit = models.CharField("单位", max_length=20, help_text="增速目标为 %；总量如 亿元、万元；数量如 家")
    note = models.CharField("说明", max_length=200, blank=True)
    town = models.ForeignKey("enterprises.OrgUnit", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="targets", limit_choices_to={"kind": "town"}, verbose_name="乡镇（街道）",
                             help_text="留空为全县目标；选定乡镇则为该乡镇自己的目标（绩效考评用）")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    all_scopes = models.Manager()  # the first: the default manager (admin, relations) sees every target
    objects = CountyTargets()

    class Meta:
        verbose_name = verbose_name_plural = "年度目标"
        ordering = ["year", "code", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["year", "code", "kind"], condition=models.Q(town__isnull=True),
                                    name="target_unique_county"),
            models.UniqueConstraint(fields=["year", "code", "kind", "town"], condition=models.Q(town__isnull=False),
                                    name="target_unique_town"),
        ]

    def __str__(self) -> str:
        where = f"{self.town.name} " if self.town_id else ""
        return f"{self.year}年 {where}{self.name} {self.value:g}{self.unit}"

    @property
    def scope_name(self) -> str:
        """全县, or the town's name."""
        return self.town.name if self.town_id else "全县"


class Threshold(models.Model):
    """驾驶舱预警阈值: when a measure's card turns blue, orange or red against its target (defaults in
    kegong.core.stats.thresholds; a row here overrides them for one measure)."""

    code = models.CharField("指标代码", max_length=40, unique=True)
    blue_gap = models.FloatField("蓝色：落后目标进度不超过（百分点）", default=2.0)
    orange_gap = models.FloatField("橙色：落后目标进度不超过（百分点）", default=5.0)
    red_below = models.FloatField("红色：增速低于（%）", null=True, blank=True, default=0.0,
                                  help_text="无论目标如何，增速低于此值即为红色；留空则不设")
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "驾驶舱预警阈值"
        ordering = ["code"]

    def __str__(self) -> str:
        from kegong.core.catalogue import indicator_name

        return indicator_name(self.code)
