"""高新技术企业认定 self-check: the measurable conditions of 第十一条, each a row of :data:`CRITERIA`. Pure.

Source: 《高新技术企业认定管理办法》（国科发火〔2016〕32号，科技部、财政部、国家税务总局 2016年1月印发，
2016年1月1日起施行）第十一条, read with 《高新技术企业认定管理工作指引》（国科发火〔2016〕195号，2016年6月）:

- 注册成立一年以上 means registered 365 calendar days or more before the application (工作指引);
- 近三个会计年度 are the three years before the year of the application (实际经营期不满三年的按实际经营时间
  计算: an enterprise registered within them counts from its year of registration), 最近一年 the last of them;
- the band of the R&D ratio goes by the last year's sales: ≤ 5000 万元（含）→ 5 %, 5000 万元至 2 亿元（含）→
  4 %, > 2 亿元 → 3 % (:data:`RD_BANDS`);
- 境内研发费用 is the same years' R&D spent in China; 高新技术产品（服务）收入 and 总收入 are 近一年's.

Not self-checked (experts judge them; listed in :data:`NOT_CHECKED`): 技术领域, 创新能力评价, 无重大事故.

Every fact is optional (None: not known). A criterion is 符合 / 不符合 when its figures decide it, else 待补充
with what is missing; the verdict is 符合 when all six pass, 不符合 when any fails, else 待补充资料.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from kegong.core.errors import InputError
from kegong.core.rules.common import (
    FAIL,
    PASS,
    UNKNOWN,
    VERDICT_NAMES,
    Criterion,
    Finding,
    a_date,
    amount,
    at_least,
    by_year,
    count,
    finding,
    overall,
    ratio,
    show_amount,
    show_date,
    show_percent,
    show_threshold,
    show_years,
    unknown,
)

RULE = "《高新技术企业认定管理办法》（国科发火〔2016〕32号，2016年）"
GUIDE = "《高新技术企业认定管理工作指引》（国科发火〔2016〕195号，2016年）"

MIN_DAYS_REGISTERED = 365
MIN_TECH_STAFF_PERCENT = Decimal(10)
MIN_DOMESTIC_RD_PERCENT = Decimal(60)
MIN_HIGH_TECH_INCOME_PERCENT = Decimal(60)
ACCOUNTING_YEARS = 3


@dataclass(frozen=True)
class RdBand:
    """The least R&D ÷ sales for enterprises whose last year's sales are at most ``sales_up_to`` 万元."""

    sales_up_to: Decimal | None  # 万元, inclusive; None: no upper limit
    min_percent: Decimal
    label: str
    source: str = f"{RULE}第十一条（五）"


RD_BANDS: tuple[RdBand, ...] = (
    RdBand(Decimal(5000), Decimal(5), "最近一年销售收入小于 5000 万元（含）"),
    RdBand(Decimal(20000), Decimal(4), "最近一年销售收入在 5000 万元至 2 亿元（含）"),
    RdBand(None, Decimal(3), "最近一年销售收入在 2 亿元以上"),
)

CRITERIA: tuple[Criterion, ...] = (
    Criterion("registered", "注册成立一年以上", "企业申请认定时须注册成立一年以上（注册成立 365 个日历天数以上）",
              f"{RULE}第十一条（一）；{GUIDE}"),
    Criterion("core_ip", "拥有核心自主知识产权",
              "企业通过自主研发、受让、受赠、并购等方式，获得对其主要产品（服务）在技术上发挥核心支持作用的知识产权的所有权",
              f"{RULE}第十一条（二）"),
    Criterion("tech_staff", "科技人员占比", "企业从事研发和相关技术创新活动的科技人员占企业当年职工总数的比例不低于 10%",
              f"{RULE}第十一条（四）"),
    Criterion("rd_ratio", "研发费用占销售收入比例",
              "企业近三个会计年度（实际经营期不满三年的按实际经营时间计算）的研究开发费用总额占同期销售收入总额的比例："
              "最近一年销售收入小于 5000 万元（含）的不低于 5%；在 5000 万元至 2 亿元（含）的不低于 4%；在 2 亿元以上的不低于 3%",
              f"{RULE}第十一条（五）"),
    Criterion("domestic_rd", "境内研发费用占比", "企业在中国境内发生的研究开发费用总额占全部研究开发费用总额的比例不低于 60%",
              f"{RULE}第十一条（五）"),
    Criterion("high_tech_income", "高新技术产品（服务）收入占比", "近一年高新技术产品（服务）收入占企业同期总收入的比例不低于 60%",
              f"{RULE}第十一条（六）"),
)
BY_CODE = {c.code: c for c in CRITERIA}

