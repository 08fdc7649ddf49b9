"""The working-day calendar for 限时办结: the national holidays and make-up working days from the
maintained ``chinesecalendar`` package, with the corrections staff keep (CalendarDay) on top. Past the
years the package covers (the State Council publishes each year's arrangement late in the year before),
days count as plain weekdays until a correction or an upgraded package says otherwise; :func:`provisional`
tells a deadline counted so."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from kegong.core.workdays import WorkCalendar, calendar_from, china_calendar


@lru_cache(maxsize=1)
def _national() -> WorkCalendar:
    return china_calendar()


def work_calendar() -> WorkCalendar:
    from kegong.service.models import CalendarDay

    base = _national()
    fixes = dict(CalendarDay.objects.values_list("date", "kind"))
    holidays = {d for d in base.holidays if d not in fixes} | {d for d, k in fixes.items() if k == "holiday"}
    workdays = {d for d in base.workdays if d not in fixes} | {d for d, k in fixes.items() if k == "workday"}
    return calendar_from(holidays, workdays)  # no year bound: past the package's years, plain weekdays


def provisional(day: dt.date) -> bool:
    """Whether ``day`` lies past the years whose holidays are published (in the package)."""
    last = _national().last_year
    return last is not None and day.year > last
