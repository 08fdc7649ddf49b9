"""Finding a table inside a sheet: the header row(s) (two-row headers with merged cells included), the
title, unit and period lines above it, and the columns with their labels."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from kegong.readers.cells import norm_label, strip_brackets, text
from kegong.readers.tables import Sheet

MAX_HEADER_SCAN = 40


@dataclass
class Column:
    index: int
    top: str  # normalised label of the (upper) header cell, merged cells filled in
    sub: str  # normalised label of the lower header cell ('' for a one-row header)
    display: str  # the header as shown in messages

    @property
    def label(self) -> str:
        return self.top + self.sub

    @property
    def stem(self) -> str:
        return strip_brackets(self.top)


@dataclass
class Layout:
    header_first: int  # 0-based index of the first header row
    header_last: int
    columns: list[Column]
    preamble: list[str] = field(default_factory=list)  # text of the rows above the header, in order

    @property
    def data_start(self) -> int:
        return self.header_last + 1


def row_texts(row: Sequence) -> list[str]:
    return [t for t in (text(c) for c in row) if t]


def find_layout(sheet: Sheet, is_anchor: Callable[[str], bool], is_sub: Callable[[str], bool],
                min_anchors: int = 2) -> Layout | None:
    """The first row with at least ``min_anchors`` labels for which ``is_anchor`` holds is the header; the
    row below belongs to the header too when it carries sub-labels (``is_sub``) or merged cells span
    down into it."""
    rows = sheet.rows
    for r in range(min(MAX_HEADER_SCAN, len(rows))):
        labels = [norm_label(c) for c in rows[r]]
        if sum(1 for lab in labels if lab and is_anchor(lab)) < min_anchors:
            continue
        last = r
        if r + 1 < len(rows):
            below = [norm_label(c) for c in rows[r + 1]]
            merged_down = any(r0 == r and r1 > r0 for (r0, _c0), (r1, _c1) in sheet.merged)
            if any(lab and is_sub(lab) for lab in below) or (merged_down and not any(is_anchor(b) for b in below if b)):
                last = r + 1
        columns = _columns(sheet, r, last)
        preamble = [" ".join(row_texts(rows[i])) for i in range(r) if row_texts(rows[i])]
        return Layout(r, last, columns, preamble)
    return None


def _columns(sheet: Sheet, first: int, last: int) -> list[Column]:
    rows = sheet.rows
    width = max(len(rows[i]) for i in range(first, last + 1))

    def cell(r: int, c: int):
        row = rows[r]
        return row[c] if c < len(row) else None

    fill: dict[tuple[int, int], object] = {}
    for (r0, c0), (r1, c1) in sheet.merged:
        if r1 < first or r0 > last:
            continue
        v = rows[r0][c0] if r0 < len(rows) and c0 < len(rows[r0]) else None
        for rr in range(max(r0, first), min(r1, last) + 1):
            for cc in range(c0, c1 + 1):
                if (rr, cc) != (r0, c0):
                    fill[(rr, cc)] = None if rr > r0 else v

    columns = []
    prev_top, prev_had_sub = "", False
    for c in range(width):
        top_raw = fill.get((first, c), cell(first, c))
        sub_raw = cell(last, c) if last > first else None
        if (last, c) in fill and last > first:
            sub_raw = fill[(last, c)]
        top, sub = norm_label(top_raw), norm_label(sub_raw) if last > first else ""
        if not top and sub and prev_had_sub:
            top = prev_top  # a group label typed once over several sub-columns, without merged cells
        display = "".join(t for t in (text(top_raw) or (prev_top if top else ""), text(sub_raw)) if t)
        columns.append(Column(c, top, sub, display or top))
        if top:
            prev_top, prev_had_sub = top, bool(sub)
        else:
            prev_had_sub = False
    return columns


# --- units ------------------------------------------------------------------------------------------

MONEY_UNITS = {"元": Decimal("0.0001"), "千元": Decimal("0.1"), "万元": Decimal(1), "亿元": Decimal(10000)}
ENERGY_UNITS = {"千瓦时": Decimal("0.0001"), "度": Decimal("0.0001"), "kwh": Decimal("0.0001"),
                "万千瓦时": Decimal(1), "万度": Decimal(1), "亿千瓦时": Decimal(10000)}
_UNIT_TOKEN = r"(亿千瓦时|万千瓦时|千瓦时|万度|kwh|亿元|万元|千元|元|度)"
_UNIT_LINE = re.compile(r"单位\s*[:]\s*" + _UNIT_TOKEN + r"(?:\s*[,、;/及和]\s*" + _UNIT_TOKEN + r")?", re.I)


@dataclass(frozen=True)
class Units:
    money: str | None = None
    energy: str | None = None

    def factor(self, kind: str) -> Decimal | None:
        if kind == "money":
            return MONEY_UNITS[self.money] if self.money else None
        return ENERGY_UNITS[self.energy] if self.energy else None


def _classify_unit(token: str) -> tuple[str, str]:
    t = token.lower()
    return ("money", token) if t in MONEY_UNITS else ("energy", t if t == "kwh" else token)


def units_in_text(lines: Sequence[str]) -> Units:
    """The unit line above a table: '单位：千元', '计量单位：万元、万千瓦时', '金额单位：元'."""
    money = energy = None
    for line in lines:
        s = unicodedata.normalize("NFKC", line).replace(" ", "")
        for m in _UNIT_LINE.finditer(s):
            for tok in m.groups():
                if not tok:
                    continue
                kind, unit = _classify_unit(tok)
                if kind == "money" and money is None:
                    money = unit
                elif kind == "energy" and energy is None:
                    energy = unit
    return Units(money, energy)


def unit_in_label(label: str) -> tuple[str, str] | None:
    """A unit written in a header's brackets: '工业总产值(千元)' → ('money', '千元')."""
    for part in re.findall(r"\(([^()]*)\)", label):
        p = part.replace("单位", "").replace(":", "").strip()
        if re.fullmatch(_UNIT_TOKEN, p, re.I):
            return _classify_unit(p)
    return None


