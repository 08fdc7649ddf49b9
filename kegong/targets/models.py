"""年度目标: the annual targets."""

from __future__ import annotations

from django.db import models


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
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "年度目标"
        ordering = ["year", "code", "kind"]
        constraints = [models.UniqueConstraint(fields=["year", "code", "kind"], name="target_unique")]

    def __str__(self) -> str:
        return f"{self.year}年 {self.name} {self.value:g}{self.unit}"
