"""The 高新技术企业 self-check and the 科技型中小企业 evaluation of one enterprise for one year: the facts the pure
rules (kegong.core.rules.high_tech, kegong.core.rules.tech_sme) take, gathered from what kegong keeps, with
where each figure came from.

- ``year`` is the last accounting year (最近一年); the 高企 R&D ratio counts it and the two before it, the
  科技型中小企业 evaluation its figures alone. The application (评价) day is today when ``year`` is last year —
  the usual case, checking now with last year's figures — else 30 June of the year after ``year``.
- Each figure is the enterprise's own declaration (企业年度情况, kegong.enterprises.models.EnterpriseYear)
  where it gives one; 销售收入 and 研发费用 left blank there are taken from the monthly figures when the year is
  complete in them (营业收入, else 工业销售产值; 研发投入: the 1-12月 cumulative, or the next year's 上年同期累计).
- 注册成立一年以上 is decided by the register's 注册成立日期 when it is kept: 365 days or more before the
  application passes, fewer fails. Without it — an enterprise registers before it produces (投产日期), is
  certified, enters the above-scale scope (入规年份) or reports figures — the earliest of these bounds the
  registration day: a bound a year or more before the application proves it; a later one (or none) leaves it
  待补充.
- The direct route of a valid 高新技术企业 certificate reads the certificate ledger (kegong.tech.selectors): a
  certificate valid on the application day → yes; none while the ledger holds certificates → no; an empty
  ledger → not known.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max, Min, Q
from django.utils import timezone

from kegong.core.errors import InputError
from kegong.core.rules import high_tech as ht
from kegong.core.rules import tech_sme as sme
from kegong.core.rules.common import FAIL, PASS, UNKNOWN, Finding, finding, overall, show_date
from kegong.enterprises.models import Enterprise, EnterpriseYear, ScaleStatus
from kegong.figures.models import MonthlyFigure
from kegong.tech.models import HighTechCertificate
from kegong.tech.selectors import has_certificates, valid_certificates

DECLARED = "企业申报"  # the 企业年度科技情况 ledger
SALES_CODES = (("revenue", "营业收入"), ("sales_output", "工业销售产值"))
RD_CODES = (("rd_spend", "研发投入"),)
APPLICATION_DAY = (6, 30)  # the application day assumed for a year other than last year


@dataclass(frozen=True)
class Source:
    """One figure the self-check used: what, its value as shown, and where it came from ("" : not known)."""

    label: str
    value: object
    source: str
    note: str = ""

    @property
    def known(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class SelfCheck:
    enterprise: Enterprise
    year: int
    applied_on: dt.date
    years: tuple[int, ...]  # the accounting years the R&D ratio counts
    declared: dict[int, EnterpriseYear]
    yearly: tuple[tuple[int, Source, Source, Source], ...]  # (year, 销售收入, 研发费用, 境内研发费用)
    facts: dict[str, Source]  # the last year's other figures by field, and high_tech_certificate
    high_tech: ht.HighTechResult | None
    tech_sme: sme.TechSmeResult | None
    band: ht.RdBand | None
    certificate: HighTechCertificate | None
    error: str = ""  # the declared figures contradict each other: no verdict
    notes: tuple[str, ...] = field(default=())


def application_day(year: int, today: dt.date | None = None) -> dt.date:
    today = today or timezone.localdate()
    return today if year + 1 == today.year else dt.date(year + 1, *APPLICATION_DAY)


def declared_years(enterprise: Enterprise) -> list[int]:
    return list(EnterpriseYear.objects.filter(enterprise=enterprise).order_by("-year").values_list("year", flat=True))


def year_choices(enterprise: Enterprise, today: dt.date | None = None) -> tuple[list[int], int]:
    """The years to offer (declared ones and the last three), newest first, and the one shown first: last
    year, or the latest declared year when last year is not declared but another is."""
    today = today or timezone.localdate()
    declared = declared_years(enterprise)
    last = today.year - 1
    years = sorted(set(declared) | {last, last - 1, last - 2}, reverse=True)
    earlier = [y for y in declared if y <= last]
    return years, (last if last in declared or not earlier else max(earlier))


# --- the monthly figures: whole years ------------------------------------------------------------------

def monthly_year_totals(enterprise: Enterprise, years: tuple[int, ...]) -> tuple[dict, dict]:
    """({(code, year): (total, how)} for the years complete in the monthly figures, {(code, year): last month}
    for those only partly there). A year is complete by its own 1-12月 cumulative, or else by the next year's
    December form's 上年同期累计."""
    codes = [c for c, _n in (*SALES_CODES, *RD_CODES)]
    wanted = set(years) | {y + 1 for y in years}
    rows = (MonthlyFigure.objects.filter(enterprise=enterprise, indicator__code__in=codes, year__in=wanted, month=12)
            .values_list("indicator__code", "year", "cumulative", "prior_year_cumulative"))
    totals: dict[tuple[str, int], tuple[Decimal, str]] = {}
    for code, year, cum, prior_cum in rows:
        if year in years and cum is not None:
            totals[(code, year)] = (cum, "1-12月累计")
        if year - 1 in years and prior_cum is not None:
            totals.setdefault((code, year - 1), (prior_cum, f"（{year}年报上年同期）"))
    partial = {(r["indicator__code"], r["year"]): r["last"] for r in
               MonthlyFigure.objects.filter(enterprise=enterprise, indicator__code__in=codes, year__in=years)
               .values("indicator__code", "year").annotate(last=Max("month"))
               if (r["indicator__code"], r["year"]) not in totals}
    return totals, partial


