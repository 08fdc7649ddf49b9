"""When the bureau writes its documents, and which period each one speaks of (rules as data; pure).

The half-year 工作总结 is written in early July, before June's figures exist: with data through 1-5月 it is
still the 上半年 summary — actual figures through May, 预计 figures for 1-6月. With June's data it is the
same document written later. Other documents speak of the period of their data.

A document is dated the working day after the data of the period it speaks of were due: enterprises report a
month's figures (规上工业企业月报, 联网直报) by the ``DATA_DUE_DAY``-th of the next month; a due day that is
not a working day moves to the next working day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kegong.core.periods import Period
from kegong.core.workdays import WorkCalendar


@dataclass(frozen=True)
class DocumentRule:
    kind: str
    name: str
    # data month → the month the document speaks of (1-N月); a data month not listed speaks of itself
    covers: dict[int, int]


DOCUMENT_RULES: tuple[DocumentRule, ...] = (
    DocumentRule("monthly", "工业经济运行简报", {}),
    DocumentRule("half-year", "工作总结及工作计划", {5: 6}),
)
RULES = {r.kind: r for r in DOCUMENT_RULES}

DATA_DUE_DAY = 5  # 规上工业企业月报：次月5日前报送


def covered(kind: str, period: Period) -> Period:
    """The cumulative period a document of ``kind`` made from ``period``'s data speaks of."""
    rule = RULES.get(kind)
    end = rule.covers.get(period.end, period.end) if rule else period.end
    return Period.cumulative(period.year, end) if end != period.end else period


def _working(day: dt.date, calendar: WorkCalendar | None) -> bool:
    if calendar is not None and calendar.covers(day):
        return calendar.is_workday(day)
    return day.weekday() < 5  # beyond the holiday calendar's years: Monday to Friday


def title_label(kind: str, period: Period) -> str:
    """How a document of ``kind`` on ``period``'s data names its period: 2026年上半年 for the half-year summary
    (with 1-5月 or 1-6月 data), else the data's own 2026年1-6月."""
    if kind == "half-year":
        doc = covered(kind, period)
        return f"{doc.year}年{doc.common_name()}"
    return period.label()


def data_due(period: Period, calendar: WorkCalendar | None = None) -> dt.date:
    """The day the figures of ``period``'s last month are due (next working day when it falls on a rest day)."""
    year, month = (period.year + 1, 1) if period.end == 12 else (period.year, period.end + 1)
    day = dt.date(year, month, DATA_DUE_DAY)
    while not _working(day, calendar):
        day += dt.timedelta(days=1)
    return day


def dated(period: Period, calendar: WorkCalendar | None = None) -> dt.date:
    """成文日期 by default: the working day after the data of the period the document speaks of were due (an
    office does not date a document on a rest day)."""
    day = data_due(period, calendar) + dt.timedelta(days=1)
    while not _working(day, calendar):
        day += dt.timedelta(days=1)
    return day