# --- periods ----------------------------------------------------------------------------------------

_CN_HALF = {"上半年": (1, 6), "一季度": (1, 3), "第一季度": (1, 3), "前三季度": (1, 9), "全年": (1, 12),
            "1-3季度": (1, 9)}


@dataclass(frozen=True)
class PeriodGuess:
    year: int | None
    start: int | None
    end: int | None
    source: str = ""


def period_in_text(s: str) -> PeriodGuess | None:
    """'规模以上工业企业主要指标(2026年1-6月)' → 2026, 1, 6; '1-6月' → None, 1, 6; '202606' → 2026, 6, 6."""
    t = norm_label(s)
    m = re.search(r"(20\d{2})年(\d{1,2})-(\d{1,2})月", t)
    if m:
        return _guess(int(m[1]), int(m[2]), int(m[3]), s)
    m = re.search(r"(20\d{2})年(\d{1,2})月", t)
    if m:
        return _guess(int(m[1]), int(m[2]), int(m[2]), s)
    for word, (a, b) in _CN_HALF.items():
        m = re.search(r"(20\d{2})年?" + word, t)
        if m:
            return _guess(int(m[1]), a, b, s)
    m = re.search(r"(?<!\d)(\d{1,2})-(\d{1,2})月", t)
    if m:
        year = re.search(r"(20\d{2})年?", t)
        return _guess(int(year[1]) if year else None, int(m[1]), int(m[2]), s)
    m = re.search(r"(?<!\d)(20\d{2})[-._/](\d{1,2})(?!\d)", t)
    if m:
        return _guess(int(m[1]), int(m[2]), int(m[2]), s)
    m = re.search(r"(?<!\d)(20\d{2})(0[1-9]|1[0-2])(?!\d)", t)
    if m:
        return _guess(int(m[1]), int(m[2]), int(m[2]), s)
    m = re.search(r"(?<!\d)(\d{1,2})月", t)
    if m:
        year = re.search(r"(20\d{2})年?", t)
        return _guess(int(year[1]) if year else None, int(m[1]), int(m[1]), s)
    m = re.search(r"(20\d{2})年", t) or re.search(r"(?<!\d)(20\d{2})(?!\d)", t)
    if m:
        return PeriodGuess(int(m[1]), None, None, s)
    return None


def _guess(year: int | None, start: int, end: int, s: str) -> PeriodGuess | None:
    if not (1 <= start <= end <= 12):
        return None
    return PeriodGuess(year, start, end, s)


def find_period(texts: Sequence[str | None]) -> PeriodGuess | None:
    """The months from the first text that names them; the year from that text or the first that has one."""
    guesses = [g for g in (period_in_text(t) for t in texts if t) if g]
    with_month = next((g for g in guesses if g.end is not None), None)
    year = next((g.year for g in ([with_month] if with_month else []) + guesses if g and g.year), None)
    if with_month is None:
        return PeriodGuess(year, None, None, "") if year else None
    return PeriodGuess(year, with_month.start, with_month.end, with_month.source)