def _yearly(label: str, year: int, row: EnterpriseYear | None, attr: str, codes, totals, partial) -> Source:
    """A yearly figure: declared, else the monthly figures' total of the first of ``codes`` that has one."""
    what = f"{year}年{label}"
    if row is not None and getattr(row, attr) is not None:
        return Source(what, getattr(row, attr), DECLARED)
    for code, name in codes:
        if (code, year) in totals:
            value, how = totals[(code, year)]
            return Source(what, value, f"月度数据·{name}{how}")
    seen = [(name, partial[(code, year)]) for code, name in codes if (code, year) in partial]
    note = f"月度数据{seen[0][0]}只到 {seen[0][1]} 月，不足全年" if seen else ""
    return Source(what, None, "", note)


# --- the register and the certificate ledger -----------------------------------------------------------

def registered_by(enterprise: Enterprise) -> tuple[dt.date, str] | None:
    """The latest day the enterprise must have been registered by, and what shows it — the earliest of its
    投产日期, its first 高新技术企业 certificate, its 入规年份 (the year's end), its first month of figures (the
    month's end) and its first declared year with sales (the year's end); None when nothing does."""
    seen: list[tuple[dt.date, str]] = []
    if enterprise.commissioned:
        seen.append((enterprise.commissioned, f"投产日期为{show_date(enterprise.commissioned)}"))
    cert = HighTechCertificate.objects.filter(enterprise=enterprise).order_by("issued").first()
    if cert is not None:
        seen.append((cert.issued, f"{show_date(cert.issued)}获发高新技术企业证书"))
    entered = ScaleStatus.objects.filter(enterprise=enterprise, entered_year__isnull=False).aggregate(y=Min("entered_year"))["y"]
    if entered:
        seen.append((dt.date(entered, 12, 31), f"{entered}年入规"))
    first = MonthlyFigure.objects.filter(enterprise=enterprise).order_by("year", "month").values_list("year", "month").first()
    if first:
        y, m = first
        seen.append((dt.date(y, m, calendar.monthrange(y, m)[1]), f"{y}年{m}月起有月度数据"))
    sold = EnterpriseYear.objects.filter(enterprise=enterprise, sales__gt=0).aggregate(y=Min("year"))["y"]
    if sold:
        seen.append((dt.date(sold, 12, 31), f"申报了{sold}年的销售收入"))
    return min(seen, key=lambda d: d[0]) if seen else None


def _registered(enterprise: Enterprise, applied_on: dt.date) -> Finding:
    """注册成立一年以上: by the register's 注册成立日期; without it, a firm registers before it produces, reports,
    enters the scope or is certified — a bound a year before the application proves it."""
    c = ht.BY_CODE["registered"]
    if enterprise.registered_on is not None:
        days = (applied_on - enterprise.registered_on).days
        status = PASS if days >= ht.MIN_DAYS_REGISTERED else FAIL
        return finding(c, status, f"企业库登记注册成立日期为{show_date(enterprise.registered_on)}，至"
                       f"{show_date(applied_on)}申请{'已满' if status == PASS else '仅'} {days} 天，"
                       f"{'满' if status == PASS else '不满'} {ht.MIN_DAYS_REGISTERED} 天")
    bound = registered_by(enterprise)
    if bound is None:
        return finding(c, UNKNOWN, "缺少 注册成立日期（企业库未登记注册成立日期，也没有投产、入规或月度数据记录）", ["注册成立日期"])
    day, why = bound
    days = (applied_on - day).days
    if days >= ht.MIN_DAYS_REGISTERED:
        return finding(c, PASS, f"企业{why}，注册成立不晚于{show_date(day)}，至{show_date(applied_on)}申请已满 "
                       f"{days} 天，满 {ht.MIN_DAYS_REGISTERED} 天")
    return finding(c, UNKNOWN, f"企业{why}，据此只知注册成立不晚于{show_date(day)}，距{show_date(applied_on)}申请不满 "
                   f"{ht.MIN_DAYS_REGISTERED} 天；企业库未登记注册成立日期，缺少 注册成立日期", ["注册成立日期"])


