"""The power company's wide monthly list as an office makes it: a title, a unit line, one row per account with
a column per month (often under a merged ``2026年用电量（千瓦时）`` group), a 合计 column, a 合计 row and a
signature line — written as .xlsx (openpyxl), legacy .xls (xlwt) or a GBK-encoded CSV."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import openpyxl

WAN = Decimal(10000)
SIGNATURE = "制表：张三   审核：李四   报出日期：2026年11月5日"
Value = Decimal | int | str | None  # a reading in 千瓦时, or a cell written as it is ("—", "暂无", "")
Merge = tuple[int, int, int, int]  # first row, last row, first col, last col (0-based)


@dataclass
class Meter:
    account: str
    name: str
    months: dict[int, Value]
    address: str = "城关镇工业园"
    industry: str = "制造业"
    voltage: str = "10kV"


@dataclass
class WideList:
    meters: list[Meter]
    title: str = "2026年1-10月工业用户用电量明细表"
    unit: str = "千瓦时"  # the unit the figures are written in
    unit_line: str | None = "单位：千瓦时"
    group: str | None = "2026年用电量（千瓦时）"  # a merged label over the months (None: one-row header)
    month_word: Callable[[int], str] = lambda m: f"{m}月"
    months: tuple[int, ...] = tuple(range(1, 13))  # the month columns (some may stay empty)
    total_column: str | None = "合计"
    total_row: str | None = "bottom"  # "top", "bottom" or None
    signature: str = "one cell"  # "one cell" or "spread"
    grouped_text: set[tuple[str, int]] = field(default_factory=set)  # (户号, month) written as "12,345.6"
    overrides: dict[tuple[str, int | str], object] = field(default_factory=dict)  # (户号|"合计", month|"合计")
    sheet_name: str = "用电明细"
    merged: bool = True

    @property
    def first_month_col(self) -> int:
        return 5


def in_unit(w: WideList, kwh: Decimal) -> Decimal:
    return kwh / WAN if w.unit == "万千瓦时" else kwh


def grouped(d: Decimal) -> str:
    """12345.6 → '12,345.6'."""
    return format(d.normalize(), ",f")


def _cell(w: WideList, m: Meter, month: int) -> object:
    v = m.months.get(month)
    if isinstance(v, (int, Decimal)) and not isinstance(v, bool):
        d = in_unit(w, Decimal(v))
        return grouped(d) if (m.account, month) in w.grouped_text else float(d)
    return v


def _number(v: Value) -> Decimal | None:
    return Decimal(v) if isinstance(v, (int, Decimal)) and not isinstance(v, bool) else None


def _meter_row(w: WideList, m: Meter) -> list[object]:
    row: list[object] = [m.account, m.name, m.address, m.industry, m.voltage]
    row += [_cell(w, m, month) for month in w.months]
    if w.total_column:
        nums = [n for n in (_number(m.months.get(mo)) for mo in w.months) if n is not None]
        row.append(float(in_unit(w, sum(nums, Decimal(0)))))
    for (acct, col), v in w.overrides.items():
        if acct == m.account:
            row[_col(w, col)] = v
    return row


def _col(w: WideList, col: int | str) -> int:
    return w.first_month_col + (len(w.months) if col == "合计" else w.months.index(int(col)))


def _total_row(w: WideList) -> list[object]:
    row: list[object] = ["合计", "", "", "", ""]
    sums = []
    for month in w.months:
        nums = [n for n in (_number(m.months.get(month)) for m in w.meters) if n is not None]
        sums.append(sum(nums, Decimal(0)))
        row.append(float(in_unit(w, sums[-1])) if nums else None)
    if w.total_column:
        row.append(float(in_unit(w, sum(sums, Decimal(0)))))
    for (acct, col), v in w.overrides.items():
        if acct == "合计":
            row[_col(w, col)] = v
    return row


def header_rows(w: WideList) -> tuple[list[list[object]], list[Merge]]:
    """The header row(s) and their merged ranges, the header starting on sheet row ``top`` (0-based)."""
    ids = ["户号", "户名", "用电地址", "行业", "电压等级"]
    tail = [w.total_column] if w.total_column else []
    top = 1 + (1 if w.unit_line else 0) + 1
    if w.group is None:
        return [ids + [w.month_word(m) for m in w.months] + tail], []
    first = w.first_month_col
    upper = ids + [w.group] + [None] * (len(w.months) - 1) + tail
    lower = [None] * len(ids) + [w.month_word(m) for m in w.months] + [None] * len(tail)
    merges = [(top, top + 1, c, c) for c in range(len(ids))]
    merges.append((top, top, first, first + len(w.months) - 1))
    if tail:
        merges.append((top, top + 1, first + len(w.months), first + len(w.months)))
    return [upper, lower], merges


def wide_rows(w: WideList) -> tuple[list[list[object]], list[Merge]]:
    """Every row of the sheet, top to bottom, and the merged ranges."""
    rows: list[list[object]] = [[w.title], ["填报单位：国网某某县供电公司"]]
    if w.unit_line:
        rows.append([w.unit_line])
    header, merges = header_rows(w)
    rows += header
    body = [_meter_row(w, m) for m in w.meters]
    if w.total_row == "top":
        rows.append(_total_row(w))
    rows += body
    if w.total_row == "bottom":
        rows.append(_total_row(w))
    rows.append([])
    if w.signature == "spread":
        rows.append(["制表：张三", None, "审核：李四", None, "报出日期：2026年11月5日"])
    else:
        rows.append([SIGNATURE])
    return rows, merges


def write_wide_xlsx(path: Path, w: WideList) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = w.sheet_name
    rows, merges = wide_rows(w)
    for r in rows:
        ws.append(r)
    if w.merged:
        for r0, r1, c0, c1 in merges:
            ws.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
    wb.save(path)
    return path


def write_wide_xls(path: Path, w: WideList) -> Path:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet(w.sheet_name)
    rows, merges = wide_rows(w)
    covered: set[tuple[int, int]] = set()
    for r0, r1, c0, c1 in merges:
        ws.write_merge(r0, r1, c0, c1, rows[r0][c0])
        covered |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if (r, c) not in covered and v not in (None, ""):
                ws.write(r, c, v)
    wb.save(str(path))
    return path


def write_wide_csv(path: Path, w: WideList, encoding: str = "gbk") -> Path:
    rows, _ = wide_rows(w)
    with open(path, "w", encoding=encoding, newline="") as f:
        csv.writer(f).writerows([["" if v is None else v for v in r] for r in rows])
    return path


WRITERS: dict[str, Callable[[Path, WideList], Path]] = {"xlsx": write_wide_xlsx, "xls": write_wide_xls,
                                                        "csv": write_wide_csv}
