"""kegong's own template for figures entered by hand (研发投入 and any other indicator): one row per
enterprise, indicator and month, amounts already in the stored units (万元, 万千瓦时)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from kegong.core.catalogue import INDICATORS
from kegong.core.codes.uscc import USCCError, validate_uscc
from kegong.core.periods import Period, PeriodError
from kegong.core.records import FigureRecord, RecordSet
from kegong.readers.cells import norm_label, text
from kegong.readers.common import ParsedFile, ReadOptions, record_period_key
from kegong.readers.errors import Collector, IngestError, Issue, Loc
from kegong.readers.layout import Layout
from kegong.readers.simple import cell, data_rows, find_simple_layout, plan_fields, specs
from kegong.readers.tables import Sheet

SOURCE = "template"
TITLE = "kegong 手工数据导入模板"
SHEET = "数据"
HEADERS = ("统一社会信用代码", "单位详细名称", "指标", "期别", "本月", "1-本月累计", "上年同月", "上年同期累计")
VALUE_KEYS = ("value", "cumulative", "prior_year_value", "prior_year_cumulative")
SPECS = specs("template")  # the header words: kegong.readers.vocabulary
_BY_NAME = {norm_label(d.name): d.code for d in INDICATORS} | {d.code: d.code for d in INDICATORS}
_UNIT = {d.code: d.unit for d in INDICATORS}


def indicator_code(raw: object) -> str | None:
    s = norm_label(raw)
    return _BY_NAME.get(s) or _BY_NAME.get(s.lower())


def report_of(raw: object) -> Period | None:
    """The reporting month a 期别 cell names — '2026-06', '2026年6月', '2026年1-2月' (a cumulative period
    names its last month; February is 1-2月) — or None."""
    try:
        p = Period.parse(text(raw))
    except PeriodError:
        return None
    return p.reporting_month() if p.is_month or p.is_cumulative else None


@dataclass
class TemplateData:
    names: dict[str, str]


def is_template(sheet: Sheet) -> bool:
    lay = find_simple_layout(sheet, SPECS, min_anchors=3)
    return lay is not None and any("指标" in c.label for c in lay.columns) and any(
        "期别" in c.label for c in lay.columns)


def _find_template(sheets: list[Sheet], display: str) -> tuple[Sheet, Layout]:
    """The 数据 sheet (or the first sheet that looks like the template) and its header layout."""
    sheet = next((s for s in sheets if s.name == SHEET), None) or next((s for s in sheets if is_template(s)), None)
    layout = find_simple_layout(sheet, SPECS, min_anchors=3) if sheet else None
    if sheet is None or layout is None:
        raise IngestError([Issue(Loc(display), f"找不到模板的表头（应含 {'、'.join(HEADERS)}）")])
    return sheet, layout


def _read_row(sheet: Sheet, rownum: int, row: list, cols: dict[str, int], headers: dict[int, str],
              errors: Collector, options: ReadOptions
              ) -> tuple[str, str, Period, dict[str, Decimal | None]] | None:
    """One row's credit code, indicator, reporting month and values, or None when any of them is wrong
    (every error of the row is added to ``errors``)."""
    ok = True
    try:
        uscc = validate_uscc(cell(row, cols["uscc"]))
    except USCCError as e:
        errors.add(sheet.loc(rownum, cols["uscc"], headers[cols["uscc"]]), str(e))
        ok, uscc = False, ""
    code = indicator_code(cell(row, cols["indicator"]))
    if code is None:
        errors.add(sheet.loc(rownum, cols["indicator"], headers[cols["indicator"]]),
                   f"“{text(cell(row, cols['indicator']))}”不是 kegong 的指标（应为指标名称或代码，如“研发投入”或 rd_spend）")
        ok = False
    rep = report_of(cell(row, cols["period"]))
    if options.period is not None:
        rep = options.period.reporting_month()
    if rep is None:
        errors.add(sheet.loc(rownum, cols["period"], headers[cols["period"]]),
                   f"“{text(cell(row, cols['period']))}”不是可识别的期别，应为如“2026-06”或“2026年1-2月”")
        ok = False
    values = {}
    for k in VALUE_KEYS:
        if k not in cols:
            continue
        good, values[k] = errors.number(sheet.loc(rownum, cols[k], headers[cols[k]]), cell(row, cols[k]),
                                        f"数值（单位：{_UNIT.get(code or '', '万元')}）")
        ok = ok and good
    if not ok or rep is None or code is None:
        return None
    return uscc, code, rep, values


def read_template(sheets: list[Sheet], path: Path, options: ReadOptions) -> ParsedFile:
    display = options.display_name or path.name
    errors = Collector()
    rs = RecordSet(source=SOURCE)
    names: dict[str, str] = {}
    seen: dict[tuple, int] = {}
    periods: set[Period] = set()
    sheet, layout = _find_template(sheets, display)
    cols = plan_fields(sheet, layout, SPECS, errors)
    errors.raise_if_any()
    headers = {c.index: c.display for c in layout.columns}
    for rownum, row, is_total in data_rows(sheet, layout, [cols["uscc"], cols["indicator"]]):
        if is_total:
            continue
        rs.rows_read += 1
        parsed = _read_row(sheet, rownum, row, cols, headers, errors, options)
        if parsed is None:
            continue
        uscc, code, rep, values = parsed
        key = (uscc, code, rep.year, rep.end)
        if key in seen:
            errors.add(sheet.loc(rownum), f"与第 {seen[key]} 行重复（同一企业、指标和期别）")
            continue
        seen[key] = rownum
        if not any(v is not None for v in values.values()):
            continue
        if text(cell(row, cols.get("name"))):
            names[uscc] = text(cell(row, cols.get("name")))
        periods.add(rep)
        rs.figures.append(FigureRecord(uscc=uscc, indicator=code, year=rep.year, month=rep.end, start_month=rep.start,
                                       **{k: values.get(k) for k in VALUE_KEYS}))
    errors.raise_if_any()
    months = sorted(periods)
    rs.period_key = record_period_key(months)
    return ParsedFile(path=path, display=display, source=SOURCE, records=rs, extra=TemplateData(names),
                      periods=months, sheets=[sheet.name or ""])