def _certificate(enterprise: Enterprise, day: dt.date) -> tuple[HighTechCertificate | None, Source]:
    label = "有效期内高新技术企业证书"
    cert = valid_certificates(day, Q(enterprise=enterprise)).order_by("-issued").first()
    if cert is not None:
        return cert, Source(label, True, f"高新技术企业证书台账：{cert.number}，有效期至{show_date(cert.valid_until)}")
    if has_certificates():
        return None, Source(label, False, f"高新技术企业证书台账：{show_date(day)}无有效期内证书")
    return None, Source(label, None, "", "高新技术企业证书台账为空")


# --- the self-check ------------------------------------------------------------------------------------

_LAST_YEAR = (("staff", "职工总数"), ("tech_staff", "科技人员数"), ("total_income", "总收入"),
              ("high_tech_income", "高新技术产品（服务）收入"), ("total_assets", "资产总额"),
              ("total_cost", "成本费用总额"), ("core_ip_count", "核心知识产权数"), ("ip_class1", "Ⅰ类知识产权数"),
              ("ip_class2", "Ⅱ类知识产权数"), ("national_award", "近五年获国家级科技奖励（前三名）"),
              ("provincial_rd_institution", "拥有省部级以上研发机构"), ("led_standard", "近五年主导制定国际、国家或行业标准"))


def _declared(row: EnterpriseYear | None, attr: str, label: str, year: int) -> Source:
    value = getattr(row, attr) if row is not None else None
    return Source(f"{year}年{label}", value, DECLARED if value is not None else "")


def self_check_for(enterprise: Enterprise, year: int, today: dt.date | None = None) -> SelfCheck:
    """Both rules for ``enterprise`` with ``year`` as the last accounting year, and every figure's source."""
    applied_on = application_day(year, today)
    years = tuple(range(year - ht.ACCOUNTING_YEARS + 1, year + 1))
    declared = {r.year: r for r in EnterpriseYear.objects.filter(enterprise=enterprise, year__in=years)}
    totals, partial = monthly_year_totals(enterprise, years)
    yearly = tuple((y, _yearly("销售收入", y, declared.get(y), "sales", SALES_CODES, totals, partial),
                    _yearly("研发费用", y, declared.get(y), "rd", RD_CODES, totals, partial),
                    _declared(declared.get(y), "domestic_rd", "境内研发费用", y)) for y in years)
    last = declared.get(year)
    facts = {attr: _declared(last, attr, label, year) for attr, label in _LAST_YEAR}
    cert, cert_source = _certificate(enterprise, applied_on)
    sales = {y: s.value for y, s, _r, _d in yearly if s.known}
    rd = {y: r.value for y, _s, r, _d in yearly if r.known}
    domestic = [d.value for _y, _s, _r, d in yearly]
    base = dict(staff=facts["staff"].value, tech_staff=facts["tech_staff"].value)
    notes = tuple(s.note for _y, *parts in yearly for s in parts if s.note)
    out = dict(enterprise=enterprise, year=year, applied_on=applied_on, years=years, declared=declared,
               yearly=yearly, facts={**facts, "high_tech_certificate": cert_source}, certificate=cert, notes=notes,
               band=ht.rd_band(sales[year]) if year in sales else None)
    try:
        high = ht.self_check(ht.HighTechFacts(
            applied_on=applied_on, core_ip_count=facts["core_ip_count"].value, sales=sales, rd=rd,
            domestic_rd=sum(domestic) if all(v is not None for v in domestic) else None,
            high_tech_income=facts["high_tech_income"].value, total_income=facts["total_income"].value, **base))
        findings = tuple(_registered(enterprise, applied_on) if f.code == "registered" else f for f in high.findings)
        small = sme.self_check(sme.TechSmeFacts(
            sales=sales.get(year), rd=rd.get(year), total_assets=facts["total_assets"].value,
            total_cost=facts["total_cost"].value, ip_class1=facts["ip_class1"].value,
            ip_class2=facts["ip_class2"].value, high_tech_certificate=cert_source.value,
            **{c.code: facts[c.code].value for c in sme.DIRECT[1:]}, **base))
    except InputError as e:  # e.g. a declared 境内研发费用 above the R&D taken from the monthly figures
        return SelfCheck(**out, high_tech=None, tech_sme=None, error=str(e))
    return SelfCheck(**out, high_tech=ht.HighTechResult(findings, overall(f.status for f in findings)),
                     tech_sme=small)
