"""What every reader shares: options, the period of a sheet, and the parsed-file result."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kegong.core.periods import Period
from kegong.core.records import RecordSet
from kegong.readers.errors import Collector, Loc
from kegong.readers.layout import Layout, find_period
from kegong.readers.tables import Sheet

NO_PERIOD = "未能从标题、工作表名或文件名中识别期别（年月），请用 --period YYYY-MM 指定"


@dataclass(frozen=True)
class ReadOptions:
    period: Period | None = None  # --period: the reporting month (its end month)
    display_name: str | None = None


@dataclass(frozen=True)
class ReportMonth:
    """The month a sheet reports: ``month`` is the last month; ``start_month`` 1 for the combined 1-2月."""

    year: int
    month: int
    start_month: int

    @property
    def key(self) -> str:
        return f"{self.year}-{self.month:02d}"

    @property
    def label(self) -> str:
        span = "1-2月" if self.start_month == 1 and self.month == 2 else f"{self.month}月"
        return f"{self.year}年{span}"


def report_month(year: int, month: int) -> ReportMonth:
    return ReportMonth(year, month, 1 if month == 2 else month)


def sheet_period(sheet: Sheet, layout: Layout | None, options: ReadOptions, errors: Collector,
                 need_month: bool = True) -> ReportMonth | None:
    """The reporting month of a sheet: ``--period``, else the title lines, the sheet name, the file name."""
    if options.period is not None:
        return report_month(options.period.year, options.period.end)
    texts = [*(layout.preamble[:4] if layout else []), sheet.name, Path(sheet.file).stem]
    guess = find_period(texts)
    if guess is None or guess.year is None or (need_month and guess.end is None):
        errors.add(Loc(sheet.file, sheet.name), NO_PERIOD)
        return None
    return report_month(guess.year, guess.end or 12)


@dataclass
class ParsedFile:
    """A file read and validated, before anything from the database is consulted."""

    path: Path
    display: str
    source: str
    records: RecordSet
    sheets: list[str] = field(default_factory=list)
    periods: list[ReportMonth] = field(default_factory=list)
    extra: object = None  # reader-specific data the database-aware step needs (tax amounts, power readings…)
    present: dict[tuple[int, int], set[str]] = field(default_factory=dict)  # (year, month) → credit codes


def record_period_key(periods: list[ReportMonth]) -> str:
    if not periods:
        return ""
    ps = sorted(periods, key=lambda p: (p.year, p.month))
    if len(ps) == 1 or (ps[0].year, ps[0].month) == (ps[-1].year, ps[-1].month):
        return ps[0].key
    if ps[0].year == ps[-1].year:
        return f"{ps[0].key}~{ps[-1].month:02d}"
    return f"{ps[0].key}~{ps[-1].key}"
