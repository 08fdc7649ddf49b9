"""高新技术企业认定 self-check: each criterion against its boundaries, decided exactly."""

from datetime import date
from decimal import Decimal

import pytest

from kegong.core.errors import InputError, KegongError
from kegong.core.rules import high_tech as ht
from kegong.core.rules.common import FAIL, PASS, UNKNOWN

GOOD = dict(
    registered_on=date(2019, 3, 1), applied_on=date(2025, 6, 1), core_ip_count=2, staff=100, tech_staff=20,
    sales={2022: 3000, 2023: 4000, 2024: 4800}, rd={2022: 200, 2023: 250, 2024: 300}, domestic_rd=700,
    high_tech_income=4000, total_income=5000,
)


def facts(**changes) -> ht.HighTechFacts:
    return ht.HighTechFacts(**{**GOOD, **changes})


CHECKS = {"registered": ht.check_registered, "core_ip": ht.check_core_ip, "tech_staff": ht.check_tech_staff,
          "rd_ratio": ht.check_rd_ratio, "domestic_rd": ht.check_domestic_rd, "high_tech_income": ht.check_high_tech_income}


def by_code(f: ht.HighTechFacts, code: str):
    """One criterion alone (the others' figures may not fit the changed ones)."""
    got = CHECKS[code](f)
    assert got.code == code
    return got


def test_the_criteria_are_rows_naming_their_source():
    assert [c.code for c in ht.CRITERIA] == ["registered", "core_ip", "tech_staff", "rd_ratio", "domestic_rd",
                                             "high_tech_income"]
    assert all("国科发火〔2016〕32号" in c.source and "2016年" in c.source for c in ht.CRITERIA + ht.NOT_CHECKED)
    assert "国科发火〔2016〕195号" in ht.BY_CODE["registered"].source


def test_a_good_enterprise_passes_every_criterion():
    result = ht.self_check(facts())
    assert [f.status for f in result.findings] == [PASS] * 6
    assert (result.status, result.verdict_name, result.missing) == (PASS, "符合", ())


@pytest.mark.parametrize(("case", "registered", "applied", "status", "text"), [
    ("364 days: not yet a year", date(2024, 6, 2), date(2025, 6, 1), FAIL, "仅 364 天，不满 365 天"),
    ("exactly 365 days", date(2024, 6, 1), date(2025, 6, 1), PASS, "已满 365 天"),
    ("leap year: 365 days is a day short of the date", date(2024, 2, 1), date(2025, 1, 31), PASS, "已满 365 天"),
    ("registered the same day", date(2025, 6, 1), date(2025, 6, 1), FAIL, "仅 0 天"),
    ("years before", date(2019, 3, 1), date(2025, 6, 1), PASS, "2019年3月1日注册成立，至2025年6月1日申请"),
    ("no application date", date(2019, 3, 1), None, UNKNOWN, "缺少 申请日期"),
    ("no registration date", None, date(2025, 6, 1), UNKNOWN, "缺少 注册成立日期"),
])
def test_registered_a_year(case, registered, applied, status, text):
    got = by_code(facts(registered_on=registered, applied_on=applied), "registered")
    assert got.status == status, case
    assert text in got.explanation


@pytest.mark.parametrize(("case", "count", "status"), [
    ("one item", 1, PASS), ("none", 0, FAIL), ("not given", None, UNKNOWN),
])
def test_core_ip(case, count, status):
    assert by_code(facts(core_ip_count=count), "core_ip").status == status, case


@pytest.mark.parametrize(("case", "staff", "tech", "status", "shown"), [
    ("exactly 10 %", 100, 10, PASS, "10.00%，不低于 10%"),
    ("9.99 %", 10000, 999, FAIL, "9.99%，低于 10%"),
    ("9.999 % reads 9.99, never 10.00", 100000, 9999, FAIL, "9.99%，低于 10%"),
    ("10.01 %", 10000, 1001, PASS, "10.01%"),
    ("1 of 11 = 9.09 %", 11, 1, FAIL, "9.09%"),
    ("no staff at all", 0, 0, FAIL, "当年职工总数为 0"),
])
def test_tech_staff_share(case, staff, tech, status, shown):
    got = by_code(facts(staff=staff, tech_staff=tech), "tech_staff")
    assert got.status == status, case
    assert shown in got.explanation


