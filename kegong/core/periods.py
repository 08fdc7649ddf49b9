"""Statistical periods as a statistics bureau uses them.

A period is a span of months inside one calendar year: ``Period(2026, 1, 6)`` is 2026年1-6月
(the cumulative period), ``Period(2026, 6, 6)`` the single month of June, ``Period(2026, 1, 2)``
the combined January–February period (1-2月) that enterprises report as one, ``Period(2026, 4, 6)``
the second quarter. January is never reported on its own when Jan–Feb are combined, so the
"previous cumulative period" of 1-3月 is 1-2月 and 1-2月 has none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from kegong.core.errors import InputError

_CN_NUM = "一二三四五六七八九十"


class PeriodError(InputError):
    """A period that cannot exist or cannot be parsed; the message is Chinese."""


@dataclass(frozen=True, order=True)
class Period:
    year: int
    start: int
    end: int

    def __post_init__(self) -> None:
        if not (1900 <= self.year <= 2200):
            raise PeriodError(f"年份 {self.year} 不在有效范围内")
        if not (1 <= self.start <= self.end <= 12):
            raise PeriodError(f"月份范围 {self.start}-{self.end} 无效（应为 1-12 月且起始不晚于结束）")

    # --- constructors -------------------------------------------------------------------------
    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(year, month, month)

    @classmethod
    def cumulative(cls, year: int, month: int) -> Period:
        return cls(year, 1, month)

    @classmethod
    def jan_feb(cls, year: int) -> Period:
        return cls(year, 1, 2)

    @classmethod
    def quarter(cls, year: int, q: int) -> Period:
        if q not in (1, 2, 3, 4):
            raise PeriodError(f"季度 {q} 无效（应为 1-4）")
        return cls(year, 3 * q - 2, 3 * q)

    @classmethod
    def half(cls, year: int, h: int) -> Period:
        if h not in (1, 2):
            raise PeriodError(f"半年 {h} 无效（应为 1 或 2）")
        return cls(year, 1, 6) if h == 1 else cls(year, 7, 12)

    @classmethod
    def whole_year(cls, year: int) -> Period:
        return cls(year, 1, 12)

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse ``2026-06`` (the cumulative period 1-6月, the form the CLI takes),
        ``2026-01-06`` / ``2026年1-6月`` (a span) and ``2026年6月`` (a month)."""
        s = text.strip()
        m = re.fullmatch(r"(\d{4})-(\d{1,2})", s)
        if m:
            return cls.cumulative(int(m[1]), _month(m[2], text))
        m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", s)
        if m:
            return cls(int(m[1]), _month(m[2], text), _month(m[3], text))
        m = re.fullmatch(r"(\d{4})\s*年\s*(\d{1,2})\s*[-－—–~～至]\s*(\d{1,2})\s*月", s)
        if m:
            return cls(int(m[1]), _month(m[2], text), _month(m[3], text))
        m = re.fullmatch(r"(\d{4})\s*年\s*(\d{1,2})\s*月", s)
        if m:
            return cls.month(int(m[1]), _month(m[2], text))
        raise PeriodError(f"无法识别的期别“{text}”，请使用 YYYY-MM 形式，例如 2026-06")

    # --- relations ----------------------------------------------------------------------------
    @property
    def is_cumulative(self) -> bool:
        return self.start == 1

    @property
    def is_month(self) -> bool:
        return self.start == self.end

    @property
    def is_jan_feb(self) -> bool:
        return self.start == 1 and self.end == 2

    @property
    def months(self) -> range:
        return range(self.start, self.end + 1)

    @property
    def n_months(self) -> int:
        return self.end - self.start + 1

    def prior_year(self) -> Period:
        """The same period of the previous year (上年同期)."""
        return Period(self.year - 1, self.start, self.end)

    def previous_cumulative(self) -> Period | None:
        """The previous cumulative period: 1-5月 for 1-6月, 1-2月 for 1-3月, none for 1-2月."""
        if not self.is_cumulative:
            raise PeriodError(f"{self.label()} 不是累计期，没有“上一累计期”")
        if self.end <= 2:
            return None
        return Period(self.year, 1, self.end - 1)

    def reporting_month(self) -> Period:
        """The month reported at the end of a cumulative period (the combined 1-2月 for February)."""
        return Period.jan_feb(self.year) if self.end <= 2 else Period.month(self.year, self.end)

    def time_progress(self) -> float:
        """Share of the year elapsed at the end of this period (0-1), as 时间过半 uses it."""
        return self.end / 12

    # --- labels -------------------------------------------------------------------------------
    def span_label(self) -> str:
        """``1-6月``, ``6月``, ``1-2月``."""
        return f"{self.end}月" if self.is_month else f"{self.start}-{self.end}月"

    def label(self) -> str:
        """``2026年1-6月``, ``2026年6月``."""
        return f"{self.year}年{self.span_label()}"

    def common_name(self) -> str:
        """上半年 / 一季度 / 全年 where one exists, otherwise the span label."""
        names = {(1, 6): "上半年", (7, 12): "下半年", (1, 12): "全年", (1, 3): "一季度", (4, 6): "二季度",
                 (7, 9): "三季度", (10, 12): "四季度", (1, 9): "前三季度"}
        return names.get((self.start, self.end), self.span_label())

    def key(self) -> str:
        return f"{self.year}-{self.end:02d}" if self.is_cumulative else f"{self.year}-{self.start:02d}-{self.end:02d}"

    def __str__(self) -> str:
        return self.label()


def _month(s: str, text: str) -> int:
    m = int(s)
    if not 1 <= m <= 12:
        raise PeriodError(f"期别“{text}”中的月份 {m} 无效（应为 1-12）")
    return m


def reporting_months(year: int, last_month: int = 12, jan_feb_combined: bool = True) -> Iterator[Period]:
    """The periods enterprises report for, in order: 1-2月 (combined), 3月, … up to ``last_month``."""
    m = 1
    while m <= last_month:
        if m == 1 and jan_feb_combined and last_month >= 2:
            yield Period.jan_feb(year)
            m = 3
        else:
            yield Period.month(year, m)
            m += 1


def month_index(year: int, month: int, base_year: int) -> int:
    """Position of a calendar month on a monthly axis starting in January of ``base_year``."""
    return (year - base_year) * 12 + (month - 1)


def cn_number(n: int) -> str:
    """一 … 十 for small ordinals used in headings (一、二、…)."""
    return _CN_NUM[n - 1] if 1 <= n <= 10 else str(n)
