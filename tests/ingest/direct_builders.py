"""Workbooks shaped like the statistics bureau's 联网直报 exports (B201-1 工业产销总值及主要产品产量): a form-code
title line, the period on its own line, 计量单位：千元, 单位代码 for the credit code, 本年本月 / 本年1-本月 / 上年同月 /
上年1-本月 under each indicator's merged cell, a row of column letters and numbers under the header, numbers
typed as text with separators, signature lines spread over several cells and 注 lines below — as .xlsx,
legacy .xls and a GBK CSV from the same rows."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

PARTS = ("本年本月", "本年1-本月", "上年同月", "上年1-本月")
ID_HEADERS = ("单位代码", "单位详细名称", "行业代码", "乡镇（街道）")
INDICATOR_HEADERS = {"gross_output": "工业总产值（当年价格）", "sales_output": "工业销售产值（当年价格）",
                     "export_delivery": "其中：出口交货值"}


@dataclass
class DirectFirm:
    code: str  # as typed in the file (may be lowercase, full-width, spaced)
    name: str
    industry: str
    town: str
    figures: dict[str, tuple[object, object, object, object]] = field(default_factory=dict)  # 千元, as typed


@dataclass
class DirectForm:
    firms: list[DirectFirm]
    period: str = "2026年1-2月"
    indicators: tuple[str, ...] = ("gross_output", "sales_output", "export_delivery")
    headers: dict[str, str] = field(default_factory=dict)  # indicator → its header, for unknown layouts
    parts: tuple[str, ...] = PARTS
    total: str = "sum"  # "sum": a 合计 row that adds up; "none"; or "first" (the 合计 row above the firms)
    total_override: dict[tuple[str, int], object] = field(default_factory=dict)  # (indicator, part) → cell
    signatures_in_one_cell: bool = False

    def width(self) -> int:
        return len(ID_HEADERS) + 4 * len(self.indicators)


def _num(v: object) -> float:
    if v is None or v in ("", "—", "-", "…"):
        return 0.0
    return float(str(v).replace(",", "")) if isinstance(v, str) else float(v)


def _total_row(form: DirectForm) -> list[object]:
    row: list[object] = ["", "合计", "", ""]
    for ind in form.indicators:
        for k in range(4):
            if (ind, k) in form.total_override:
                row.append(form.total_override[(ind, k)])
                continue
            vals = [_num(f.figures[ind][k]) for f in form.firms if ind in f.figures]
            row.append(round(sum(vals), 1) if vals else None)
    return row


def direct_rows(form: DirectForm) -> list[list[object]]:
    """The sheet's rows, top to bottom (row 5 is the merged indicator header, row 6 the parts)."""
    w = form.width()
    rows: list[list[object]] = [
        ["B201-1 工业产销总值及主要产品产量"] + [""] * (w - 1),
        [form.period] + [""] * (w - 1),
        ["表号：B201-1", "", "制定机关：国家统计局", "", "文号：国统字〔2025〕xx号"] + [""] * (w - 5),
        ["综合机关名称：某某县统计局"] + [""] * (w - 6) + ["计量单位：千元"] + [""] * 4,
    ]
    top: list[object] = list(ID_HEADERS)
    sub: list[object] = [""] * len(ID_HEADERS)
    for ind in form.indicators:
        top += [form.headers.get(ind, INDICATOR_HEADERS[ind]), "", "", ""]
        sub += list(form.parts)
    rows += [top, sub, ["甲", "乙", "丙", "丁"] + [str(i) for i in range(1, 4 * len(form.indicators) + 1)]]
    body = [[f.code, f.name, f.industry, f.town]
            + [v for ind in form.indicators for v in f.figures.get(ind, (None, None, None, None))]
            for f in form.firms]
    if form.total == "first":
        rows.append(_total_row(form))
    rows += body
    if form.total == "sum":
        rows.append(_total_row(form))
    if form.signatures_in_one_cell:
        rows.append(["单位负责人：王建国    统计负责人：李红    填表人：张敏    报出日期：2026年3月5日"])
    else:
        rows.append(["单位负责人：王建国", "统计负责人：李红", "填表人：张敏", "报出日期：2026年3月5日"])
    rows.append(["注：1. 本表由规模以上工业法人单位填报。"])
    rows.append(["2. 出口交货值为工业销售产值的其中项。"])
    return rows


def write_direct_xlsx(path: Path, form: DirectForm) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "B201-1"
    for r in direct_rows(form):
        ws.append(r)
    w = form.width()
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=w)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=w)
    for c in range(1, len(ID_HEADERS) + 1):
        ws.merge_cells(start_row=5, start_column=c, end_row=6, end_column=c)
    for k in range(len(form.indicators)):
        c = len(ID_HEADERS) + 1 + 4 * k
        ws.merge_cells(start_row=5, start_column=c, end_row=5, end_column=c + 3)
    wb.save(path)
    return path


def write_direct_xls(path: Path, form: DirectForm) -> Path:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("B201-1")
    rows = direct_rows(form)
    n_ids = len(ID_HEADERS)
    for c in range(n_ids):
        ws.write_merge(4, 5, c, c, rows[4][c])
    for k in range(len(form.indicators)):
        c = n_ids + 4 * k
        ws.write_merge(4, 4, c, c + 3, rows[4][c])
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if r == 4 or (r == 5 and c < n_ids):
                continue
            if v is not None and v != "":
                ws.write(r, c, v)
    wb.save(str(path))
    return path


def write_direct_csv(path: Path, form: DirectForm, encoding: str = "gbk") -> Path:
    with open(path, "w", encoding=encoding, newline="") as f:
        csv.writer(f).writerows([["" if v is None else v for v in r] for r in direct_rows(form)])
    return path
