"""Org units (county → towns/streets, parks) and enterprises."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from kegong.core.codes.industry import IndustryCodeError, classify
from kegong.core.codes.uscc import USCCError, validate_uscc


def _validate_uscc_field(value: str) -> None:
    try:
        validate_uscc(value)
    except USCCError as e:
        raise ValidationError(str(e)) from e


def _validate_industry_field(value: str) -> None:
    try:
        classify(value)
    except IndustryCodeError as e:
        raise ValidationError(str(e)) from e


class OrgUnit(models.Model):
    class Kind(models.TextChoices):
        COUNTY = "county", "县"
        TOWN = "town", "乡镇/街道"
        PARK = "park", "园区"

    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
                               verbose_name="上级")
    code = models.CharField("区划代码", max_length=12, blank=True)
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "区划与园区"
        ordering = ["kind", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["kind", "name"], name="orgunit_kind_name_unique")]

    def __str__(self) -> str:
        return self.name


class Enterprise(models.Model):
    uscc = models.CharField("统一社会信用代码", max_length=18, unique=True, validators=[_validate_uscc_field])
    name = models.CharField("单位详细名称", max_length=200, db_index=True)
    industry_code = models.CharField("行业代码", max_length=4, validators=[_validate_industry_field])
    industry_section = models.CharField("行业门类", max_length=1, editable=False, db_index=True)
    industry_division = models.CharField("行业大类", max_length=2, editable=False)
    town = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="town_enterprises",
                             limit_choices_to={"kind": "town"}, verbose_name="所在乡镇（街道）")
    park = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="park_enterprises", limit_choices_to={"kind": "park"},
                             verbose_name="所在园区")
    chain = models.CharField("产业链", max_length=50, blank=True, db_index=True)
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    registered_on = models.DateField("注册成立日期", null=True, blank=True,
                                     help_text="营业执照上的成立日期；高企自评“注册成立一年以上”据此判断")
    commissioned = models.DateField("投产日期", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "企业"
        ordering = ["name"]
        # the enterprise list's order: a page deep in the list is an index walk, not a sort of every firm
        # (PostgreSQL sorting 21,334 Chinese names: 7 ms; with the index 0.6 ms)
        indexes = [models.Index(fields=["name", "id"], name="enterprise_name_order")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        cls = classify(self.industry_code)
        self.industry_code, self.industry_section, self.industry_division = cls.code, cls.section, cls.division
        super().save(*args, **kwargs)

    @property
    def industry(self):
        return classify(self.industry_code)


class EnterpriseAlias(models.Model):
    """Former names and other names an enterprise is known by (曾用名、简称、电力户名)."""

    class Kind(models.TextChoices):
        FORMER = "former", "曾用名"
        ALIAS = "alias", "别名/简称"
        POWER = "power", "供电户名"

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="aliases",
                                   verbose_name="企业")
    name = models.CharField("名称", max_length=200, db_index=True)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices, default=Kind.ALIAS)

    class Meta:
        verbose_name = verbose_name_plural = "企业曾用名/别名"
        constraints = [models.UniqueConstraint(fields=["enterprise", "name"], name="alias_unique")]

    def __str__(self) -> str:
        return self.name


class ScaleStatus(models.Model):
    """Whether an enterprise is inside the above-scale statistical scope (规上) in a year."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="scale_statuses",
                                   verbose_name="企业")
    year = models.PositiveSmallIntegerField("年度")
    above_scale = models.BooleanField("规上（在库）", default=True)
    entered_year = models.PositiveSmallIntegerField("入规年份", null=True, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "规上在库状态"
        ordering = ["enterprise", "year"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "year"], name="scale_status_unique")]

    @property
    def newly_entered(self) -> bool:
        """新入规: entered the scope in this very year."""
        return self.above_scale and self.entered_year == self.year

    def __str__(self) -> str:
        return f"{self.enterprise} {self.year} {'规上' if self.above_scale else '规下'}"


class PowerAccount(models.Model):
    """A power-supply account (供电户号) and the enterprise it belongs to, matched by name once and then
    remembered; an account nobody has matched yet has no enterprise."""

    class MatchedBy(models.TextChoices):
        AUTO = "auto", "按名称自动匹配"
        MANUAL = "manual", "人工指定"

    account_no = models.CharField("户号", max_length=40, unique=True)
    name = models.CharField("户名", max_length=200)
    address = models.CharField("用电地址", max_length=300, blank=True)
    enterprise = models.ForeignKey(Enterprise, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="power_accounts", verbose_name="企业")
    matched_by = models.CharField("匹配方式", max_length=10, choices=MatchedBy.choices, blank=True)
    matched_at = models.DateTimeField("匹配时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "供电户号"
        ordering = ["account_no"]

    def __str__(self) -> str:
        return f"{self.account_no} {self.name}"


_WAN = {"max_digits": 14, "decimal_places": 2, "null": True, "blank": True, "validators": [MinValueValidator(0)]}


class EnterpriseYear(models.Model):
    """What an enterprise declares of one year (企业年度情况: the 高企 / 科技型中小企业 forms' figures), each figure
    optional — blank means not known, never zero. Money in 万元. Read by the self-checks (kegong.tech.selfcheck)."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="years", verbose_name="企业")
    year = models.PositiveSmallIntegerField("年度")
    staff = models.PositiveIntegerField("职工总数（人）", null=True, blank=True)
    tech_staff = models.PositiveIntegerField("科技人员数（人）", null=True, blank=True)
    sales = models.DecimalField("销售收入（万元）", **_WAN)
    total_income = models.DecimalField("总收入（万元）", **_WAN)
    total_assets = models.DecimalField("资产总额（万元）", **_WAN)
    total_cost = models.DecimalField("成本费用总额（万元）", **_WAN)
    rd = models.DecimalField("研发费用（万元）", **_WAN)
    domestic_rd = models.DecimalField("境内研发费用（万元）", **_WAN)
    high_tech_income = models.DecimalField("高新技术产品（服务）收入（万元）", **_WAN)
    core_ip_count = models.PositiveIntegerField("核心知识产权数（项）", null=True, blank=True)
    ip_class1 = models.PositiveIntegerField("Ⅰ类知识产权数（项）", null=True, blank=True)
    ip_class2 = models.PositiveIntegerField("Ⅱ类知识产权数（项）", null=True, blank=True)
    national_award = models.BooleanField("近五年获国家级科技奖励（前三名）", null=True, blank=True)
    provincial_rd_institution = models.BooleanField("拥有省部级以上研发机构", null=True, blank=True)
    led_standard = models.BooleanField("近五年主导制定国际、国家或行业标准", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "企业年度情况"
        ordering = ["enterprise", "-year"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "year"], name="enterprise_year_unique")]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.year}年"

    def clean(self) -> None:
        errors = {}
        if self.year is not None and not 1990 <= self.year <= 2100:
            errors["year"] = f"年度 {self.year} 不像是一个年份"
        if self.staff is not None and self.tech_staff is not None and self.tech_staff > self.staff:
            errors["tech_staff"] = f"科技人员数 {self.tech_staff} 人多于职工总数 {self.staff} 人"
        if self.high_tech_income is not None and self.total_income is not None and self.high_tech_income > self.total_income:
            errors["high_tech_income"] = "高新技术产品（服务）收入大于总收入"
        if self.rd is not None and self.domestic_rd is not None and self.domestic_rd > self.rd:
            errors["domestic_rd"] = "境内研发费用大于研发费用"
        if errors:
            raise ValidationError(errors)