NOT_CHECKED: tuple[Criterion, ...] = (
    Criterion("field", "技术领域", "对企业主要产品（服务）发挥核心支持作用的技术属于《国家重点支持的高新技术领域》规定的范围",
              f"{RULE}第十一条（三）"),
    Criterion("innovation", "创新能力评价", "企业创新能力评价应达到相应要求（综合得分 70 分以上，不含 70 分）",
              f"{RULE}第十一条（七）；{GUIDE}"),
    Criterion("no_accident", "无重大事故", "企业申请认定前一年内未发生重大安全、重大质量事故或严重环境违法行为",
              f"{RULE}第十一条（八）"),
)


@dataclass(frozen=True)
class HighTechFacts:
    """What an enterprise says of itself; every field optional (None: not known). Money in 万元.

    ``sales`` and ``rd`` map a year to that year's 销售收入 / 研发费用; ``domestic_rd`` is the R&D spent in
    China over the same years (近三个会计年度) taken together; ``high_tech_income`` and ``total_income`` are
    近一年's; ``staff`` and ``tech_staff`` are 当年职工总数 and 科技人员数."""

    registered_on: date | None = None
    applied_on: date | None = None
    core_ip_count: int | None = None
    staff: int | None = None
    tech_staff: int | None = None
    sales: Mapping[int, Decimal] | None = field(default=None, hash=False)
    rd: Mapping[int, Decimal] | None = field(default=None, hash=False)
    domestic_rd: Decimal | None = None
    high_tech_income: Decimal | None = None
    total_income: Decimal | None = None

    def __post_init__(self) -> None:
        put = object.__setattr__
        put(self, "registered_on", a_date(self.registered_on, "注册成立日期"))
        put(self, "applied_on", a_date(self.applied_on, "申请日期"))
        for name, label in (("core_ip_count", "核心知识产权数"), ("staff", "职工总数"), ("tech_staff", "科技人员数")):
            put(self, name, count(getattr(self, name), label))
        put(self, "sales", by_year(self.sales, "销售收入"))
        put(self, "rd", by_year(self.rd, "研发费用"))
        for name, label in (("domestic_rd", "境内研发费用"), ("high_tech_income", "高新技术产品（服务）收入"),
                            ("total_income", "总收入")):
            put(self, name, amount(getattr(self, name), label))
        self._check_consistent()

    def _check_consistent(self) -> None:
        if self.registered_on and self.applied_on and self.applied_on < self.registered_on:
            raise InputError(f"申请日期 {show_date(self.applied_on)} 早于注册成立日期 {show_date(self.registered_on)}")
        if self.staff is not None and self.tech_staff is not None and self.tech_staff > self.staff:
            raise InputError(f"科技人员数 {self.tech_staff} 人多于职工总数 {self.staff} 人")
        if self.high_tech_income is not None and self.total_income is not None and self.high_tech_income > self.total_income:
            raise InputError(f"高新技术产品（服务）收入 {show_amount(self.high_tech_income)} 大于总收入 {show_amount(self.total_income)}")


@dataclass(frozen=True)
class HighTechResult:
    findings: tuple[Finding, ...]
    status: str

    @property
    def verdict_name(self) -> str:
        return VERDICT_NAMES[self.status]

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(m for f in self.findings for m in f.missing)


