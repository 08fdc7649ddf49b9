"""供电公司 wide monthly list: one row per account (户号, 户名, maybe 用电地址, 行业, 电压等级), then a column per
month (1月 … 12月, 01月, 2026年1月, 2026-01, 一月, 1月份, 1月用电量), often a 合计 / 累计 column and 合计 rows.

The plan: find the header row (two-level headers included: ``2026年用电量（千瓦时）`` merged over ``1月 2月 …``),
the month columns and their year (the column, its group, ``--period``, the title, the sheet or file name), the
unit (the column, its group, the unit line, the title; 千瓦时 when none is written), then read every row into
readings per (户号, year, month) in 千瓦时 — the same readings the long list gives. A 合计 column is checked
against the row's months and a 合计 row against the sum of the rows (:class:`~kegong.readers.simple.Totals`);
neither is ever read as a month. A title such as ``2026年1-10月…`` gives only the year: months are months.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from kegong.core import units
from kegong.readers.cells import NotANumber, norm_label, parse_number, strip_brackets, text
from kegong.readers.common import ReadOptions
from kegong.readers.errors import Collector
from kegong.readers.footer import footer_line
from kegong.readers.layout import Column, Layout, find_layout, find_period, unit_in_label, units_in_text
from kegong.readers.simple import FieldSpec, Totals, cell, data_rows, find_simple_layout, plan_fields
from kegong.readers.tables import Sheet

KWH_PER_WAN = (units.factor(units.WAN_KWH) / units.factor(units.KWH)).quantize(Decimal(1))  # 10000
ID_KEYS = ("account", "name", "address")  # the SPECS of the long list a wide list shares
NO_YEAR = "未能从表头、标题、工作表名或文件名中识别年份，请用 --period YYYY-MM 指定"

_CN_MONTH = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
             "十一": 11, "十二": 12}
_ENERGY = r"(?:月)?(?:用电量|售电量|抄见电量|结算电量|电量|用电)?"
_MONTH_WORD = re.compile(rf"(?:(20\d{{2}})年)?(\d{{1,2}}|十[一二]?|[一二三四五六七八九])月(?:份)?{_ENERGY}")
_YEAR_MONTH = re.compile(r"(20\d{2})(?:[-./](\d{1,2})(?:-\d{1,2}(?:T[\d:]+)?)?|(0[1-9]|1[0-2]))" + _ENERGY)
_SPAN = re.compile(rf"(?:20\d{{2}}年)?\d{{1,2}}-\d{{1,2}}月(?:份)?{_ENERGY}(?:合计|累计|小计)?{_ENERGY}")
_TOTAL_WORD = re.compile(r"合计|累计|总计")
_NOT_THIS_YEAR = re.compile(r"上年|去年|同期|同比|增长|增减|比上|%|率|电费|金额")
_ENERGY_ONLY = re.compile(_ENERGY)
_YEAR_IN = re.compile(r"(20\d{2})年")
_KWH_SPELLINGS = ((re.compile(r"k\s*w\s*[·・･•.*\-]?\s*h", re.I), units.KWH),
                  (re.compile(r"千瓦[·・･•.*]时"), units.KWH))
_FOOTER = footer_line(r"[:：.、]")
_DATE_LINE = re.compile(r"日期|报出|制表|填报")


@dataclass(frozen=True)
class Reading:
    """One account's electricity in one month, in 千瓦时, with the account's name and address."""

    account: str
    name: str
    address: str
    year: int
    month: int
    kwh: Decimal


@dataclass(frozen=True)
class Figure:
    """A number column: a month (``month`` set) or a 合计 column (``month`` None)."""

    index: int
    header: str
    unit: str
    to_kwh: Decimal
    year: int | None = None
    month: int | None = None


@dataclass
class WidePlan:
    cols: dict[str, int]  # account, name, address → column index
    headers: dict[int, str]
    months: list[Figure]
    totals: list[Figure]
    accepted: str = ""  # the user's reason for accepting 合计 that do not add up (--accept-totals)


def kwh_factor(unit: str) -> Decimal:
    """千瓦时 per one ``unit`` of energy: 1 for 千瓦时, 10000 for 万千瓦时."""
    return units.factor(unit, units.ENERGY) * KWH_PER_WAN


# --- labels --------------------------------------------------------------------------------------------

def _energy_units(label: str) -> str:
    """kW·h, kW.h, 千瓦·时 … spelled as the unit table knows them."""
    for pattern, unit in _KWH_SPELLINGS:
        label = pattern.sub(unit, label)
    return label


def month_label(label: str) -> tuple[int | None, int] | None:
    """(year or None, month) of a month column's header: 1月, 01月, 2026年1月, 2026-01, 202601, 一月, 1月份,
    1月用电量, 1月(kWh); None for anything else."""
    s = strip_brackets(norm_label(label))
    m = _MONTH_WORD.fullmatch(s)
    if m:
        month = int(m[2]) if m[2].isdigit() else _CN_MONTH[m[2]]
        return (int(m[1]) if m[1] else None, month) if 1 <= month <= 12 else None
    m = _YEAR_MONTH.fullmatch(s)
    if m:
        month = int(m[2] or m[3])
        return (int(m[1]), month) if 1 <= month <= 12 else None
    return None


def is_total_label(label: str) -> bool:
    """合计, 全年合计, 累计, 总计, 用电量合计, 1-10月, 1-10月累计 — this year's total, not last year's."""
    s = strip_brackets(norm_label(label))
    if not s or _NOT_THIS_YEAR.search(s):
        return False
    return bool(_SPAN.fullmatch(s) or (_TOTAL_WORD.search(s) and len(s) <= 12) or s in ("全年", "本年"))


def _unit_of(*labels: str) -> str | None:
    for lab in labels:
        own = unit_in_label(_energy_units(lab)) if lab else None
        if own and own[0] == units.ENERGY:
            return own[1]
    return None


def sheet_unit(layout: Layout) -> str | None:
    """The energy unit of the unit line above the table (单位：千瓦时, 计量单位：万千瓦时, 单位:kW·h), else one
    written in brackets in the title."""
    lines = [_energy_units(line) for line in layout.preamble]
    return units_in_text(lines).energy or _unit_of(*(norm_label(line) for line in lines))


def sheet_year(sheet: Sheet, layout: Layout, options: ReadOptions) -> int | None:
    """``--period``'s year, else the title's (``2026年1-10月…`` gives 2026), the sheet's or the file's."""
    if options.period is not None:
        return options.period.year
    lines = [line for line in layout.preamble if not _DATE_LINE.search(line)]
    guess = find_period([*lines, sheet.name, Path(sheet.file).stem])
    return guess.year if guess else None


# --- the header ----------------------------------------------------------------------------------------

def _anchor(specs: list[FieldSpec]) -> Callable[[str], bool]:
    return lambda lab: any(s.matches(lab) for s in specs)


def _sub_header_below(sheet: Sheet, layout: Layout, specs: list[FieldSpec]) -> bool:
    """The row under a one-row header holds month labels and nothing under the 户号 / 户名 columns."""
    r = layout.header_first + 1
    if r >= len(sheet.rows):
        return False
    row = sheet.rows[r]
    ids = [c.index for c in layout.columns if any(s.matches(c.label) for s in specs if s.key in ID_KEYS[:2])]
    if any(text(cell(row, i)) for i in ids):
        return False
    return any(month_label(text(v)) for v in row)


def _figure_kind(col: Column) -> tuple[str, tuple[int | None, int] | None]:
    """('month', (year, month)), ('total', None) or ('other', None) for a column."""
    own = col.sub or col.top
    if not own:
        return "other", None
    if is_total_label(own):
        return "total", None
    ym = month_label(own)
    if ym is None and col.sub and _ENERGY_ONLY.fullmatch(strip_brackets(col.sub)):
        ym = month_label(col.top)  # 1月 over 用电量(千瓦时)
    if ym is None:
        return "other", None
    year = ym[0]
    if year is None and col.sub and (y := _YEAR_IN.search(col.top)):
        year = int(y[1])  # 2026年用电量 over 1月
    return "month", (year, ym[1])


def find_wide_layout(sheet: Sheet, specs: list[FieldSpec]) -> Layout | None:
    """The layout of a wide list on this sheet: month columns and no single 用电量 or 月份 column; None
    when the sheet is not one (a long list, or no header at all)."""
    layout = find_simple_layout(sheet, specs)
    if layout is None:
        return None
    if layout.header_last == layout.header_first and _sub_header_below(sheet, layout, specs):
        layout = find_layout(sheet, _anchor(specs), lambda lab: month_label(lab) is not None) or layout
    kinds = [_figure_kind(c)[0] for c in layout.columns]
    if "month" not in kinds:
        return None
    long_only = [s for s in specs if s.key not in ID_KEYS]
    if any(k == "other" and c.label and any(s.matches(c.label) for s in long_only)
           for c, k in zip(layout.columns, kinds)):
        return None
    return layout


def plan_wide(sheet: Sheet, layout: Layout, specs: list[FieldSpec], options: ReadOptions, findings: list[str],
              errors: Collector) -> WidePlan | None:
    """The identity, month and 合计 columns of a wide list with their units and years, or None after
    recording why the sheet cannot be read."""
    before = len(errors.issues)
    cols = plan_fields(sheet, layout, [s for s in specs if s.key in ID_KEYS], errors)
    unit = sheet_unit(layout)
    if unit is None:
        unit = units.KWH
        findings.append(f"{sheet.loc()}：表头和单位行都未注明电量单位，按千瓦时读取")
    year = sheet_year(sheet, layout, options)
    months, totals = _figures(sheet, layout, unit, year, errors)
    if any(k not in cols for k in ID_KEYS[:2]) or len(errors.issues) > before:
        return None
    return WidePlan(cols, {c.index: c.display for c in layout.columns}, months, totals, options.accept_totals)


def _figures(sheet: Sheet, layout: Layout, unit: str, year: int | None, errors: Collector
             ) -> tuple[list[Figure], list[Figure]]:
    """The month columns (in column order) and the 合计 columns. A 合计 column without a unit of its own is
    in the unit of the months when they all have one (``2026年用电量（千瓦时）`` over the months, 合计 beside)."""
    months: list[Figure] = []
    seen: dict[tuple[int, int], Figure] = {}
    total_cols: list[Column] = []
    for col in layout.columns:
        kind, ym = _figure_kind(col)
        if kind == "total":
            total_cols.append(col)
        if ym is None:
            continue
        u = _unit_of(col.sub, col.top) or unit
        y = ym[0] or year
        if y is None:
            if not any(i.message == NO_YEAR and i.loc == sheet.loc() for i in errors.issues):
                errors.add(sheet.loc(), NO_YEAR)
            continue
        if (y, ym[1]) in seen:
            errors.add(sheet.loc(layout.header_last + 1, col.index, col.display),
                       f"{y}年{ym[1]}月出现两列（另见“{seen[(y, ym[1])].header}”列），每个月份只应有一列")
            continue
        seen[(y, ym[1])] = fig = Figure(col.index, col.display, u, kwh_factor(u), y, ym[1])
        months.append(fig)
    month_units = {f.unit for f in months}
    beside = month_units.pop() if len(month_units) == 1 else unit
    totals = [Figure(c.index, c.display, u, kwh_factor(u))
              for c in total_cols for u in [_unit_of(c.sub, c.top) or beside]]
    return months, totals


# --- the rows ------------------------------------------------------------------------------------------

def _is_footer(row: list, plan: WidePlan) -> bool:
    """制表/审核/注 lines (in one cell or spread over several) and a repeated header row."""
    first = next((s for s in (norm_label(c) for c in row) if s), "")
    if _FOOTER.match(first):
        return True
    acct = plan.cols["account"]
    return norm_label(cell(row, acct)) == norm_label(plan.headers[acct])


def read_wide_sheet(sheet: Sheet, layout: Layout, plan: WidePlan, findings: list[str], errors: Collector
                    ) -> tuple[list[Reading], int]:
    """The readings of a wide sheet and the number of data rows; its 合计 column and rows checked."""
    cols = plan.cols
    totals = Totals()
    total_rows: list[tuple[int, list]] = []
    readings: list[Reading] = []
    rows_read = 0
    for rownum, row, is_total in data_rows(sheet, layout, [cols["account"], cols["name"]]):
        if is_total:
            total_rows.append((rownum, row))
            continue
        if _is_footer(row, plan):
            continue
        rows_read += 1
        readings.extend(_read_row(sheet, rownum, row, plan, totals, findings, errors))
    checked = {f.index: (f.header, f.unit) for f in [*plan.months, *plan.totals]}
    for rownum, row in total_rows:  # a 合计 row may stand above the rows it sums
        if not any(norm_label(c).startswith("小计") for c in row):
            totals.check(sheet, rownum, row, checked, findings, errors, accepted=plan.accepted)
    return readings, rows_read


def _read_row(sheet: Sheet, rownum: int, row: list, plan: WidePlan, totals: Totals, findings: list[str],
              errors: Collector) -> list[Reading]:
    """One account's readings; [] after recording what is wrong with the row."""
    account, name = _identity(sheet, rownum, row, plan, errors)
    values: dict[Figure, Decimal] = {}
    ok = bool(account and name)
    for fig in plan.months:
        good, v = _reading(sheet, rownum, row, fig, errors)
        ok = ok and good
        if v is not None:
            values[fig] = v
    if not ok:
        return []
    _check_row_total(sheet, rownum, row, plan, values, totals, findings, errors)
    for fig, v in values.items():
        totals.add(fig.index, v)
    address = text(cell(row, plan.cols.get("address")))
    return [Reading(account, name, address, f.year or 0, f.month or 0, v * f.to_kwh)
            for f, v in values.items()]


