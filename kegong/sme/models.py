"""中小微企业 (issue 13 item 5): the quarterly 信心指数 survey, one row per enterprise and quarter with one
answer per question (kegong.core.stats.confidence.QUESTIONS), and the field check (现场核查) of each size
认定 the bureau makes, its computed size from the figures found (kegong.core.rules.enterprise_size)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from kegong.core.rules.enterprise_size import SIZES, classify, size_name
from kegong.core.stats.confidence import ANSWERS, BY_CODE
from kegong.enterprises.models import Enterprise

_YEAR = {"validators": [MinValueValidator(2000), MaxValueValidator(2100)]}
_ANSWER = {"max_length": 5, "choices": ANSWERS, "blank": True}
_WAN = {"max_digits": 14, "decimal_places": 2, "null": True, "blank": True, "validators": [MinValueValidator(0)]}
QUARTERS = ((1, "一季度"), (2, "二季度"), (3, "三季度"), (4, "四季度"))


class _Record(models.Model):
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        abstract = True


def _answer(code: str):
    return models.CharField(BY_CODE[code].name, **_ANSWER)


class ConfidenceSurvey(_Record):
    """信心指数调查问卷: one enterprise's answers of one quarter (好转/乐观, 持平, 恶化/悲观; blank: not answered)."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="confidence_surveys",
                                   verbose_name="企业")
    year = models.PositiveSmallIntegerField("年度", **_YEAR)
    quarter = models.PositiveSmallIntegerField("季度", choices=QUARTERS)
    overall = _answer("overall")
    production = _answer("production")
    orders = _answer("orders")
    employment = _answer("employment")
    financing = _answer("financing")
    profit = _answer("profit")
    outlook = _answer("outlook")
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "信心指数调查"
        ordering = ["-year", "-quarter", "enterprise__name"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "year", "quarter"],
                                               name="confidence_survey_unique")]

    def __str__(self) -> str:
        return f"{self.enterprise.name} {self.year}年{self.get_quarter_display()}问卷"

    def answers(self) -> dict[str, str | None]:
        return {code: getattr(self, code) or None for code in BY_CODE}

    def clean(self) -> None:
        if not any(self.answers().values()):
            raise ValidationError({"overall": "问卷没有任何一题的回答（好转/乐观、持平、恶化/悲观）"})


class SizeCheck(_Record):
    """认定现场核查: the field check of an enterprise's declared size — the staff and revenue found, the size
    they give by the standard (computed on save) and the inspectors' conclusion."""

    class Conclusion(models.TextChoices):
        PASSED = "passed", "通过"
        FAILED = "failed", "不通过"
        PENDING = "pending", "待补充"

    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="size_checks",
                                   verbose_name="企业")
    date = models.DateField("核查日期")
    year = models.PositiveSmallIntegerField("数据年度", help_text="核查的从业人员、营业收入所属年度", **_YEAR)
    declared = models.CharField("申报规模", max_length=6, choices=SIZES)
    staff = models.PositiveIntegerField("核查从业人员（人）", null=True, blank=True)
    revenue = models.DecimalField("核查营业收入（万元）", **_WAN)
    assets = models.DecimalField("核查资产总额（万元）", **_WAN)
    computed = models.CharField("按标准测算规模", max_length=6, choices=SIZES, blank=True, editable=False)
    working = models.CharField("测算过程", max_length=300, blank=True, editable=False)
    conclusion = models.CharField("核查结论", max_length=8, choices=Conclusion.choices,
                                  default=Conclusion.PENDING)
    inspectors = models.CharField("核查人员", max_length=100, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "企业规模认定现场核查"
        ordering = ["-date", "enterprise__name"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "date"], name="size_check_unique")]

    def __str__(self) -> str:
        return f"{self.enterprise.name} {self.date} 核查（申报{self.get_declared_display()}）"

    def _compute(self) -> None:
        c = classify(self.staff, self.revenue)
        self.computed, self.working = c.size or "", c.working[:300]

    def clean(self) -> None:
        """通过 only when the figures found give the declared size."""
        self._compute()
        if self.conclusion == self.Conclusion.PASSED and self.computed and self.declared and \
                self.computed != self.declared:
            raise ValidationError({"conclusion": f"结论为“通过”，但按核查数测算为{size_name(self.computed)}，"
                                                 f"与申报的{size_name(self.declared)}不符"})
        if self.conclusion == self.Conclusion.PASSED and not self.computed:
            raise ValidationError({"conclusion": "结论为“通过”，但核查的从业人员或营业收入未填，无法测算规模"})

    def save(self, *args, **kwargs):
        self._compute()
        super().save(*args, **kwargs)
