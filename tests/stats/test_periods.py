"""Periods: months, cumulative 1-M月, the combined Jan–Feb period, quarters, halves, years."""

import pytest

from kegong.core.errors import InputError
from kegong.core.periods import (
    Period,
    PeriodError,
    find_period_in,
    last_month_in,
    parse_period,
    reporting_months,
    start_month_of,
)


def test_cli_form_is_the_cumulative_period():
    p = Period.parse("2026-06")
    assert p == Period(2026, 1, 6) and p.is_cumulative
    assert p.label() == "2026年1-6月" and p.common_name() == "上半年"


def test_jan_feb_is_one_combined_period():
    p = Period.parse("2026-02")
    assert p.is_jan_feb and p == Period.jan_feb(2026)
    assert p.label() == "2026年1-2月"
    assert p.previous_cumulative() is None  # January is not reported on its own
    assert Period.cumulative(2026, 3).previous_cumulative() == Period.jan_feb(2026)
    assert Period.cumulative(2026, 6).previous_cumulative() == Period.cumulative(2026, 5)
    assert Period.cumulative(2026, 2).reporting_month() == Period(2026, 1, 2)
    assert Period.cumulative(2026, 7).reporting_month() == Period.month(2026, 7)


def test_reporting_months_combine_jan_feb():
    assert [p.span_label() for p in reporting_months(2026, 5)] == ["1-2月", "3月", "4月", "5月"]
    assert [p.span_label() for p in reporting_months(2026, 3, jan_feb_combined=False)] == ["1月", "2月", "3月"]


def test_prior_year_quarters_halves_and_progress():
    assert Period.cumulative(2026, 6).prior_year() == Period(2025, 1, 6)
    assert Period.quarter(2026, 2) == Period(2026, 4, 6) and Period.quarter(2026, 2).common_name() == "二季度"
    assert Period.half(2026, 2) == Period(2026, 7, 12)
    assert Period.whole_year(2026).common_name() == "全年"
    assert Period.cumulative(2026, 6).time_progress() == 0.5


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "26-06", "二〇二六年六月", "2026/06", ""])
def test_bad_periods_get_a_chinese_error(text):
    with pytest.raises(PeriodError) as e:
        Period.parse(text)
    assert "月" in str(e.value) or "期别" in str(e.value)


def test_chinese_forms_parse():
    assert Period.parse("2026年1-6月") == Period(2026, 1, 6)
    assert Period.parse("2026年1—6月") == Period(2026, 1, 6)
    assert Period.parse("2026年6月") == Period.month(2026, 6)


# --- the one parser: every form users write ------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("2026-06", Period(2026, 1, 6)),  # the CLI form: the cumulative period
    ("2026-02", Period(2026, 1, 2)),
    ("2026-01-06", Period(2026, 1, 6)),
    ("2026-04-06", Period(2026, 4, 6)),
    ("2026年1-6月", Period(2026, 1, 6)),
    ("2026年1—6月", Period(2026, 1, 6)),
    ("2026年1－6月", Period(2026, 1, 6)),
    ("2026年1~6月", Period(2026, 1, 6)),
    ("2026年1至6月", Period(2026, 1, 6)),
    ("2026年1-2月", Period(2026, 1, 2)),
    ("2026年6月", Period(2026, 6, 6)),  # the month
    ("2026年6月份", Period(2026, 6, 6)),
    ("2026年上半年", Period(2026, 1, 6)),
    ("2026上半年", Period(2026, 1, 6)),
    ("2026年下半年", Period(2026, 7, 12)),
    ("2026年前三季度", Period(2026, 1, 9)),
    ("2026年一季度", Period(2026, 1, 3)),
    ("2026年第二季度", Period(2026, 4, 6)),
    ("2026年三季度", Period(2026, 7, 9)),
    ("2026年四季度", Period(2026, 10, 12)),
    ("2026年全年", Period(2026, 1, 12)),
    ("２０２６年１－６月", Period(2026, 1, 6)),  # full-width digits and dash
    ("２０２６－０６", Period(2026, 1, 6)),
    (" 2026 年 6 月 ", Period(2026, 6, 6)),  # spaces, also the ideographic one
    ("2026年\u30001-6月", Period(2026, 1, 6)),
])
def test_every_written_form_parses(text, expected):
    assert Period.parse(text) == expected
    assert parse_period(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("1-6月", Period(2026, 1, 6)),
    ("1—6月", Period(2026, 1, 6)),
    ("6月", Period(2026, 6, 6)),
    ("６月", Period(2026, 6, 6)),
    ("上半年", Period(2026, 1, 6)),
    ("前三季度", Period(2026, 1, 9)),
    ("一季度", Period(2026, 1, 3)),
    ("四季度", Period(2026, 10, 12)),
    ("全年", Period(2026, 1, 12)),
    ("2025年6月", Period(2025, 6, 6)),  # a written year wins over the context's
])
def test_forms_without_a_year_take_the_year_of_the_context(text, expected):
    assert Period.parse(text, year=2026) == expected


