"""绩效考评 models: a year's scheme (考评方案) of items, each scored by a rule of kegong.core.stats.assessment
on a measure of the registry (kegong.measures.registry) against each town's own target (Target.town), or by
the bureau's own score (ManualScore, e.g. 安全生产)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from kegong.core.errors import InputError, KegongError
from kegong.core.stats import assessment as core

MANUAL = "manual"  # the measure code of an item the bureau scores by hand


class AssessmentScheme(models.Model):
    year = models.PositiveSmallIntegerField("年度")
    name = models.CharField("方案名称", max_length=100)
    note = models.TextField("说明", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "考评方案"
        ordering = ["-year", "name"]
        constraints = [models.UniqueConstraint(fields=["year", "name"], name="assessment_scheme_unique")]

    def __str__(self) -> str:
        return f"{self.year}年 {self.name}"


class AssessmentItem(models.Model):
    """One item of a scheme and its scoring rule, field for field the core's ``Rule`` (see its docstring)."""

    class Figure(models.TextChoices):
        LEVEL = "level", "完成值（总量、数量）"
        GROWTH = "growth", "增速"

    scheme = models.ForeignKey(AssessmentScheme, on_delete=models.CASCADE, related_name="items",
                               verbose_name="考评方案")
    order = models.PositiveSmallIntegerField("排序", default=0)
    name = models.CharField("考评项目", max_length=60)
    measure = models.CharField("指标代码", max_length=40,
                               help_text="台账计数或指标的代码（如 gross_output、high_tech_enterprises）；人工评分填 manual")
    figure = models.CharField("考核口径", max_length=10, choices=Figure.choices, default=Figure.LEVEL,
                              help_text="按指标的完成值还是增速考核；对应该乡镇同一类型的年度目标")
    unit = models.CharField("单位", max_length=20, blank=True,
                            help_text="按完成值计分时完成值的单位（如 亿元）；留空为指标自身的单位")
    weight = models.DecimalField("分值", max_digits=7, decimal_places=2)
    kind = models.CharField("类别", max_length=10, choices=[(k.value, k.label) for k in core.ItemKind],
                            default=core.ItemKind.BASE.value)
    method = models.CharField("计分方法", max_length=10, choices=[(m.value, m.label) for m in core.Method],
                              default=core.Method.LINEAR.value)
    basis = models.CharField("计分依据", max_length=12, choices=[(b.value, b.label) for b in core.Basis],
                             default=core.Basis.COMPLETION.value)
    lower = models.FloatField("下限", null=True, blank=True, help_text="线性计分：低于下限得 0 分")
    full = models.FloatField("满分线", null=True, blank=True, help_text="线性计分：达到满分线得满分")
    floor = models.FloatField("下限得分（保底分）", default=0.0)
    cap = models.FloatField("封顶分", null=True, blank=True, help_text="留空则以分值封顶")
    bands = models.JSONField("分档", default=list, blank=True,
                             help_text="分档计分：[[达到, 得分], …]，如 [[100, 10], [90, 8], [80, 5]]")
    step = models.FloatField("每名次递减分", default=0.0)
    per_unit = models.FloatField("每单位加（扣）分", default=0.0)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "考评项目"
        ordering = ["scheme", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["scheme", "name"], name="assessment_item_unique")]

    def __str__(self) -> str:
        return f"{self.scheme} {self.name}（{self.weight:g}分）"

    @property
    def is_manual(self) -> bool:
        return self.method == core.Method.MANUAL or self.measure == MANUAL

    def rule(self) -> core.Rule:
        """The core's rule (InputError, in Chinese, for a rule the core refuses)."""
        method = core.Method.MANUAL if self.measure == MANUAL else core.Method(self.method)
        return core.Rule(weight=float(self.weight), method=method, basis=core.Basis(self.basis),
                         kind=core.ItemKind(self.kind), lower=self.lower, full=self.full, floor=self.floor,
                         cap=self.cap, bands=bands_of(self.bands), step=self.step, per_unit=self.per_unit)

    def bounds(self) -> tuple[float, float]:
        """The range of a manual score: 0 to the cap (or the weight); a deduction 0 down to minus it."""
        ceiling = self.rule().ceiling
        return (-ceiling, 0.0) if self.kind == core.ItemKind.DEDUCTION else (0.0, ceiling)

    def clean(self) -> None:
        from kegong.measures.registry import REGISTRY, measure

        if self.measure != MANUAL:
            try:
                measure(self.measure)
            except KeyError:
                known = "、".join(sorted(REGISTRY)[:12])
                raise ValidationError({"measure": f"没有代码为“{self.measure}”的指标（可用如：{known} …；"
                                                  f"人工评分填 {MANUAL}）"}) from None
        if self.weight is None:
            return
        try:
            self.rule()
        except KegongError as e:
            raise ValidationError(str(e)) from None


def bands_of(raw) -> tuple[core.Band, ...]:
    """The stored bands ([[at_least, score], …] or [{"at_least":…, "score":…}, …]) as the core's."""
    out = []
    for b in raw or ():
        try:
            at, score = (b["at_least"], b["score"]) if isinstance(b, dict) else b
            out.append(core.Band(float(at), float(score)))
        except (TypeError, ValueError, KeyError):
            raise InputError(f"分档“{b}”应为 [达到, 得分] 两个数") from None
    return tuple(out)


class ManualScore(models.Model):
    """The bureau's own score of one town on one item (安全生产 …)."""

    item = models.ForeignKey(AssessmentItem, on_delete=models.CASCADE, related_name="manual_scores",
                             verbose_name="考评项目")
    town = models.ForeignKey("enterprises.OrgUnit", on_delete=models.PROTECT, related_name="manual_scores",
                             limit_choices_to={"kind": "town"}, verbose_name="乡镇（街道）")
    score = models.DecimalField("得分", max_digits=7, decimal_places=2)
    note = models.CharField("评分说明", max_length=200, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                           related_name="+", verbose_name="评分人")
    updated_at = models.DateTimeField("评分时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "人工评分"
        ordering = ["item", "town__order", "town__name"]
        constraints = [models.UniqueConstraint(fields=["item", "town"], name="manual_score_unique")]

    def __str__(self) -> str:
        return f"{self.item.name} {self.town.name} {self.score:g}分"

    def clean(self) -> None:
        if not self.item_id or self.score is None:
            return
        if not self.item.is_manual:
            raise ValidationError({"item": f"“{self.item.name}”按指标计分，不能人工评分"})
        low, high = self.item.bounds()
        if not low <= float(self.score) <= high:
            raise ValidationError({"score": f"“{self.item.name}”的得分应在 {low:g} 至 {high:g} 之间"})