def self_check(facts: HighTechFacts) -> HighTechResult:
    """Each criterion of :data:`CRITERIA` for ``facts``, in order, and the verdict."""
    findings = (check_registered(facts), check_core_ip(facts), check_tech_staff(facts), check_rd_ratio(facts),
                check_domestic_rd(facts), check_high_tech_income(facts))
    return HighTechResult(findings, overall(f.status for f in findings))


def check_registered(f: HighTechFacts) -> Finding:
    c = BY_CODE["registered"]
    missing = [label for value, label in ((f.registered_on, "注册成立日期"), (f.applied_on, "申请日期")) if value is None]
    if missing:
        return unknown(c, missing)
    assert f.registered_on is not None and f.applied_on is not None
    days = (f.applied_on - f.registered_on).days
    ok = days >= MIN_DAYS_REGISTERED
    head = f"{show_date(f.registered_on)}注册成立，至{show_date(f.applied_on)}申请"
    tail = f"已满 {days} 天，满 {MIN_DAYS_REGISTERED} 天" if ok else f"仅 {days} 天，不满 {MIN_DAYS_REGISTERED} 天"
    return finding(c, PASS if ok else FAIL, f"{head}{tail}")


def check_core_ip(f: HighTechFacts) -> Finding:
    c = BY_CODE["core_ip"]
    if f.core_ip_count is None:
        return unknown(c, ["核心知识产权数"])
    if f.core_ip_count > 0:
        return finding(c, PASS, f"拥有核心知识产权 {f.core_ip_count} 项（其对主要产品的核心支持作用由专家评审）")
    return finding(c, FAIL, "没有对主要产品（服务）发挥核心支持作用的知识产权")


def check_tech_staff(f: HighTechFacts) -> Finding:
    c = BY_CODE["tech_staff"]
    missing = [label for value, label in ((f.staff, "职工总数"), (f.tech_staff, "科技人员数")) if value is None]
    if missing:
        return unknown(c, missing)
    assert f.staff is not None and f.tech_staff is not None
    if f.staff == 0:
        return finding(c, FAIL, "当年职工总数为 0")
    r = ratio(f.tech_staff, f.staff)
    ok = at_least(r, MIN_TECH_STAFF_PERCENT)
    word = "不低于" if ok else "低于"
    return finding(c, PASS if ok else FAIL, f"科技人员 {f.tech_staff} 人，占当年职工总数 {f.staff} 人的 {show_percent(r)}，"
                   f"{word} {show_threshold(MIN_TECH_STAFF_PERCENT)}")


def accounting_years(f: HighTechFacts) -> tuple[int, ...] | None:
    """The 会计年度 the R&D ratio counts: the three before the application's year — or, with no application
    date, ending with the latest year a figure is given for — from the year of registration when that is later.
    None when nothing tells the last year; empty when the enterprise was registered after it."""
    if f.applied_on is not None:
        last = f.applied_on.year - 1
    else:
        given = set(f.sales or ()) | set(f.rd or ())
        if not given:
            return None
        last = max(given)
    first = last - ACCOUNTING_YEARS + 1
    if f.registered_on is not None:
        first = max(first, f.registered_on.year)
    return tuple(range(first, last + 1))


def _years_or_finding(c: Criterion, f: HighTechFacts, needs_sales: bool) -> tuple[int, ...] | Finding:
    """The years to count, or the finding when they cannot be counted (unknown years, missing figures)."""
    years = accounting_years(f)
    if years is None:
        return unknown(c, ["申请日期", "近三年研发费用" + ("与销售收入" if needs_sales else "")])
    if not years:
        assert f.registered_on is not None
        return finding(c, FAIL, f"{f.registered_on.year}年注册成立，申请前尚无会计年度可计")
    sales, rd = f.sales or {}, f.rd or {}
    missing: list[str] = []
    for y in years:
        if y not in rd:
            missing.append(f"{y}年研发费用")
        if needs_sales and y not in sales:
            missing.append(f"{y}年销售收入")
    return unknown(c, missing) if missing else years


