"""Helpers for the one-row-header lists (tax, power, projects, kegong's template): which column is which,
which rows are data, and the check of a 合计 row against the sum of the rows."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from kegong.core.periods import last_month_in
from kegong.readers import vocabulary
from kegong.readers.cells import NotANumber, fmt_decimal, norm_label, parse_number, strip_brackets, text
from kegong.readers.errors import Collector, column_letter
from kegong.readers.footer import FOOTER_WORDS, footer_line
from kegong.readers.layout import Layout, find_layout
from kegong.readers.tables import Sheet

TOTAL_PREFIXES = ("合计", "总计", "全县合计", "总合计", "小计")
FOOTER_PREFIXES = FOOTER_WORDS  # a note or signature line under the list (kegong.readers.footer)
_SIGNED = footer_line()  # the same words with their colon: a signature line whatever its other cells hold


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str  # the name used in messages
    pattern: str  # regex over the normalised, bracket-stripped header
    required: bool = True

    def matches(self, label: str) -> bool:
        return bool(re.fullmatch(self.pattern, strip_brackets(label)) or re.fullmatch(self.pattern, label))


def specs(source: str) -> list[FieldSpec]:
    """The fields of a one-row-header source with their header words, from the vocabulary table."""
    return [FieldSpec(f.key, f.label, vocabulary.pattern(source, f.key).pattern, f.required)
            for f in vocabulary.fields(source)]


def find_simple_layout(sheet: Sheet, specs: list[FieldSpec], min_anchors: int = 2) -> Layout | None:
    def anchor(lab: str) -> bool:
        return any(s.matches(lab) for s in specs)

    return find_layout(sheet, anchor, lambda _lab: False, min_anchors=min_anchors)


def plan_fields(sheet: Sheet, layout: Layout, specs: list[FieldSpec], errors: Collector) -> dict[str, int]:
    cols: dict[str, int] = {}
    for col in layout.columns:
        lab = col.label
        if not lab:
            continue
        for s in specs:
            if s.key not in cols and s.matches(lab):
                cols[s.key] = col.index
                break
    for s in specs:
        if s.required and s.key not in cols:
            errors.add(sheet.loc(layout.header_first + 1), f"缺少“{s.label}”列（表头中未找到）")
    return cols


def data_rows(sheet: Sheet, layout: Layout, key_cols: list[int]) -> Iterator[tuple[int, list, bool]]:
    """(1-based row number, cells, is_total) for each row below the header that is data or a 合计 row;
    blank rows and 注/说明 lines are skipped."""
    for r in range(layout.data_start, len(sheet.rows)):
        row = sheet.rows[r]
        cells = [norm_label(c) for c in row]
        nonempty = [c for c in cells if c]
        if not nonempty:
            continue
        keys = [cells[i] for i in key_cols if i < len(cells)]
        if any(k.startswith(TOTAL_PREFIXES) for k in keys if k) or nonempty[0].startswith(TOTAL_PREFIXES[:3]):
            yield r + 1, row, True
            continue
        if _SIGNED.match(nonempty[0]):  # 单位负责人：… 统计负责人：… spread over the key columns too
            continue
        if not any(keys):
            if nonempty[0].startswith(FOOTER_PREFIXES) or len(nonempty) == 1:
                continue
        yield r + 1, row, False


def cell(row: list, i: int | None):
    return row[i] if i is not None and i < len(row) else None


class Totals:
    """Sums of number columns over the data rows, compared with a 合计 row."""

    def __init__(self) -> None:
        self.sums: dict[int, Decimal] = {}

    def add(self, col: int, v: Decimal) -> None:
        self.sums[col] = self.sums.get(col, Decimal(0)) + v

    def check(self, sheet: Sheet, rownum: int, row: list, cols: dict[int, tuple[str, str]], findings: list[str],
              errors: Collector, parts: str = "各行", accepted: str = "") -> None:
        """Compare a 合计 row with the sums (columns: index → (header, unit)). A gap beyond rounding means a
        row was lost after the totals were made: the file is refused, naming the columns and the gaps in the
        file's unit, unless the user accepted it (``accepted``: their reason), which makes it a finding."""
        gaps = []
        for col, (header, unit) in cols.items():
            try:
                total = parse_number(cell(row, col))
            except NotANumber as e:
                errors.add(sheet.loc(rownum, col, header), f"合计行：{e}，应为数值")
                continue
            if total is None:
                continue
            got = self.sums.get(col, Decimal(0))
            if abs(total - got) > max(Decimal("0.01"), abs(total) * Decimal("0.0001")):
                gaps.append(f"{column_letter(col)} 列“{header}”合计 {fmt_decimal(total)}、{parts}之和 {fmt_decimal(got)}，"
                            f"相差 {fmt_decimal(total - got)}{unit}")
        if not gaps:
            return
        what = f"合计行与{parts}之和不符：" + "；".join(gaps)
        if accepted:
            findings.append(f"{sheet.loc(rownum)}：{what}。已按用户确认导入（理由：{accepted}）")
        else:
            errors.add(sheet.loc(rownum), f"{what}。可能有行在合计之后被删除或漏填，请核对原表；确认无误后可选择"
                                          "“接受合计不符”并写明理由再导入（命令行 --accept-totals 理由）")


def month_of(value) -> tuple[int, int] | None:
    """A month from a period cell: a date, or text :func:`kegong.core.periods.last_month_in` reads —
    '2026-06', '2026年6月', '202606', '2026-04-01至2026-06-30' (the end)."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.year, value.month
    return last_month_in(text(value))


YES = {"是", "Y", "y", "yes", "YES", "√", "✓", "1", "技改", "是(技改)", "TRUE", "True"}
NO = {"否", "N", "n", "no", "NO", "×", "0", "", "非技改", "FALSE", "False"}
