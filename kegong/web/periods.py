"""The period a page is asked for — one reading and one list of choices for every page with a 期别 picker
(台账计数, 信息化, 项目完成情况, 绩效考评): ``?period=`` in any spelling Period.parse reads (2026-06, 2026年6月,
上半年 …) as a cumulative period; a bad one said in Chinese with the default shown instead."""

from __future__ import annotations

import datetime as dt

from kegong.core.errors import KegongError
from kegong.core.periods import Period

YEARS = 3  # the years a picker offers


def chosen(text: str, default: Period) -> tuple[Period, str]:
    """The period asked for, else ``default``; with the message when what was asked could not be read."""
    text = (text or "").strip()
    if not text:
        return default, ""
    try:
        return Period.parse(text).as_cumulative(), ""
    except KegongError as e:
        return default, f"{e}；已显示 {default.label()}"


def latest_or_last_month(today: dt.date | None = None) -> Period:
    """The latest month with enterprise figures, else the last month ended (December before March)."""
    from kegong.figures.selectors import latest_period
    from kegong.measures.listing import default_period

    latest = latest_period()
    return Period.cumulative(*latest) if latest is not None else default_period(today or dt.date.today())


def choices(today: dt.date, chosen_period: Period | None = None) -> list[tuple[str, str]]:
    """The cumulative periods of this year up to the last month ended and of the years before, newest first;
    the chosen period added in front when it is not among them (a future month typed in the address)."""
    out = []
    for year in range(today.year, today.year - YEARS, -1):
        last = today.month - 1 if year == today.year else 12
        out += [(p.key(), p.label()) for p in (Period.cumulative(year, m) for m in range(last, 1, -1))]
    if chosen_period is not None and chosen_period.key() not in {k for k, _ in out}:
        out.insert(0, (chosen_period.key(), chosen_period.label()))
    return out