def test_tech_staff_missing_names_both():
    got = by_code(facts(staff=None, tech_staff=None), "tech_staff")
    assert (got.status, got.missing) == (UNKNOWN, ("职工总数", "科技人员数"))


@pytest.mark.parametrize(("case", "last_sales", "percent"), [
    ("nothing sold", Decimal(0), 5), ("just under 5000 万", Decimal("4999.99"), 5), ("exactly 5000 万", Decimal(5000), 5),
    ("just over 5000 万", Decimal("5000.01"), 4), ("exactly 2 亿", Decimal(20000), 4), ("just over 2 亿", Decimal("20000.01"), 3),
])
def test_rd_band_by_last_years_sales(case, last_sales, percent):
    assert ht.rd_band(last_sales).min_percent == percent, case


@pytest.mark.parametrize(("case", "sales", "rd", "status", "text"), [
    ("3.99 % under the 4 % band", {2022: 12000, 2023: 12000, 2024: 12000}, {2022: 479, 2023: 479, 2024: 478.4}, FAIL,
     "近三年（2022—2024年）研发费用占销售收入 3.99%，低于 4%（最近一年销售收入 1.2 亿元，适用 4%）"),
    ("exactly 4.00 %", {2022: 12000, 2023: 12000, 2024: 12000}, {2022: 480, 2023: 480, 2024: 480}, PASS,
     "4.00%，不低于 4%"),
    ("last year exactly 5000 万: the 5 % band", {2022: 5000, 2023: 5000, 2024: 5000}, {2022: 200, 2023: 200, 2024: 349},
     FAIL, "4.99%，低于 5%（最近一年销售收入 5000 万元，适用 5%）"),
    ("last year 5000.01 万: the 4 % band, 600 ÷ 15000.01 a hair under it", {2022: 5000, 2023: 5000, 2024: Decimal("5000.01")},
     {2022: 200, 2023: 200, 2024: 200}, FAIL, "3.99%，低于 4%（最近一年销售收入 5000.01 万元，适用 4%）"),
    ("last year 5000.01 万: the 4 % band reached", {2022: 5000, 2023: 5000, 2024: Decimal("5000.01")},
     {2022: 200, 2023: 200, 2024: 201}, PASS, "4.00%，不低于 4%"),
    ("over 2 亿: 3 %", {2022: 30000, 2023: 30000, 2024: 30000}, {2022: 900, 2023: 900, 2024: 900}, PASS, "3.00%，不低于 3%"),
    ("the band goes by the last year, not the total", {2022: 15000, 2023: 15000, 2024: 4000},
     {2022: 700, 2023: 700, 2024: 200}, FAIL, "4.70%，低于 5%（最近一年销售收入 4000 万元，适用 5%）"),
    ("no sales at all", {2022: 0, 2023: 0, 2024: 0}, {2022: 0, 2023: 0, 2024: 0}, FAIL, "销售收入合计为 0"),
])
def test_rd_ratio_over_three_years(case, sales, rd, status, text):
    got = by_code(facts(sales=sales, rd=rd), "rd_ratio")
    assert got.status == status, case
    assert text in got.explanation


def test_rd_ratio_floats_are_taken_as_written():
    """0.7 + 0.1 is 0.7999999999999999 in binary: as written it is 0.8, exactly 5 % of 16."""
    f = facts(registered_on=date(2023, 1, 10), sales={2023: 8.0, 2024: 8.0}, rd={2023: 0.7, 2024: 0.1})
    assert (0.7 + 0.1) / 16 < 0.05
    got = by_code(f, "rd_ratio")
    assert got.status == PASS
    assert "成立以来（2023—2024年）研发费用占销售收入 5.00%" in got.explanation


@pytest.mark.parametrize(("case", "changes", "missing"), [
    ("a year's R&D missing", dict(rd={2022: 200, 2023: 250}), ("2024年研发费用",)),
    ("a year's sales missing", dict(sales={2023: 4000, 2024: 4800}), ("2022年销售收入",)),
    ("founded 2023: only 2023 and 2024 counted", dict(registered_on=date(2023, 5, 1), rd={2024: 300},
                                                    sales={2023: 1, 2024: 4800}), ("2023年研发费用",)),
    ("no application date, nothing given", dict(applied_on=None, sales=None, rd=None), ("申请日期", "近三年研发费用与销售收入")),
])
def test_rd_ratio_says_what_is_missing(case, changes, missing):
    got = by_code(facts(**changes), "rd_ratio")
    assert (got.status, got.missing) == (UNKNOWN, missing), case
    assert got.explanation == "缺少 " + "、".join(missing)