@pytest.mark.parametrize("text", ["1-6月", "6月", "上半年", "前三季度", "二季度", "全年"])
def test_forms_without_a_year_and_no_context_ask_for_the_year(text):
    with pytest.raises(PeriodError, match="没有写年份") as e:
        Period.parse(text)
    assert isinstance(e.value, InputError)


@pytest.mark.parametrize(("text", "message"), [
    ("2026年6-1月", "月份范围 6-1 无效"),
    ("2026年13月", "月份 13 无效"),
    ("2026-01-13", "月份 13 无效"),
    ("2026年五季度", "无法识别的期别"),
    ("上上半年", "无法识别的期别"),
    ("2026年", "无法识别的期别"),
    ("六月", "无法识别的期别“六月”"),
])
def test_impossible_periods_are_refused(text, message):
    with pytest.raises(PeriodError, match=message):
        Period.parse(text, year=2026)


# --- the 1-2月 rule, the reporting month and the cumulative period a command needs --------------------
@pytest.mark.parametrize(("month", "start", "label"), [
    (1, 1, "2026年1月"), (2, 1, "2026年1-2月"), (3, 3, "2026年3月"), (6, 6, "2026年6月"), (12, 12, "2026年12月"),
])
def test_reporting_month_combines_jan_feb(month, start, label):
    assert start_month_of(month) == start
    p = Period.reporting(2026, month)
    assert (p.start, p.end, p.label()) == (start, month, label)
    assert Period.cumulative(2026, month).reporting_month() == p


@pytest.mark.parametrize(("text", "expected"), [
    ("2026年6月", Period(2026, 1, 6)),  # the reporting month June: 1-6月, as the template says to write
    ("2026年2月", Period(2026, 1, 2)),
    ("2026年1-2月", Period(2026, 1, 2)),
    ("2026-06", Period(2026, 1, 6)),
    ("2026年上半年", Period(2026, 1, 6)),
    ("2026年前三季度", Period(2026, 1, 9)),
    ("2026年一季度", Period(2026, 1, 3)),
])
def test_as_cumulative_takes_a_month_as_the_period_it_closes(text, expected):
    assert Period.parse(text).as_cumulative() == expected


@pytest.mark.parametrize("text", ["2026-04-06", "2026年二季度", "2026年下半年", "2026年4-6月"])
def test_only_cumulative_periods_pass_require_cumulative(text):
    p = Period.parse(text)
    with pytest.raises(PeriodError, match=f"{p.label()} 不是累计期"):
        p.as_cumulative()
    with pytest.raises(PeriodError, match="不是累计期"):
        p.require_cumulative()
    assert Period.cumulative(2026, 6).require_cumulative() == Period(2026, 1, 6)


@pytest.mark.parametrize(("period", "after"), [
    (Period(2026, 1, 1), Period(2026, 1, 2)), (Period(2026, 1, 2), Period(2026, 1, 3)),
    (Period(2026, 1, 6), Period(2026, 1, 7)), (Period(2026, 1, 12), Period(2027, 1, 2)),
])
def test_next_cumulative(period, after):
    assert period.next_cumulative() == after


@pytest.mark.parametrize(("period", "key"), [
    (Period(2026, 1, 6), "2026-06"), (Period(2026, 1, 2), "2026-02"), (Period(2026, 4, 6), "2026-04-06"),
    (Period(2026, 6, 6), "2026-06-06"),
])
def test_keys_parse_back(period, key):
    assert period.key() == key and Period.parse(key) == period


# --- finding a period inside a title, sheet name, file name or cell -----------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("规模以上工业企业主要指标（2026年1-6月）", (2026, 1, 6)),
    ("规模以上工业企业主要指标(2026年1—6月)", (2026, 1, 6)),
    ("2026年1-2月", (2026, 1, 2)),
    ("2026年6月规上工业", (2026, 6, 6)),
    ("1-6月", (None, 1, 6)),
    ("1-3月 规上工业2026", (2026, 1, 3)),
    ("规上企业_202605", (2026, 5, 5)),
    ("tongji-2026-04", (2026, 4, 4)),
    ("tongji.2026.04", (2026, 4, 4)),
    ("2026年上半年", (2026, 1, 6)),
    ("某县2026年第一季度工业", (2026, 1, 3)),
    ("某县2026年二季度工业", (2026, 4, 6)),
    ("2026年前三季度", (2026, 1, 9)),
    ("２０２６年６月", (2026, 6, 6)),
    ("6月", (None, 6, 6)),
    ("统计2026年", (2026, None, None)),
    ("data2026", (2026, None, None)),
])
def test_find_period_in_a_longer_line(text, expected):
    g = find_period_in(text)
    assert (g.year, g.start, g.end) == expected and g.source == text


@pytest.mark.parametrize("text", ["Sheet1", "无期别", "2026年13月", "表1"])
def test_find_period_in_finds_nothing_where_nothing_is(text):
    assert find_period_in(text) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-06", (2026, 6)), ("2026年6月", (2026, 6)), ("202606", (2026, 6)), ("2026.6", (2026, 6)),
    ("2026-04-01至2026-06-30", (2026, 6)), ("２０２６－０６", (2026, 6)), ("202613", None), ("六月", None), ("", None),
])
def test_last_month_in_a_cell(text, expected):
    assert last_month_in(text) == expected