def _span(f: HighTechFacts, years: tuple[int, ...]) -> str:
    short = len(years) < ACCOUNTING_YEARS and f.registered_on is not None and years[0] == f.registered_on.year
    return f"成立以来（{show_years(years)}）" if short else f"近三年（{show_years(years)}）"


def rd_band(last_sales: Decimal) -> RdBand:
    """The row of :data:`RD_BANDS` for the last year's sales (万元)."""
    return next(b for b in RD_BANDS if b.sales_up_to is None or last_sales <= b.sales_up_to)


def check_rd_ratio(f: HighTechFacts) -> Finding:
    c = BY_CODE["rd_ratio"]
    years = _years_or_finding(c, f, needs_sales=True)
    if isinstance(years, Finding):
        return years
    assert f.sales is not None and f.rd is not None
    rd_sum, sales_sum = sum(f.rd[y] for y in years), sum(f.sales[y] for y in years)
    if sales_sum == 0:
        return finding(c, FAIL, f"{_span(f, years)}销售收入合计为 0")
    band, r = rd_band(f.sales[years[-1]]), ratio(rd_sum, sales_sum)
    ok = at_least(r, band.min_percent)
    need = show_threshold(band.min_percent)
    text = (f"{_span(f, years)}研发费用占销售收入 {show_percent(r)}，{'不低于' if ok else '低于'} {need}"
            f"（最近一年销售收入 {show_amount(f.sales[years[-1]])}，适用 {need}）；"
            f"研发费用合计 {show_amount(rd_sum)}，销售收入合计 {show_amount(sales_sum)}")
    return finding(c, PASS if ok else FAIL, text)


def check_domestic_rd(f: HighTechFacts) -> Finding:
    c = BY_CODE["domestic_rd"]
    years = _years_or_finding(c, f, needs_sales=False)
    if isinstance(years, Finding):
        if f.domestic_rd is None and years.status == UNKNOWN:
            return unknown(c, years.missing + ("境内研发费用",))
        return years
    if f.domestic_rd is None:
        return unknown(c, ["境内研发费用"])
    assert f.rd is not None
    rd_sum = sum(f.rd[y] for y in years)
    if f.domestic_rd > rd_sum:
        raise InputError(f"境内研发费用 {show_amount(f.domestic_rd)} 大于{show_years(years)}研发费用合计 {show_amount(rd_sum)}")
    if rd_sum == 0:
        return finding(c, FAIL, f"{_span(f, years)}研发费用合计为 0")
    r = ratio(f.domestic_rd, rd_sum)
    ok = at_least(r, MIN_DOMESTIC_RD_PERCENT)
    return finding(c, PASS if ok else FAIL,
                   f"{_span(f, years)}境内研发费用 {show_amount(f.domestic_rd)}，占研发费用合计 {show_amount(rd_sum)}的 "
                   f"{show_percent(r)}，{'不低于' if ok else '低于'} {show_threshold(MIN_DOMESTIC_RD_PERCENT)}")


def check_high_tech_income(f: HighTechFacts) -> Finding:
    c = BY_CODE["high_tech_income"]
    pairs = ((f.high_tech_income, "近一年高新技术产品（服务）收入"), (f.total_income, "近一年总收入"))
    missing = [label for value, label in pairs if value is None]
    if missing:
        return unknown(c, missing)
    assert f.high_tech_income is not None and f.total_income is not None
    if f.total_income == 0:
        return finding(c, FAIL, "近一年总收入为 0")
    r = ratio(f.high_tech_income, f.total_income)
    ok = at_least(r, MIN_HIGH_TECH_INCOME_PERCENT)
    return finding(c, PASS if ok else FAIL,
                   f"近一年高新技术产品（服务）收入 {show_amount(f.high_tech_income)}，占总收入 {show_amount(f.total_income)}的 "
                   f"{show_percent(r)}，{'不低于' if ok else '低于'} {show_threshold(MIN_HIGH_TECH_INCOME_PERCENT)}")
