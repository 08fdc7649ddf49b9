"""Statistical periods as a statistics bureau uses them.

A period is a span of months inside one calendar year: ``Period(2026, 1, 6)`` is 2026年1-6月
(the cumulative period), ``Period(2026, 6, 6)`` the single month of June, ``Period(2026, 1, 2)``
the combined January–February period (1-2月) that enterprises report as one, ``Period(2026, 4, 6)``
the second quarter. January is never reported on its own when Jan–Feb are combined, so the
"previous cumulative period" of 1-3月 is 1-2月 and 1-2月 has none.

This module is the only home of periods: the 1-2月 rule (:func:`start_month_of`, :meth:`Period.reporting`),
the one parser of what users type (:func:`parse_period`), the search for a period inside a title, sheet
name, file name or cell (:func:`find_period_in`, :func:`last_month_in`) and the one "不是累计期" error
(:meth:`Period.require_cumulative`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
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
    def reporting(cls, year: int, month: int) -> Period:
        """The reporting month ending in ``month``: the combined 1-2月 for February, else the month itself."""
        return cls(year, start_month_of(month), month)

    @classmethod
    def parse(cls, text: str, *, year: int | None = None) -> Period:
        """Any form users write; see :func:`parse_period`."""
        return parse_period(text, year=year)

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
        self.require_cumulative()
        if self.end <= 2:
            return None
        return Period(self.year, 1, self.end - 1)

    def next_cumulative(self) -> Period:
        """The cumulative period a month later: 1-7月 after 1-6月, 1-2月 after 1月, next year's 1-2月 after 1-12月."""
        return Period.jan_feb(self.year + 1) if self.end == 12 else Period.cumulative(self.year, max(self.end + 1, 2))

    def reporting_month(self) -> Period:
        """The month reported at the end of this period (the combined 1-2月 for February)."""
        return Period.reporting(self.year, self.end)

    def require_cumulative(self) -> Period:
        """This period, if it is a cumulative period 1-M月; otherwise the one error every caller gives."""
        if not self.is_cumulative:
            raise PeriodError(f"{self.label()} 不是累计期，请用 YYYY-MM 指定 1-M 月累计期，例如 2026-06")
        return self

    def as_cumulative(self) -> Period:
        """The cumulative period a command needs: a month (``2026年6月``, the reporting month June) means
        1-6月, the month 2 (or 1-2月) means 1-2月; a cumulative period is itself; anything else is refused."""
        if self.is_month:
            return Period.cumulative(self.year, self.end)
        return self.require_cumulative()

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

    def last_day(self) -> dt.date:
        """The last day of the period's last month (30 June for 1-6月): what a count of dated records reaches."""
        return dt.date(self.year, self.end, calendar.monthrange(self.year, self.end)[1])

    def key(self) -> str:
        return f"{self.year}-{self.end:02d}" if self.is_cumulative else f"{self.year}-{self.start:02d}-{self.end:02d}"

    def __str__(self) -> str:
        return self.label()


def start_month_of(month: int) -> int:
    """The first month of the reporting month ``month``: 1 for February (1-2月 are reported together)."""
    return 1 if month == 2 else month


# --- parsing ------------------------------------------------------------------------------------------
# What users write, normalised first (full-width → half-width, no spaces, one kind of dash):
#   2026-06 (the cumulative 1-6月)   2026-01-06   2026年1-6月   2026年6月   1-6月   6月
#   上半年 下半年 前三季度 一季度…四季度 第一季度 全年, with or without a year (2026年上半年)

_DASHES = re.compile("[-－—–―‐‑‒⁃﹣~～〜至]+")
_SPACES = re.compile(r"[\s\u3000\u00a0]+")
_QUARTER_DIGIT = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
NAMED = r"前三季度|1-3季度|上半年|下半年|全年|第?[一二三四1-4]季度"
SPAN = r"(\d{1,2})-(\d{1,2})月(?:份)?"
MONTH = r"(\d{1,2})月(?:份)?"

_CLI_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_CLI_SPAN = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_SPAN_FORM = re.compile(rf"(?:(\d{{4}})年)?{SPAN}")
_MONTH_FORM = re.compile(rf"(?:(\d{{4}})年)?{MONTH}")
_NAMED_FORM = re.compile(rf"(?:(\d{{4}})年?)?({NAMED})")


def normalize(text: str) -> str:
    """Period text reduced for matching: NFKC (全角→半角), no spaces, every dash and 至 as '-'."""
    s = unicodedata.normalize("NFKC", text)
    return _DASHES.sub("-", _SPACES.sub("", s))


