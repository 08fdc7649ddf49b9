"""The plain records every reader (and the demo generator) produces and one service writes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class EnterpriseRecord:
    uscc: str
    name: str
    industry_code: str
    town: str
    park: str | None = None
    chain: str = ""
    contact_person: str = ""
    contact_phone: str = ""
    registered_on: dt.date | None = None  # 注册成立日期
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScaleRecord:
    """Above-scale status of an enterprise in a year (规上在库; entered_year = 入规年份)."""

    uscc: str
    year: int
    above_scale: bool = True
    entered_year: int | None = None


@dataclass(frozen=True)
class FigureRecord:
    """One enterprise's figures for one indicator and reporting month (amounts in the stored unit).

    For the combined January–February report use ``month=2, start_month=1``."""

    uscc: str
    indicator: str
    year: int
    month: int
    start_month: int
    value: Decimal | None = None
    cumulative: Decimal | None = None
    prior_year_value: Decimal | None = None
    prior_year_cumulative: Decimal | None = None


@dataclass
class RecordSet:
    """Everything one file (or the demo) yields, ready for ``kegong.figures.services.write_records``."""

    source: str
    enterprises: list[EnterpriseRecord] = field(default_factory=list)
    scale: list[ScaleRecord] = field(default_factory=list)
    figures: list[FigureRecord] = field(default_factory=list)
    rows_read: int = 0
    period_key: str = ""
    findings: list[str] = field(default_factory=list)
    # The (indicator, year, month) triples this set speaks for completely (a corrected file replaces them);
    # None: those of ``figures``.
    scope: set[tuple[str, int, int]] | None = None
