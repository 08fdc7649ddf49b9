"""What every reader shares: options, the period of a sheet, and the parsed-file result."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kegong.core.periods import Period
from kegong.core.records import RecordSet
from kegong.readers.errors import Collector, Loc
from kegong.readers.layout import Layout, find_period
from kegong.readers.mapping import ColumnMapping
from kegong.readers.tables import Sheet

NO_PERIOD = "未能从标题、工作表名或文件名中识别期别（年月），请用 --period YYYY-MM 指定"


@dataclass(frozen=True)
class ReadOptions:
    period: Period | None = None  # --period: the reporting month (its end month)
    display_name: str | None = None
    mapping: ColumnMapping | None = None  # the user's mapping (--profile NAME, --map …): used for every sheet
    profiles: tuple[ColumnMapping, ...] = ()  # saved mappings, each used for a sheet of its layout
    accept_totals: str = ""  # the reason a user gave for accepting 合计 rows that do not add up

    def mapping_for(self, fp: str) -> ColumnMapping | None:
        if self.mapping is not None:
            return self.mapping
        return next((m for m in self.profiles if m.fingerprint == fp), None)


def sheet_period(sheet: Sheet, layout: Layout | None, options: ReadOptions, errors: Collector,
                 need_month: bool = True) -> Period | None:
    """The reporting month of a sheet (``Period.reporting``: 1-2月 for February): ``--period``, else the
    title lines, the sheet name, the file name."""
    if options.period is not None:
        return options.period.reporting_month()
    texts = [*(layout.preamble[:4] if layout else []), sheet.name, Path(sheet.file).stem]
    guess = find_period(texts)
    if guess is None or guess.year is None or (need_month and guess.end is None):
        errors.add(Loc(sheet.file, sheet.name), NO_PERIOD)
        return None
    return Period.reporting(guess.year, guess.end or 12)


@dataclass
class ParsedFile:
    """A file read and validated, before anything from the database is consulted."""

    path: Path
    display: str
    source: str
    records: RecordSet
    sheets: list[str] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)  # the months the file reports
    extra: object = None  # reader-specific data the database-aware step needs (tax amounts, power readings…)
    present: dict[tuple[int, int], set[str]] = field(default_factory=dict)  # (year, month) → credit codes
    profiles_used: set[str] = field(default_factory=set)  # the import profiles the columns were read by


def record_period_key(periods: list[Period]) -> str:
    """The batch's 期别 from the months a file reports, by their last months: ``2026-06``, ``2026-02~04``,
    ``2025-11~2026-02``."""
    if not periods:
        return ""
    first = min(periods, key=lambda p: (p.year, p.end))
    last = max(periods, key=lambda p: (p.year, p.end))
    a, b = Period.cumulative(first.year, first.end).key(), Period.cumulative(last.year, last.end).key()
    if a == b:
        return a
    return f"{a}~{last.end:02d}" if first.year == last.year else f"{a}~{b}"
