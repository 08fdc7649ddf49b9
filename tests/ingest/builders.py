"""Workbooks built by the tests in the shapes the real sources come in."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

from kegong.core.codes.uscc import make_uscc

SUBS = ("本月", "1-本月", "上年同月", "上年同期")
GROUP_TITLES = {
    "gross_output": "工业总产值（当年价格）",
    "sales_output": "工业销售产值",
    "export_delivery": "出口交货值",
    "revenue": "营业收入",
    "profit": "利润总额",
    "electricity": "用电量（万千瓦时）",
}
ID_TITLES = {"seq": "序号", "uscc": "统一社会信用代码", "name": "单位详细名称", "industry": "行业代码",
             "town": "所在乡镇（街道）"}


def uscc(n: int, region: str = "431124") -> str:
    """A valid credit code for test enterprise number n."""
    return make_uscc(f"91{region}{n:08d}"[:16])


@dataclass
class Ent:
    uscc: str
    name: str
    industry: str
    town: str
    figures: dict[str, tuple] = field(default_factory=dict)  # indicator → (本月, 1-本月, 上年同月, 上年同期)


@dataclass
class TongjiSheet:
    enterprises: list[Ent]
    title: str = "规模以上工业企业主要指标（2026年1-6月）"
    unit: str = "单位：千元"
    sheet_name: str = "1-6月"
    indicators: tuple[str, ...] = ("gross_output", "sales_output", "revenue", "profit")
    id_order: tuple[str, ...] = ("seq", "uscc", "name", "industry", "town")
    subs: tuple[str, ...] = SUBS
    total: bool = True
    total_override: dict[tuple[str, str], object] = field(default_factory=dict)
    notes: tuple[str, ...] = ("注：1. 本表数据为快报数。", "2. 工业总产值按当年价格计算。")
    ids_after: bool = False  # put the indicator groups before the id columns
    overrides: dict[tuple[int, str], object] = field(default_factory=dict)  # (row i, column key) → cell value
    merged: bool = True
    numbering_row: bool = False
    id_titles: dict[str, str] = field(default_factory=dict)  # other wording of the id column headers


def sub_index(sub: str) -> int:
    """Position in (本月, 1-本月, 上年同月, 上年同期) of a sub-column label however it is worded."""
    if "上年" in sub or "去年" in sub:
        return 2 if "同月" in sub else 3
    return 0 if sub.strip() in ("本月", "当月") else 1


def _layout(s: TongjiSheet) -> tuple[list[tuple[str, str]], list[str], list[str]]:
    """Column keys, top labels, sub labels."""
    ids = [(k, "") for k in s.id_order]
    figs = [(ind, sub) for ind in s.indicators for sub in s.subs]
    cols = figs + ids if s.ids_after else ids + figs
    tops, subs = [], []
    for key, sub in cols:
        if sub:
            tops.append(GROUP_TITLES[key])
            subs.append(sub)
        else:
            tops.append(s.id_titles.get(key, ID_TITLES[key]))
            subs.append("")
    return cols, tops, subs


def tongji_rows(s: TongjiSheet) -> list[list[object]]:
    cols, tops, subs = _layout(s)
    rows: list[list[object]] = [[s.title], ["填报单位：某某县统计局", "", "", s.unit], tops, subs]
    if s.numbering_row:
        rows.append(["甲", "乙", "丙", "丁", "戊"] + [str(i) for i in range(1, len(cols) - 4)])
    for i, e in enumerate(s.enterprises):
        row = []
        for key, sub in cols:
            if not sub:
                row.append({"seq": i + 1, "uscc": e.uscc, "name": e.name, "industry": e.industry,
                            "town": e.town}[key])
            else:
                vals = e.figures.get(key)
                row.append(vals[sub_index(sub)] if vals else None)
        for (ri, key), v in s.overrides.items():
            if ri == i:
                row[_col_of(cols, key)] = v
        rows.append(row)
    if s.total:
        total = []
        for key, sub in cols:
            if not sub:
                total.append("合计" if key == "name" else "")
            else:
                vals = [e.figures[key][sub_index(sub)] for e in s.enterprises
                        if key in e.figures and e.figures[key][sub_index(sub)] is not None]
                total.append(sum(vals) if vals else None)
        for key_sub, v in s.total_override.items():
            total[cols.index(key_sub)] = v
        rows.append(total)
    rows.extend([n] for n in s.notes)
    return rows


def _col_of(cols, key) -> int:
    if isinstance(key, tuple):
        return cols.index(key)
    return cols.index((key, ""))


def write_tongji_xlsx(path: Path, sheets: list[TongjiSheet]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for s in sheets:
        ws = wb.create_sheet(s.sheet_name)
        rows = tongji_rows(s)
        for r in rows:
            ws.append(r)
        if s.merged:
            cols, tops, subs = _layout(s)
            hdr = 3  # 1-based header row
            c = 0
            while c < len(cols):
                key, sub = cols[c]
                if sub:
                    width = sum(1 for k, _ in cols[c:] if k == key)
                    for j in range(c + 1, c + width):
                        ws.cell(hdr, j + 1).value = None
                    ws.merge_cells(start_row=hdr, start_column=c + 1, end_row=hdr, end_column=c + width)
                    c += width
                else:
                    ws.merge_cells(start_row=hdr, start_column=c + 1, end_row=hdr + 1, end_column=c + 1)
                    c += 1
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(cols))
    wb.save(path)
    return path


def write_tongji_csv(path: Path, sheet: TongjiSheet, encoding: str = "gbk") -> Path:
    rows = tongji_rows(sheet)
    with open(path, "w", encoding=encoding, newline="") as f:
        csv.writer(f).writerows([["" if v is None else v for v in r] for r in rows])
    return path


def write_tongji_xls(path: Path, sheets: list[TongjiSheet]) -> Path:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    for s in sheets:
        ws = wb.add_sheet(s.sheet_name)
        rows = tongji_rows(s)
        cols, _, _ = _layout(s)
        merged_top: set[int] = set()
        if s.merged:
            c = 0
            while c < len(cols):
                key, sub = cols[c]
                if sub:
                    width = sum(1 for k, _ in cols[c:] if k == key)
                    ws.write_merge(2, 2, c, c + width - 1, rows[2][c])
                    merged_top.update(range(c, c + width))
                    c += width
                else:
                    ws.write_merge(2, 3, c, c, rows[2][c])
                    merged_top.add(c)
                    c += 1
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if s.merged and r in (2, 3) and c in merged_top and (r == 2 or not cols[c][1]):
                    continue
                if v is not None and v != "":
                    ws.write(r, c, v)
    wb.save(str(path))
    return path


def write_rows_xlsx(path: Path, rows: list[list[object]], sheet_name: str = "Sheet1") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet_name
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path
