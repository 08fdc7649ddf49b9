"""科技创新: 高新技术企业 certificates and applications, their yearly 火炬统计 and 年报 filings, tech-SME
registrations, R&D filings and subsidy applications, innovation platforms, projects, and the enterprises in
the statistics of 高新技术产业增加值."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from kegong.enterprises.models import Enterprise

VALID_YEARS = 3  # a 高新技术企业 certificate is valid for three years from its issue date


def valid_until(issued: dt.date) -> dt.date:
    """The last day of a certificate issued on ``issued`` (three years, less a day)."""
    try:
        end = issued.replace(year=issued.year + VALID_YEARS)
    except ValueError:  # 29 February
        end = issued.replace(year=issued.year + VALID_YEARS, day=28)
    return end - dt.timedelta(days=1)


class HighTechCertificate(models.Model):
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="high_tech_certificates",
                                   verbose_name="企业")
    number = models.CharField("证书编号", max_length=30, unique=True)
    issued = models.DateField("发证日期")
    batch = models.CharField("认定批次", max_length=40, blank=True, help_text="如：2025年第一批")
    note = models.CharField("备注", max_length=200, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "高新技术企业证书"
        ordering = ["-issued", "number"]

    def __str__(self) -> str:
        return f"{self.number}（{self.enterprise.name}）"

    @property
    def valid_until(self) -> dt.date:
        return valid_until(self.issued)

    def is_valid_on(self, day: dt.date) -> bool:
        return self.issued <= day <= self.valid_until

    def renewal_due(self, months: int = 6) -> dt.date:
        """When the re-certification should be prepared: ``months`` before the certificate ends."""
        end = self.valid_until
        y, m = divmod(end.month - 1 - months, 12)
        return end.replace(year=end.year + y, month=m + 1, day=min(end.day, 28))


# --- the other 科技创新 ledgers (issue 12): each a record of the bureau's work an enterprise can be named in ------
_AMOUNT = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(0)]}


def _year_field(name: str = "年度") -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(name, validators=[MinValueValidator(2000), MaxValueValidator(2100)])


def _enterprise(related: str) -> models.ForeignKey:
    return models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name=related, verbose_name="企业")


class _Record(models.Model):
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    EMPTY_HINTS: dict[str, str] = {}  # field → what to do about it being empty, said after “不能为空”

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None) -> None:
        """Django's checks, an empty required value said as “不能为空” (not “这个值不能为 null。”)."""
        try:
            super().clean_fields(exclude)
        except ValidationError as e:
            raise ValidationError({
                name: [f"不能为空{self.EMPTY_HINTS.get(name, '')}"] if name != NON_FIELD_ERRORS
                and getattr(self, self._meta.get_field(name).attname, None) is None else errors
                for name, errors in e.error_dict.items()}) from None


class HighTechApplication(_Record):
    """高新技术企业申报: one enterprise's application in one batch of a year, from 培育 (being prepared) through
    申报 (submitted) and 评审 (under review) to 认定 (recognised, with the certificate's number) or 未通过."""

    class Batch(models.TextChoices):
        FIRST = "first", "第一批"
        SECOND = "second", "第二批"

    class Stage(models.TextChoices):
        CULTIVATING = "cultivating", "培育"
        APPLIED = "applied", "申报"
        REVIEW = "review", "评审"
        CERTIFIED = "certified", "认定"
        REJECTED = "rejected", "未通过"

    SUBMITTED = (Stage.APPLIED, Stage.REVIEW, Stage.CERTIFIED, Stage.REJECTED)  # 申报 or later

    enterprise = _enterprise("high_tech_applications")
    year = _year_field("申报年度")
    batch = models.CharField("申报批次", max_length=10, choices=Batch.choices, default=Batch.FIRST)
    stage = models.CharField("阶段", max_length=12, choices=Stage.choices, default=Stage.CULTIVATING)
    applied = models.DateField("申报日期", null=True, blank=True)
    result_date = models.DateField("结果日期", null=True, blank=True, help_text="认定或未通过的公布日期")
    certificate_number = models.CharField("证书编号", max_length=30, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "高新技术企业申报"
        ordering = ["-year", "batch", "enterprise__name"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "year", "batch"], name="high_tech_app_unique")]

    def __str__(self) -> str:
        return f"{self.enterprise.name} {self.year}年{self.get_batch_display()}（{self.get_stage_display()}）"

    def clean(self) -> None:
        if self.stage == self.Stage.CERTIFIED and not self.certificate_number:
            raise ValidationError({"certificate_number": "已认定的申报须填写证书编号"})
        if self.certificate_number and self.stage != self.Stage.CERTIFIED:
            raise ValidationError({"certificate_number": "只有已认定的申报才有证书编号"})
        if self.applied and self.result_date and self.result_date < self.applied:
            raise ValidationError({"result_date": "结果日期不能早于申报日期"})


