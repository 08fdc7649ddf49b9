"""企业月报: the indicator catalogue, each enterprise's monthly figures, their revision history and the power
company's readings per account. Batches live in ``kegong.imports``."""

from __future__ import annotations

from django.db import models

from kegong.core.catalogue import AGGREGATIONS, SOURCES
from kegong.core.periods import Period
from kegong.enterprises.models import Enterprise

AMOUNT = {"max_digits": 20, "decimal_places": 4, "null": True, "blank": True}


class Indicator(models.Model):
    class Kind(models.TextChoices):
        FLOW = "flow", "流量（按月累加）"
        STOCK = "stock", "存量（期末值）"

    code = models.CharField("代码", max_length=40, unique=True)
    name = models.CharField("指标名称", max_length=50)
    unit = models.CharField("计量单位", max_length=20)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices, default=Kind.FLOW)
    source = models.CharField("来源", max_length=20, choices=list(SOURCES.items()))
    aggregation = models.CharField("汇总方式", max_length=10, default="sum", choices=list(AGGREGATIONS.items()))
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "指标目录"
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{self.name}（{self.unit}）"


class MonthlyFigure(models.Model):
    """One enterprise's figure of one indicator for one reporting month.

    ``month`` is the last month covered; ``start_month`` is 1 for the combined January–February report
    (month=2) and equals ``month`` otherwise. ``value`` is the month's (or the combined 1-2月) figure,
    ``cumulative`` the Jan–month total; the prior-year fields are what the enterprise reported for the same
    period of last year **on this same form** (上年同月, 上年同期累计).
    """

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="figures",
                                   verbose_name="企业")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, verbose_name="指标")
    year = models.PositiveSmallIntegerField("年")
    month = models.PositiveSmallIntegerField("月（截止）")
    start_month = models.PositiveSmallIntegerField("起始月", help_text="1-2月合并报送时为 1")
    value = models.DecimalField("本月", **AMOUNT)
    cumulative = models.DecimalField("1-本月累计", **AMOUNT)
    prior_year_value = models.DecimalField("上年同月", **AMOUNT)
    prior_year_cumulative = models.DecimalField("上年同期累计", **AMOUNT)
    batch = models.ForeignKey("imports.ImportBatch", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="figures", verbose_name="导入批次")

    class Meta:
        verbose_name = verbose_name_plural = "企业月度数据"
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "indicator", "year", "month"], name="figure_unique"),
            models.CheckConstraint(condition=models.Q(start_month__lte=models.F("month")),
                                   name="figure_start_before_end"),
        ]
        indexes = [models.Index(fields=["indicator", "year", "month"])]

    @property
    def period(self) -> Period:
        """The months the figure covers: the month, or 1-2月 (``start_month`` 1, ``month`` 2)."""
        return Period(self.year, self.start_month, self.month)

    def __str__(self) -> str:
        return f"{self.enterprise} {self.indicator.name} {self.period.label()}"


class FigureRevision(models.Model):
    """The figure as it stood before a later batch replaced it (history; used to roll a batch back)."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, verbose_name="企业")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, verbose_name="指标")
    year = models.PositiveSmallIntegerField("年")
    month = models.PositiveSmallIntegerField("月（截止）")
    start_month = models.PositiveSmallIntegerField("起始月")
    value = models.DecimalField("本月", **AMOUNT)
    cumulative = models.DecimalField("1-本月累计", **AMOUNT)
    prior_year_value = models.DecimalField("上年同月", **AMOUNT)
    prior_year_cumulative = models.DecimalField("上年同期累计", **AMOUNT)
    old_batch = models.ForeignKey("imports.ImportBatch", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+", verbose_name="原批次")
    replaced_by = models.ForeignKey("imports.ImportBatch", on_delete=models.CASCADE, related_name="revisions",
                                    verbose_name="替代批次")
    existed = models.BooleanField("替代前已存在", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "数据修订历史"


class PowerReading(models.Model):
    """One power account's consumption in one month, as the power company listed it (千瓦时). Kept so that
    an account matched to an enterprise later still brings its earlier months along."""

    account = models.ForeignKey("enterprises.PowerAccount", on_delete=models.CASCADE, related_name="readings",
                                verbose_name="户号")
    year = models.PositiveSmallIntegerField("年")
    month = models.PositiveSmallIntegerField("月")
    kwh = models.DecimalField("用电量（千瓦时）", max_digits=20, decimal_places=4)
    batch = models.ForeignKey("imports.ImportBatch", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                              verbose_name="导入批次")

    class Meta:
        verbose_name = verbose_name_plural = "供电户号月用电量"
        constraints = [models.UniqueConstraint(fields=["account", "year", "month"], name="reading_unique")]


class PanelChange(models.Model):
    """One committed change to the figures (an import, a rollback, an entry, an admin edit): the months it
    touched. The newest row is the data version the derived panel store is keyed by; ``token`` makes a
    version unique even where a rolled-back transaction lets the database reuse an id."""

    token = models.CharField("标识", max_length=16)
    months = models.JSONField("涉及月份", default=list, help_text="[[年, 月], …]；空表示只改了企业名录或规上状态")
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "数据变更记录"
