"""限时办结: due dates and working days counted on the national holiday calendar. Pure.

The rule (as government 限时办结 / 办理时限 rules count 工作日): a time limit of *n* working days starts the
day **after** the start date (受理之日的次日起算), counts only working days, and ends on the *n*-th one — the
due date, on which the matter is still on time; the day after it, it is overdue. A start on a weekend or a
holiday changes nothing: the count still starts the next day, at the first working day. Zero days (即办) is
due the same day.

A working day is a Monday to Friday that is not a 法定节假日, or a weekend day that is a 调休上班 day. The
calendar is plain data (:class:`WorkCalendar`): the holidays and the make-up working days, and the years they
cover — the State Council publishes each year's arrangement late in the year before, so a date past the
covered years is refused (:class:`~kegong.core.errors.DataError`) rather than counted as if it had no
holidays. :func:`calendar_from` builds it from any sets of dates; :func:`china_calendar` from the maintained
``chinesecalendar`` package (a pure-data dependency, imported only when called).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from kegong.core.errors import DataError, InputError, SetupError

ONE_DAY = timedelta(days=1)
MAX_DAYS = 3660  # a limit beyond ten years of working days is a mistake, not a deadline


@dataclass(frozen=True)
class WorkCalendar:
    """法定节假日 (``holidays``, weekdays and weekend days alike) and 调休上班 days (``workdays``), for the years
    ``first_year``–``last_year`` (None: no bound — every date outside the sets is a plain week day or weekend)."""

    holidays: frozenset[date]
    workdays: frozenset[date]
    first_year: int | None = None
    last_year: int | None = None

    def covers(self, day: date) -> bool:
        return ((self.first_year is None or day.year >= self.first_year)
                and (self.last_year is None or day.year <= self.last_year))

    def is_workday(self, day: date) -> bool:
        """Whether ``day`` is a working day (refused outside the covered years)."""
        if not self.covers(day):
            raise DataError(f"节假日安排只载入了 {self.first_year}—{self.last_year} 年，{day.year} 年的工作日无法计算")
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays


def calendar_from(holidays: Iterable[date], workdays: Iterable[date],
                  years: tuple[int, int] | None = None) -> WorkCalendar:
    """A calendar of these holidays and make-up working days, covering ``years`` (first, last) when given.

    The Django app passes chinese_calendar's data (or :func:`china_calendar` does it here); a day both a
    holiday and a working day, or a date outside ``years``, is refused."""
    hol, work = frozenset(holidays), frozenset(workdays)
    if not all(isinstance(d, date) for d in hol | work):
        raise InputError("节假日与调休上班日须为日期")
    both = sorted(hol & work)
    if both:
        raise InputError("既是节假日又是调休上班日：" + "、".join(d.isoformat() for d in both))
    first, last = years if years is not None else (None, None)
    if first is not None and last is not None:
        if first > last:
            raise InputError(f"年份范围有误：{first}—{last}")
        outside = sorted(d for d in hol | work if not first <= d.year <= last)
        if outside:
            raise InputError(f"日期 {outside[0].isoformat()} 不在 {first}—{last} 年内")
    return WorkCalendar(hol, work, first, last)


def china_calendar(first_year: int | None = None, last_year: int | None = None) -> WorkCalendar:
    """The national calendar from ``chinesecalendar`` for ``first_year``–``last_year`` (default: every year
    the package has). A year the installed package does not have is a :class:`SetupError` (upgrade it)."""
    try:
        import chinese_calendar
    except ImportError:  # pragma: no cover - a declared dependency
        raise SetupError("缺少 chinesecalendar 包，请安装项目依赖") from None
    have = sorted({d.year for d in chinese_calendar.holidays})
    first = have[0] if first_year is None else first_year
    last = have[-1] if last_year is None else last_year
    absent = [y for y in range(first, last + 1) if y not in have]
    if absent:
        raise SetupError(f"chinesecalendar {chinese_calendar.__version__} 没有 {absent[0]} 年的节假日安排，请升级该包")
    return calendar_from((d for d in chinese_calendar.holidays if first <= d.year <= last),
                         (d for d in chinese_calendar.workdays if first <= d.year <= last), (first, last))


def _check_days(days: int) -> None:
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= MAX_DAYS:
        raise InputError(f"工作日数须为 0 至 {MAX_DAYS} 的整数：{days!r}")


def due_date(start: date, days: int, calendar: WorkCalendar) -> date:
    """The last day of a limit of ``days`` working days from ``start`` (counted from the next day)."""
    _check_days(days)
    day, left = start, days
    while left:
        day += ONE_DAY
        if calendar.is_workday(day):
            left -= 1
    return day


def workdays_between(start: date, end: date, calendar: WorkCalendar) -> int:
    """Working days after ``start`` up to and including ``end`` (negative when ``end`` is before ``start``):
    on the due date of an *n*-day limit, *n* have elapsed."""
    if end < start:
        return -workdays_between(end, start, calendar)
    n, day = 0, start
    while day < end:
        day += ONE_DAY
        n += calendar.is_workday(day)
    return n


@dataclass(frozen=True)
class Deadline:
    start: date
    days: int
    due: date
    elapsed: int  # working days used by ``today`` (0 before the count starts)
    remaining: int  # ``days - elapsed``: 0 on the due date, negative for each working day past it
    overdue: bool


def deadline(start: date, days: int, today: date, calendar: WorkCalendar) -> Deadline:
    """Where a matter started on ``start`` with ``days`` working days stands on ``today``."""
    due = due_date(start, days, calendar)
    elapsed = max(0, workdays_between(start, today, calendar))
    return Deadline(start, days, due, elapsed, days - elapsed, today > due)


def is_overdue(start: date, days: int, today: date, calendar: WorkCalendar) -> bool:
    """Whether ``today`` is past the due date (done on the due date is on time)."""
    return today > due_date(start, days, calendar)
