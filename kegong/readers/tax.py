"""税务局 tax list: 纳税人识别号 (the credit code), 纳税人名称, 行业, 税款所属期 and 实缴税额 in 元 — one row per
tax kind (增值税, 企业所得税 …) or one per taxpayer with a column per kind or a total. Amounts are summed per
enterprise and month into the indicator ``tax`` (万元); the cumulative comes from the stored months."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from kegong.core.codes.uscc import USCCError, validate_uscc
from kegong.core.periods import Period
from kegong.core.records import RecordSet
from kegong.readers.cells import norm_label, strip_brackets, text
from kegong.readers.common import ParsedFile, ReadOptions, record_period_key, sheet_period
from kegong.readers.errors import Collector, IngestError, Issue, Loc
from kegong.readers.flows import Key, Stored, flow_figures, missing_months
from kegong.readers.layout import MONEY_UNITS, Layout, unit_in_label, units_in_text
from kegong.readers.simple import (
    FieldSpec,
    Totals,
    cell,
    data_rows,
    find_simple_layout,
    month_of,
    plan_fields,
    specs,
)
from kegong.readers.tables import Sheet

SOURCE = "tax"
INDICATOR = "tax"
TAX_KINDS = ("增值税", "消费税", "企业所得税", "个人所得税", "资源税", "城市维护建设税", "房产税", "印花税",
             "城镇土地使用税", "土地增值税", "车船税", "耕地占用税", "契税", "环境保护税", "烟叶税", "教育费附加",
             "地方教育附加")
SPECS = specs("tax")  # the header words: kegong.readers.vocabulary
KIND_SPEC = FieldSpec("tax_kind", "税种", "(" + "|".join(TAX_KINDS) + ")(合计)?", required=False)


@dataclass
class TaxData:
    amounts: dict[Key, Decimal] = field(default_factory=dict)  # 万元
    names: dict[str, str] = field(default_factory=dict)


def is_tax_sheet(sheet: Sheet) -> bool:
    lay = find_simple_layout(sheet, SPECS + [KIND_SPEC])
    if lay is None:
        return False
    labels = [c.label for c in lay.columns]
    has_id = any(SPECS[0].matches(lab) and "纳税人" in lab for lab in labels)
    has_tax = any("税" in lab and not SPECS[0].matches(lab) for lab in labels)
    return has_id or (any(SPECS[0].matches(lab) for lab in labels) and has_tax and not any("户号" in lab for lab in labels))


@dataclass
class _TaxSheet:
    """How a sheet's rows are read: its columns, the amount columns with their factor to 万元 and unit, and
    the month — of the whole sheet (``file_month``) or of each row (``period_col``)."""

    cols: dict[str, int]
    headers: dict[int, str]
    amounts: dict[int, tuple[Decimal, str]]
    period_col: int | None
    file_month: Period | None


def read_tax(sheets: list[Sheet], path: Path, options: ReadOptions) -> ParsedFile:
    display = options.display_name or path.name
    errors = Collector()
    findings: list[str] = []
    data = TaxData()
    rows_read = 0
    periods: set[Period] = set()
    found = False
    for sheet in [s for s in sheets if not s.hidden] or sheets:
        layout = find_simple_layout(sheet, SPECS + [KIND_SPEC])
        if layout is None:
            continue
        found = True
        plan = _plan_tax_sheet(sheet, layout, options, errors)
        if plan is not None:
            rows_read += _read_tax_rows(sheet, layout, plan, data, periods, findings, errors)
    if not found:
        raise IngestError([Issue(Loc(display), "找不到税务清单的表头（应含“纳税人识别号”和“实缴税额”等列）")])
    errors.raise_if_any()
    months = sorted(periods)
    records = RecordSet(source=SOURCE, rows_read=rows_read, findings=findings, period_key=record_period_key(months))
    return ParsedFile(path=path, display=display, source=SOURCE, records=records, extra=data, periods=months)


def _plan_tax_sheet(sheet: Sheet, layout: Layout, options: ReadOptions, errors: Collector) -> _TaxSheet | None:
    """The columns of a tax sheet, or None when it cannot be read (the error is recorded where one applies)."""
    cols = plan_fields(sheet, layout, SPECS, errors)
    kind_cols = [c.index for c in layout.columns if c.label and KIND_SPEC.matches(c.label)
                 and c.index not in cols.values()]
    if "uscc" not in cols:
        return None
    if "amount" not in cols and not kind_cols:
        errors.add(sheet.loc(layout.header_first + 1), "缺少“实缴税额”列（或各税种金额列）")
        return None
    unit_line = units_in_text(layout.preamble)
    amounts: dict[int, tuple[Decimal, str]] = {}
    for i in [cols["amount"]] if "amount" in cols else kind_cols:
        own = unit_in_label(layout.columns[i].label)
        unit = own[1] if own and own[0] == "money" else (unit_line.money or "元")
        amounts[i] = (MONEY_UNITS[unit], unit)
    file_month: Period | None = None
    period_col = cols.get("period_end", cols.get("period"))
    if period_col is None:
        file_month = sheet_period(sheet, layout, options, errors)
        if file_month is None:
            return None
    elif options.period is not None:
        file_month = Period.month(options.period.year, options.period.end)
    return _TaxSheet(cols, {c.index: c.display for c in layout.columns}, amounts, period_col, file_month)


def _read_tax_rows(sheet: Sheet, layout: Layout, plan: _TaxSheet, data: TaxData, periods: set[Period],
                   findings: list[str], errors: Collector) -> int:
    """Add a sheet's amounts per taxpayer and month to ``data``; check its 合计 rows; the data rows read."""
    cols = plan.cols
    totals = Totals()
    rows_read = 0
    for rownum, row, is_total in data_rows(sheet, layout, [cols["uscc"], cols.get("name", cols["uscc"])]):
        if is_total:
            totals.check(sheet, rownum, row, {i: (plan.headers[i], unit) for i, (_f, unit) in plan.amounts.items()},
                         findings, errors)
            continue
        rows_read += 1
        got = _read_tax_row(sheet, rownum, row, plan, totals, errors)
        if got is None:
            continue
        key, total = got
        data.amounts[key] = data.amounts.get(key, Decimal(0)) + total
        periods.add(Period.month(key[1], key[2]))
        name = text(cell(row, cols.get("name")))
        if name:
            data.names[key[0]] = name
    return rows_read


