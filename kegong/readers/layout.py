"""Finding a table inside a sheet: the header row(s) (two-row headers with merged cells included), the
title, unit and period lines above it, and the columns with their labels."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from kegong.core import units
from kegong.core.periods import PeriodGuess, find_period_in
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
    prev_top, prev_raw, prev_had_sub = "", "", False
    for c in range(width):
        top_raw = fill.get((first, c), cell(first, c))
        sub_raw = cell(last, c) if last > first else None
        if (last, c) in fill and last > first:
            sub_raw = fill[(last, c)]
        top, sub = norm_label(top_raw), norm_label(sub_raw) if last > first else ""
        if not top and sub and prev_had_sub:
            top = prev_top  # a group label typed once over several sub-columns, without merged cells
            top_raw = prev_raw
        display = "".join(t for t in (text(top_raw), text(sub_raw)) if t)
        columns.append(Column(c, top, sub, display or top))
        if top:
            prev_top, prev_raw, prev_had_sub = top, text(top_raw), bool(sub)
        else:
            prev_had_sub = False
    return columns


# --- units ------------------------------------------------------------------------------------------

# unit → size in 万元 / 万千瓦时, from the one table (kegong.core.units)
MONEY_UNITS = units.factors(units.MONEY)
ENERGY_UNITS = units.factors(units.ENERGY)
_UNIT_TOKEN = "(" + "|".join(re.escape(u) for u in sorted([*MONEY_UNITS, *ENERGY_UNITS], key=len, reverse=True)) + ")"
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
    u = units.unit(token)
    return u.kind, u.name


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

def find_period(texts: Sequence[str | None]) -> PeriodGuess | None:
    """The months from the first text that names them; the year from that text or the first that has one
    (each text read by :func:`kegong.core.periods.find_period_in`)."""
    guesses = [g for g in (find_period_in(t) for t in texts if t) if g]
    with_month = next((g for g in guesses if g.end is not None), None)
    year = next((g.year for g in ([with_month] if with_month else []) + guesses if g and g.year), None)
    if with_month is None:
        return PeriodGuess(year, None, None, "") if year else None
    return PeriodGuess(year, with_month.start, with_month.end, with_month.source)
