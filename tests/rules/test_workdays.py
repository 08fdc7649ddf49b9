"""限时办结: due dates on the national calendar (chinesecalendar's data for 2025–2026), the count starting the
day after the start date."""

from datetime import date, timedelta

import chinese_calendar
import pytest

from kegong.core.errors import DataError, InputError, SetupError
from kegong.core.workdays import (
    calendar_from,
    china_calendar,
    deadline,
    due_date,
    is_overdue,
    workdays_between,
)

CAL = china_calendar(2025, 2026)
D = date


def test_the_2026_national_day_arrangement_is_the_one_counted():
    """国庆 2026: 10月1日–7日 off; 9月20日 (Sunday) and 10月10日 (Saturday) are 调休上班 days."""
    assert all(D(2026, 10, d) in CAL.holidays for d in range(1, 8))
    assert {D(2026, 9, 20), D(2026, 10, 10)} <= CAL.workdays
    assert not CAL.is_workday(D(2026, 10, 7)) and CAL.is_workday(D(2026, 10, 8))


@pytest.mark.parametrize(("case", "start", "days", "due"), [
    ("zero days: due the same day", D(2026, 3, 4), 0, D(2026, 3, 4)),
    ("zero days on a holiday: still the same day", D(2026, 10, 3), 0, D(2026, 10, 3)),
    ("one day: the next working day", D(2026, 3, 4), 1, D(2026, 3, 5)),
    ("across a plain weekend from Friday", D(2026, 3, 6), 1, D(2026, 3, 9)),
    ("across a plain weekend, 3 days from Thursday", D(2026, 3, 5), 3, D(2026, 3, 10)),
    ("five days is a calendar week", D(2026, 3, 2), 5, D(2026, 3, 9)),
    ("started on a Saturday", D(2026, 3, 7), 1, D(2026, 3, 9)),
    ("across 国庆 2026 from its eve", D(2026, 9, 30), 1, D(2026, 10, 8)),
    ("across 国庆 2026 onto the make-up Saturday", D(2026, 9, 28), 5, D(2026, 10, 10)),
    ("the make-up Saturday 10月10日 is a working day", D(2026, 10, 9), 1, D(2026, 10, 10)),
    ("the make-up Sunday 9月20日 is a working day", D(2026, 9, 19), 1, D(2026, 9, 20)),
    ("started on a holiday (10月3日)", D(2026, 10, 3), 1, D(2026, 10, 8)),
    ("started on a holiday, 3 days", D(2026, 10, 1), 3, D(2026, 10, 10)),
    ("中秋 2026 (9月25日–27日)", D(2026, 9, 24), 1, D(2026, 9, 28)),
    ("across the new year onto the make-up Sunday 2026-01-04", D(2025, 12, 31), 1, D(2026, 1, 4)),
    ("twenty days across 国庆", D(2026, 9, 15), 20, D(2026, 10, 19)),
])
def test_due_date(case, start, days, due):
    assert due_date(start, days, CAL) == due, case


def test_every_day_agrees_with_chinese_calendar():
    day = D(2025, 1, 1)
    while day <= D(2026, 12, 31):
        assert CAL.is_workday(day) == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)


@pytest.mark.parametrize(("case", "today", "elapsed", "remaining", "overdue"), [
    ("the start day itself", D(2026, 9, 28), 0, 5, False),
    ("during 国庆: two days used", D(2026, 10, 5), 2, 3, False),
    ("the due date: on time", D(2026, 10, 10), 5, 0, False),
    ("the Sunday after: overdue, no working day past", D(2026, 10, 11), 5, 0, True),
    ("the Monday after: one working day over", D(2026, 10, 12), 6, -1, True),
    ("before the start", D(2026, 9, 25), 0, 5, False),
])
def test_deadline_standing(case, today, elapsed, remaining, overdue):
    got = deadline(D(2026, 9, 28), 5, today, CAL)
    assert got.due == D(2026, 10, 10)
    assert (got.elapsed, got.remaining, got.overdue) == (elapsed, remaining, overdue), case
    assert is_overdue(D(2026, 9, 28), 5, today, CAL) is overdue


@pytest.mark.parametrize(("case", "start", "end", "n"), [
    ("same day", D(2026, 3, 4), D(2026, 3, 4), 0),
    ("a week", D(2026, 3, 2), D(2026, 3, 9), 5),
    ("the 国庆 week has the two make-up days' worth", D(2026, 9, 30), D(2026, 10, 10), 3),
    ("backwards is negative", D(2026, 3, 9), D(2026, 3, 2), -5),
])
def test_workdays_between(case, start, end, n):
    assert workdays_between(start, end, CAL) == n, case


def test_a_plain_calendar_made_from_sets_of_dates():
    cal = calendar_from({D(2030, 5, 1)}, {D(2030, 5, 4)}, (2030, 2030))
    assert due_date(D(2030, 4, 30), 1, cal) == D(2030, 5, 2)
    assert due_date(D(2030, 5, 3), 1, cal) == D(2030, 5, 4)


def test_a_date_past_the_covered_years_is_refused_not_guessed():
    cal = china_calendar(2026, 2026)
    with pytest.raises(DataError, match="2027 年的工作日无法计算"):
        due_date(D(2026, 12, 28), 10, cal)


def test_a_year_the_package_does_not_have_is_a_setup_error():
    with pytest.raises(SetupError, match="没有 2027 年的节假日安排，请升级该包"):
        china_calendar(2026, 2099)


@pytest.mark.parametrize(("case", "days"), [("negative", -1), ("a yes/no", True), ("a fraction", 1.5), ("absurd", 10**6)])
def test_bad_day_counts_are_refused(case, days):
    with pytest.raises(InputError, match="工作日数"):
        due_date(D(2026, 3, 4), days, CAL)


@pytest.mark.parametrize(("case", "holidays", "workdays", "years", "message"), [
    ("a day both off and on", {D(2026, 5, 1)}, {D(2026, 5, 1)}, None, "既是节假日又是调休上班日"),
    ("a date outside the years", {D(2027, 1, 1)}, set(), (2026, 2026), "不在 2026—2026 年内"),
    ("years backwards", set(), set(), (2027, 2026), "年份范围有误"),
    ("not a date", {"2026-05-01"}, set(), None, "须为日期"),
])
def test_bad_calendars_are_refused(case, holidays, workdays, years, message):
    with pytest.raises(InputError, match=message):
        calendar_from(holidays, workdays, years)