class FilingStatus(models.TextChoices):
    NONE = "none", "未填报"
    FILED = "filed", "已填报"
    RETURNED = "returned", "退回修改"
    CHECKED = "checked", "已审核"


class HighTechFiling(_Record):
    """火炬统计与高企年报: a certified enterprise's two yearly reports about one year (the year the figures are
    for: 2025年度, reported in 2026 — 火炬统计 by March, the 高新技术企业年度发展情况报表 by 31 May)."""

    enterprise = _enterprise("high_tech_filings")
    year = _year_field("报告年度")
    torch_status = models.CharField("火炬统计", max_length=10, choices=FilingStatus.choices, default=FilingStatus.NONE)
    torch_date = models.DateField("火炬统计填报日期", null=True, blank=True)
    report_status = models.CharField("高企年报", max_length=10, choices=FilingStatus.choices, default=FilingStatus.NONE)
    report_date = models.DateField("高企年报填报日期", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "火炬统计与高企年报"
        ordering = ["-year", "enterprise__name"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "year"], name="high_tech_filing_unique")]

    def __str__(self) -> str:
        return f"{self.enterprise.name} {self.year}年度（火炬统计{self.get_torch_status_display()}，" \
               f"年报{self.get_report_status_display()}）"


class TechSmeRegistration(_Record):
    """科技型中小企业评价入库: an enterprise's registration of a year — 自评, 公示, 入库 (with the 入库登记编号 the
    province publishes), 未通过 or 撤销."""

    class Status(models.TextChoices):
        SELF = "self", "自评"
        PUBLIC = "public", "公示"
        REGISTERED = "registered", "入库"
        REJECTED = "rejected", "未通过"
        REVOKED = "revoked", "撤销"

    EMPTY_HINTS = {"year": "（清单没有“评价年度”列时，按以年份开头的入库登记编号确定）"}

    enterprise = _enterprise("tech_sme_registrations")
    year = _year_field("评价年度")
    number = models.CharField("入库登记编号", max_length=30, blank=True, help_text="如：202643112404000123")
    score = models.PositiveSmallIntegerField("评价得分", null=True, blank=True, validators=[MaxValueValidator(100)])
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.SELF)
    date = models.DateField("入库日期", null=True, blank=True, help_text="入库（或公示、撤销）的日期")
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "科技型中小企业入库"
        ordering = ["-year", "number", "enterprise__name"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "year"], name="tech_sme_unique")]

    def __str__(self) -> str:
        return f"{self.enterprise.name} {self.year}年（{self.get_status_display()}）"

    def clean(self) -> None:
        if self.status == self.Status.REGISTERED and not self.number:
            raise ValidationError({"number": "已入库的企业须填写入库登记编号"})


class RdFiling(_Record):
    """研发费用备案: an enterprise's filing of its R&D spending in a year's campaign (amount in 万元)."""

    enterprise = _enterprise("rd_filings")
    year = _year_field("备案年度")
    amount = models.DecimalField("备案金额（万元）", null=True, blank=True, **_AMOUNT)
    filed = models.DateField("备案日期")
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "研发费用备案"
        ordering = ["-year", "-filed", "enterprise__name"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "year"], name="rd_filing_unique")]

    def __str__(self) -> str:
        return f"{self.enterprise.name} {self.year}年研发费用备案"


class RdSubsidy(_Record):
    """研发财政奖补申报: an enterprise's application for the year's R&D subsidy — the amount applied for and,
    once granted, the amount granted (万元)."""

    class Status(models.TextChoices):
        APPLIED = "applied", "申报"
        REVIEW = "review", "审核"
        GRANTED = "granted", "已拨付"
        REJECTED = "rejected", "未通过"

    enterprise = _enterprise("rd_subsidies")
    year = _year_field("申报年度")
    applied_amount = models.DecimalField("申报金额（万元）", **_AMOUNT)
    granted_amount = models.DecimalField("拨付金额（万元）", null=True, blank=True, help_text="拨付后填写", **_AMOUNT)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.APPLIED)
    applied = models.DateField("申报日期")
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "研发财政奖补申报"
        ordering = ["-year", "-applied", "enterprise__name"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "year"], name="rd_subsidy_unique")]

    def __str__(self) -> str:
        return f"{self.enterprise.name} {self.year}年研发财政奖补"

    def clean(self) -> None:
        if self.status == self.Status.GRANTED and self.granted_amount is None:
            raise ValidationError({"granted_amount": "已拨付的奖补须填写拨付金额"})