def _identity(sheet: Sheet, rownum: int, row: list, plan: WidePlan, errors: Collector) -> tuple[str, str]:
    account = text(cell(row, plan.cols["account"]))
    name = text(cell(row, plan.cols["name"]))
    for key, value, what in (("account", account, "户号"), ("name", name, "户名")):
        if not value:
            col = plan.cols[key]
            errors.add(sheet.loc(rownum, col, plan.headers[col]), f"{what}为空")
    return account, name


def _reading(sheet: Sheet, rownum: int, row: list, fig: Figure, errors: Collector) -> tuple[bool, Decimal | None]:
    """A month cell: (True, the number or None when blank/—), or (False, None) with the error recorded."""
    loc = sheet.loc(rownum, fig.index, fig.header)
    good, v = errors.number(loc, cell(row, fig.index), f"{fig.month}月电量（单位：{fig.unit}）")
    if v is not None and v < 0:
        errors.add(loc, f"“{v}”为负数，用电量应不小于 0")
        return False, None
    return good, v


def _check_row_total(sheet: Sheet, rownum: int, row: list, plan: WidePlan, values: dict[Figure, Decimal],
                     totals: Totals, findings: list[str], errors: Collector) -> None:
    """Each 合计 column against the sum of the row's months (in the 合计 column's unit); its value goes into
    the sum the 合计 row is checked against."""
    kwh = sum((v * f.to_kwh for f, v in values.items()), Decimal(0))
    for tot in plan.totals:
        row_sum = Totals()
        row_sum.add(tot.index, kwh / tot.to_kwh)
        row_sum.check(sheet, rownum, row, {tot.index: (tot.header, tot.unit)}, findings, errors, parts="各月",
                      accepted=plan.accepted)
        try:
            v = parse_number(cell(row, tot.index))
        except NotANumber:
            continue  # recorded by the check
        if v is not None:
            totals.add(tot.index, v)