def test_without_an_application_date_the_latest_given_year_is_the_last():
    assert ht.accounting_years(facts(applied_on=None)) == (2022, 2023, 2024)


def test_registered_after_the_last_accounting_year_has_no_ratio():
    got = by_code(facts(registered_on=date(2025, 1, 5), applied_on=date(2025, 12, 1)), "rd_ratio")
    assert got.status == FAIL
    assert "尚无会计年度" in got.explanation


@pytest.mark.parametrize(("case", "domestic", "status", "text"), [
    ("exactly 60 %", 450, PASS, "60.00%，不低于 60%"),
    ("59.99 %", Decimal("449.925"), FAIL, "59.99%，低于 60%"),
    ("all of it in China", 750, PASS, "100.00%"),
    ("not given", None, UNKNOWN, "缺少 境内研发费用"),
])
def test_domestic_rd(case, domestic, status, text):
    got = by_code(facts(domestic_rd=domestic), "domestic_rd")
    assert got.status == status, case
    assert text in got.explanation


def test_domestic_rd_above_all_rd_is_refused():
    with pytest.raises(InputError, match="境内研发费用"):
        ht.self_check(facts(domestic_rd=751))


@pytest.mark.parametrize(("case", "high", "total", "status", "text"), [
    ("exactly 60 %", 3000, 5000, PASS, "60.00%，不低于 60%"),
    ("59.99 %", Decimal("2999.5"), 5000, FAIL, "59.99%，低于 60%"),
    ("no income", 0, 0, FAIL, "近一年总收入为 0"),
    ("total not given", 3000, None, UNKNOWN, "缺少 近一年总收入"),
])
def test_high_tech_income(case, high, total, status, text):
    got = by_code(facts(high_tech_income=high, total_income=total), "high_tech_income")
    assert got.status == status, case
    assert text in got.explanation


@pytest.mark.parametrize(("case", "changes", "status", "name"), [
    ("all pass", {}, PASS, "符合"),
    ("one fails, others unknown", dict(core_ip_count=0, staff=None, domestic_rd=None), FAIL, "不符合"),
    ("one unknown, none fails", dict(total_income=None), UNKNOWN, "待补充资料"),
    ("nothing known", {k: None for k in GOOD}, UNKNOWN, "待补充资料"),
])
def test_verdict(case, changes, status, name):
    result = ht.self_check(facts(**changes))
    assert (result.status, result.verdict_name) == (status, name), case


def test_the_verdict_lists_what_is_missing():
    assert ht.self_check(facts(total_income=None, rd={2022: 1, 2023: 1})).missing == (
        "2024年研发费用", "2024年研发费用", "近一年总收入")


@pytest.mark.parametrize(("case", "changes", "message"), [
    ("negative sales", dict(sales={2024: -1}), "2024年销售收入不能为负数"),
    ("a count with a fraction", dict(staff=Decimal("10.5")), "职工总数不是整数"),
    ("a yes/no as a count", dict(core_ip_count=True), "核心知识产权数不是整数"),
    ("more tech staff than staff", dict(staff=10, tech_staff=11), "科技人员数 11 人多于职工总数 10 人"),
    ("applied before registration", dict(registered_on=date(2025, 7, 1)), "早于注册成立日期"),
    ("high-tech income above the total", dict(high_tech_income=5001), "大于总收入"),
    ("a date as text", dict(applied_on="2025-06-01"), "申请日期不是日期"),
    ("text that is not a number", dict(total_income="很多"), "不是数字"),
])
def test_bad_facts_are_refused_in_chinese(case, changes, message):
    with pytest.raises(KegongError, match=message):
        facts(**changes)


def test_figures_given_as_text_or_float_are_exact_decimals():
    f = facts(domestic_rd="700.10", total_income=5000.5)
    assert (f.domestic_rd, f.total_income) == (Decimal("700.10"), Decimal("5000.5"))