class InnovationPlatform(_Record):
    """创新平台: an enterprise's application for (and the recognition of) an R&D centre, a popular-science base
    and the like, at the city's, the province's or the nation's level."""

    class Kind(models.TextChoices):
        RD_CENTRE = "rd_centre", "技术研发中心"
        SCIENCE_BASE = "science_base", "科普基地"
        ENGINEERING = "engineering", "工程技术研究中心"
        TECH_CENTRE = "tech_centre", "企业技术中心"
        KEY_LAB = "key_lab", "重点实验室"

    class Level(models.TextChoices):
        CITY = "city", "市级"
        PROVINCE = "province", "省级"
        NATIONAL = "national", "国家级"

    class Status(models.TextChoices):
        APPLIED = "applied", "申报"
        RECOGNISED = "recognised", "认定"
        REJECTED = "rejected", "未通过"

    enterprise = _enterprise("innovation_platforms")
    name = models.CharField("平台名称", max_length=100, blank=True)
    kind = models.CharField("平台类型", max_length=12, choices=Kind.choices)
    level = models.CharField("级别", max_length=10, choices=Level.choices)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.APPLIED)
    year = _year_field("申报年度")
    recognised = models.DateField("认定日期", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "创新平台"
        ordering = ["-year", "level", "kind", "enterprise__name"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "kind", "level", "year"],
                                               name="innovation_platform_unique")]

    def __str__(self) -> str:
        return f"{self.enterprise.name} {self.get_level_display()}{self.get_kind_display()}（{self.year}年）"

    def clean(self) -> None:
        if self.recognised and self.status != self.Status.RECOGNISED:
            raise ValidationError({"recognised": "只有已认定的平台才有认定日期"})


class TechProject(_Record):
    """科技项目: a project sought from the province or the city for an enterprise (support in 万元)."""

    class Level(models.TextChoices):
        NATIONAL = "national", "国家级"
        PROVINCE = "province", "省级"
        CITY = "city", "市级"

    class Status(models.TextChoices):
        APPLIED = "applied", "申报"
        APPROVED = "approved", "立项"
        ACCEPTED = "accepted", "验收"
        REJECTED = "rejected", "未立项"

    name = models.CharField("项目名称", max_length=200)
    enterprise = _enterprise("tech_projects")
    level = models.CharField("级别", max_length=10, choices=Level.choices)
    programme = models.CharField("项目类别", max_length=100, blank=True, help_text="如：湖南省重点研发计划")
    amount = models.DecimalField("支持资金（万元）", null=True, blank=True, **_AMOUNT)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.APPLIED)
    year = _year_field("申报年度")
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "科技项目"
        ordering = ["-year", "level", "enterprise__name"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "name", "year"], name="tech_project_unique")]

    def __str__(self) -> str:
        return f"{self.name}（{self.enterprise.name}）"


class HighTechStatEnterprise(_Record):
    """纳入高新技术产业增加值统计的企业: one enterprise on the statistics bureau's list for a quarter (the list of
    二季度 is the one behind 1-6月's 高新技术产业增加值)."""

    class Quarter(models.IntegerChoices):
        Q1 = 1, "一季度"
        Q2 = 2, "二季度"
        Q3 = 3, "三季度"
        Q4 = 4, "四季度"

    enterprise = _enterprise("high_tech_stat_entries")
    year = _year_field("年度")
    quarter = models.PositiveSmallIntegerField("季度", choices=Quarter.choices)
    domain = models.CharField("技术领域", max_length=60, blank=True, help_text="如：新材料")
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "纳入高新技术产业增加值统计的企业"
        ordering = ["-year", "-quarter", "enterprise__name"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "year", "quarter"], name="high_tech_stat_unique")]

    def __str__(self) -> str:
        return f"{self.enterprise.name} {self.year}年{self.get_quarter_display()}"