def _read_tax_row(sheet: Sheet, rownum: int, row: list, plan: _TaxSheet, totals: Totals, errors: Collector
                  ) -> tuple[Key, Decimal] | None:
    """(credit code, year, month) and the row's amount in 万元; None after recording what is wrong."""
    cols, headers = plan.cols, plan.headers
    ok = True
    try:
        uscc = validate_uscc(cell(row, cols["uscc"]))
    except USCCError as e:
        msg = str(e)
        errors.add(sheet.loc(rownum, cols["uscc"], headers[cols["uscc"]]),
                   msg[len("统一社会信用代码"):] if msg.startswith("统一社会信用代码“") else msg)
        ok, uscc = False, ""
    if plan.file_month is not None:
        ym: tuple[int, int] | None = (plan.file_month.year, plan.file_month.end)
    else:
        ym = month_of(cell(row, plan.period_col))
        if ym is None:
            errors.add(sheet.loc(rownum, plan.period_col, headers[plan.period_col]),
                       f"“{text(cell(row, plan.period_col))}”不是可识别的所属期，应为如“2026-06”或"
                       "“2026-06-01至2026-06-30”")
            ok = False
    total = Decimal(0)
    for i, (factor, unit) in plan.amounts.items():
        good, v = errors.number(sheet.loc(rownum, i, headers[i]), cell(row, i), f"金额（单位：{unit}）")
        ok = ok and good
        if v is not None:
            totals.add(i, v)
            total += v * factor
    if not ok or ym is None:
        return None
    return (uscc, ym[0], ym[1]), total


def finish_tax(parsed: ParsedFile, known: dict[str, str], stored: dict[Key, Stored],
               stored_months: dict[int, set[int]]) -> RecordSet:
    """Turn the file's amounts into figures, given the enterprises kegong knows and the stored tax figures."""
    data: TaxData = parsed.extra
    rs = parsed.records
    unknown = sorted({u for (u, _y, _m) in data.amounts if u not in known})
    if unknown:
        sample = "、".join(f"{data.names.get(u, '')}（{u}）" for u in unknown[:10])
        rs.findings.append(f"{len(unknown)} 户纳税人不在企业库中，未导入：{sample}{' 等' if len(unknown) > 10 else ''}")
    new = {k: v for k, v in data.amounts.items() if k[0] in known}
    by_year: dict[int, set[int]] = defaultdict(set)
    for (_u, y, m) in data.amounts:
        by_year[y].add(m)
    for y, ms in sorted(by_year.items()):
        gap = missing_months(max(ms), ms | stored_months.get(y, set()))
        if gap:
            rs.findings.append(f"{y}年 {'、'.join(f'{m}月' for m in gap)} 的纳税数据尚未导入，累计数不含这些月份")
    rs.figures = flow_figures(INDICATOR, new, stored)
    rs.scope = {(INDICATOR, y, m) for (_u, y, m) in data.amounts}
    return rs


def tax_header_hint(labels: list[str]) -> bool:
    norm = [strip_brackets(norm_label(lab)) for lab in labels]
    return any(n.startswith("纳税人识别号") for n in norm)
