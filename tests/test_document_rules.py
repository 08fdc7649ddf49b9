"""Which period a document speaks of and when its data are due (kegong.core.rules.documents).

Due days are worked out by hand from the rule (规上工业企业月报 by the 5th of the next month; a rest day moves
it to the next working day) and the State Council's holiday arrangements: 2026 清明 4-6 April, 劳动节 1-5 May
(9 May worked), 国庆 1-7 October (10 October worked); 2025 国庆·中秋 1-8 October; 2024 清明 4-6 April with
Sunday 7 April worked, 劳动节 1-5 May."""

from __future__ import annotations

import datetime as dt

import pytest

from kegong.core.periods import Period
from kegong.core.rules import documents as docs
from kegong.core.workdays import calendar_from, china_calendar

D = dt.date
CN = china_calendar(2024, 2026)


def test_the_rules_as_data():
    assert docs.DATA_DUE_DAY == 5
    assert set(docs.RULES) == {"monthly", "half-year"}
    assert docs.RULES["half-year"].covers == {5: 6} and docs.RULES["monthly"].covers == {}


# --- covered ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("kind", "period", "expected"), [
    ("half-year", Period.cumulative(2026, 5), Period.cumulative(2026, 6)),  # written before June's data
    ("half-year", Period.cumulative(2026, 6), Period.cumulative(2026, 6)),  # the same document, later
    ("half-year", Period.cumulative(2026, 7), Period.cumulative(2026, 7)),
    ("half-year", Period.cumulative(2026, 4), Period.cumulative(2026, 4)),
    ("half-year", Period.jan_feb(2026), Period.jan_feb(2026)),
    ("half-year", Period.cumulative(2025, 5), Period.cumulative(2025, 6)),  # any year
    ("monthly", Period.cumulative(2026, 5), Period.cumulative(2026, 5)),
    ("monthly", Period.cumulative(2026, 6), Period.cumulative(2026, 6)),
    ("monthly", Period.cumulative(2026, 12), Period.cumulative(2026, 12)),
    ("annual", Period.cumulative(2026, 5), Period.cumulative(2026, 5)),  # a kind no rule names: its own period
])
def test_covered(kind, period, expected):
    assert docs.covered(kind, period) == expected


# --- data_due --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("period", "plain", "national"), [
    # period → due day by weekdays alone / on the national holiday calendar
    (Period.cumulative(2026, 1), D(2026, 2, 5), D(2026, 2, 5)),  # Thursday, before 春节 (15-23 Feb)
    (Period.jan_feb(2026), D(2026, 3, 5), D(2026, 3, 5)),  # Thursday
    (Period.cumulative(2026, 3), D(2026, 4, 6), D(2026, 4, 7)),  # Sunday; Monday 6 April is 清明
    (Period.cumulative(2026, 4), D(2026, 5, 5), D(2026, 5, 6)),  # Tuesday, but 劳动节 to the 5th
    (Period.cumulative(2026, 5), D(2026, 6, 5), D(2026, 6, 5)),  # Friday
    (Period.cumulative(2026, 6), D(2026, 7, 6), D(2026, 7, 6)),  # Sunday → Monday
    (Period.cumulative(2026, 7), D(2026, 8, 5), D(2026, 8, 5)),  # Wednesday
    (Period.cumulative(2026, 8), D(2026, 9, 7), D(2026, 9, 7)),  # Saturday → Monday
    (Period.cumulative(2026, 9), D(2026, 10, 5), D(2026, 10, 8)),  # Monday in the 国庆 break (1-7 Oct)
    (Period.cumulative(2026, 10), D(2026, 11, 5), D(2026, 11, 5)),  # Thursday
    (Period.cumulative(2026, 11), D(2026, 12, 7), D(2026, 12, 7)),  # Saturday → Monday
    # year end: period 12 → the next January (2027 is beyond the calendar: Monday to Friday)
    (Period.cumulative(2026, 12), D(2027, 1, 5), D(2027, 1, 5)),  # Tuesday
    (Period.cumulative(2025, 12), D(2026, 1, 5), D(2026, 1, 5)),  # Monday after 元旦 (1-3 Jan)
    (Period.month(2026, 12), D(2027, 1, 5), D(2027, 1, 5)),  # the last month is what counts
    # other years
    (Period.cumulative(2025, 9), D(2025, 10, 6), D(2025, 10, 9)),  # Sunday in the 1-8 October break
    (Period.cumulative(2024, 3), D(2024, 4, 5), D(2024, 4, 7)),  # Friday 清明; Sunday 7 April is worked
    (Period.cumulative(2024, 4), D(2024, 5, 6), D(2024, 5, 6)),  # Sunday, 劳动节 → Monday
])
def test_data_due(period, plain, national):
    assert docs.data_due(period) == plain
    assert docs.data_due(period, CN) == national


def test_data_due_on_the_package_calendar_as_the_app_loads_it():
    cal = china_calendar()  # every year the installed package has
    assert docs.data_due(Period.cumulative(2026, 9), cal) == D(2026, 10, 8)
    assert docs.data_due(Period.cumulative(2026, 3), cal) == D(2026, 4, 7)


@pytest.mark.parametrize(("holidays", "workdays", "expected"), [
    ((), (), D(2026, 6, 5)),  # Friday 5 June
    ((D(2026, 6, 5),), (), D(2026, 6, 8)),  # a holiday Friday → Monday
    ((D(2026, 6, 5),), (D(2026, 6, 6),), D(2026, 6, 6)),  # → the Saturday worked
    ((D(2026, 6, 5), D(2026, 6, 8), D(2026, 6, 9)), (), D(2026, 6, 10)),  # across the weekend and two more
])
def test_data_due_on_a_calendar_built_by_hand(holidays, workdays, expected):
    cal = calendar_from(holidays, workdays, (2026, 2026))
    assert docs.data_due(Period.cumulative(2026, 5), cal) == expected


@pytest.mark.parametrize(("period", "expected"), [
    (Period.cumulative(2019, 12), D(2020, 1, 6)),  # 5 January 2020 a Sunday, before the calendar's years
    (Period.cumulative(2029, 12), D(2030, 1, 7)),  # 5 January 2030 a Saturday, after them
])
def test_beyond_the_calendar_years_monday_to_friday(period, expected):
    assert docs.data_due(period, CN) == expected


# --- dated -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("period", "calendar", "expected"), [
    (Period.cumulative(2026, 6), CN, D(2026, 7, 7)),  # due Monday 6 July
    (Period.cumulative(2026, 9), CN, D(2026, 10, 9)),  # due Thursday 8 October
    (Period.cumulative(2026, 9), None, D(2026, 10, 6)),
    (Period.cumulative(2026, 5), CN, D(2026, 6, 8)),  # due Friday 5 June: the next working day, Monday
    (Period.cumulative(2026, 12), CN, D(2027, 1, 6)),
])
def test_dated_the_day_after_the_data_were_due(period, calendar, expected):
    assert docs.dated(period, calendar) == expected


def test_the_half_year_summary_with_may_data_is_dated_as_the_june_one():
    may = docs.covered("half-year", Period.cumulative(2026, 5))
    june = docs.covered("half-year", Period.cumulative(2026, 6))
    assert docs.dated(may, CN) == docs.dated(june, CN) == D(2026, 7, 7)
    monthly_may = docs.covered("monthly", Period.cumulative(2026, 5))
    assert docs.dated(monthly_may, CN) == D(2026, 6, 8)
