"""Periods: months, cumulative 1-M月, the combined Jan–Feb period, quarters, halves, years."""

import pytest

from kegong.core.periods import Period, PeriodError, reporting_months


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