def named_months(word: str) -> tuple[int, int]:
    """上半年 → (1, 6), 前三季度 → (1, 9), 二季度 → (4, 6), 全年 → (1, 12)."""
    fixed = {"前三季度": (1, 9), "1-3季度": (1, 9), "上半年": (1, 6), "下半年": (7, 12), "全年": (1, 12)}
    if word in fixed:
        return fixed[word]
    q = _QUARTER_DIGIT[word.removeprefix("第")[0]]
    return 3 * q - 2, 3 * q


def parse_period(text: str, *, year: int | None = None) -> Period:
    """The one parser of periods as users write them (see the forms above). ``2026-06`` is the cumulative
    period 1-6月 (the CLI form), ``2026年6月`` the month; ``1-6月``, ``6月`` and ``上半年`` take ``year``
    (the year of the context) and are refused without one."""
    s = normalize(text)
    if m := _CLI_MONTH.fullmatch(s):
        return Period.cumulative(int(m[1]), _month(m[2], text))
    if m := _CLI_SPAN.fullmatch(s):
        return Period(int(m[1]), _month(m[2], text), _month(m[3], text))
    if m := _SPAN_FORM.fullmatch(s):
        return Period(_year(m[1], year, text), _month(m[2], text), _month(m[3], text))
    if m := _MONTH_FORM.fullmatch(s):
        return Period.month(_year(m[1], year, text), _month(m[2], text))
    if m := _NAMED_FORM.fullmatch(s):
        return Period(_year(m[1], year, text), *named_months(m[2]))
    raise PeriodError(f"无法识别的期别“{text}”，请写成 2026-06（1-6月累计）、2026年1-6月、2026年6月或 2026年上半年 等形式")


def _year(found: str | None, context: int | None, text: str) -> int:
    if found:
        return int(found)
    if context is None:
        raise PeriodError(f"期别“{text}”没有写年份，请写明年份，例如 2026年{normalize(text)}")
    return context


def _month(s: str, text: str) -> int:
    m = int(s)
    if not 1 <= m <= 12:
        raise PeriodError(f"期别“{text}”中的月份 {m} 无效（应为 1-12）")
    return m


# --- finding a period inside longer text (titles, sheet names, file names, cells) ----------------------
@dataclass(frozen=True)
class PeriodGuess:
    """What a title, sheet name or file name says about its period; any part may be missing."""

    year: int | None
    start: int | None
    end: int | None
    source: str = ""


_TITLE_FORMS: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(rf"(20\d{{2}})年{SPAN}"), "span"),
    (re.compile(rf"(20\d{{2}})年{MONTH}"), "month"),
    (re.compile(rf"(20\d{{2}})年?({NAMED})"), "named"),
    (re.compile(rf"(?<!\d){SPAN}"), "span, year elsewhere"),
    (re.compile(r"(?<!\d)(20\d{2})[-._/](\d{1,2})(?!\d)"), "month"),  # file names: tongji-2026-04, 2026.04
    (re.compile(r"(?<!\d)(20\d{2})(0[1-9]|1[0-2])(?!\d)"), "month"),  # 202604
    (re.compile(rf"(?<!\d){MONTH}"), "month, year elsewhere"),
)
_YEAR_WORD = re.compile(r"(20\d{2})年?")
_YEAR_ONLY = (re.compile(r"(20\d{2})年"), re.compile(r"(?<!\d)(20\d{2})(?!\d)"))
_YEAR_MONTH = re.compile(r"(20\d{2})[-年./_]?(\d{1,2})(?!\d)")


def find_period_in(text: str) -> PeriodGuess | None:
    """The period a longer line names: '规模以上工业企业主要指标(2026年1-6月)' → 2026, 1, 6; '1-6月' → None,
    1, 6; '202606' → 2026, 6, 6; '2026年上半年' → 2026, 1, 6; '2026年' → 2026 without months."""
    t = normalize(text)
    for pattern, form in _TITLE_FORMS:
        m = pattern.search(t)
        if m is None:
            continue
        if form.endswith("year elsewhere"):
            y = _YEAR_WORD.search(t)
            year, months = (int(y[1]) if y else None), m.groups()
        else:
            year, months = int(m[1]), m.groups()[1:]
        if form.startswith("named"):
            start, end = named_months(months[0])
        else:
            start, end = int(months[0]), int(months[-1])
        return PeriodGuess(year, start, end, text) if 1 <= start <= end <= 12 else None
    for pattern in _YEAR_ONLY:
        if m := pattern.search(t):
            return PeriodGuess(int(m[1]), None, None, text)
    return None


def last_month_in(text: str) -> tuple[int, int] | None:
    """The (year, month) a cell of a list names, the last one when it names several: '2026-06', '2026年6月',
    '202606', '2026-04-01至2026-06-30' → (2026, 6)."""
    found = [(int(y), int(m)) for y, m in _YEAR_MONTH.findall(normalize(text)) if 1 <= int(m) <= 12]
    return found[-1] if found else None


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
