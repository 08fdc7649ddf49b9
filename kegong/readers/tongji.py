"""统计局 above-scale industry workbook (规模以上工业企业主要指标): one enterprise per row, a two-row header
(indicator over 本月 / 1-本月 / 上年同月 / 上年同期), a title with the period, a unit line, a 合计 row and
注 lines. A workbook may hold one sheet per month."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from kegong.core.codes.industry import IndustryCodeError, classify
from kegong.core.codes.uscc import USCCError, clean_uscc
from kegong.core.periods import Period
from kegong.core.records import EnterpriseRecord, FigureRecord, RecordSet, ScaleRecord
from kegong.readers.cells import (
    Cleanups,
    NotANumber,
    fmt_decimal,
    norm_label,
    org_name_problem,
    parse_number,
    read_uscc,
    text,
)
from kegong.readers.common import ParsedFile, ReadOptions, record_period_key, sheet_period
from kegong.readers.errors import Collector, IngestError, Loc
from kegong.readers.layout import Layout, find_layout
from kegong.readers.mapping import SheetColumns, fingerprint
from kegong.readers.simple import Totals
from kegong.readers.tables import Sheet
from kegong.readers.tongji_columns import (  # noqa: F401 - re-exported
    FOOTER_WORDS,
    INDICATOR_LABEL,
    KIND_POS,
    MAY_BE_NEGATIVE,
    NUMBERING,
    REQUIRED,
    SOURCE,
    SUB_LABEL,
    TOTAL_WORDS,
    FigureColumn,
    SheetPlan,
    id_field,
    indicator_of,
    is_anchor,
    is_sub,
    plan_columns,
    sub_kind,
)

_NOTE_GOES_ON = re.compile(r"\d{1,2}[.、)）]\S{4,}")  # "2. 出口交货值为…": a numbered note line


def _row_kind(row: list, plan: SheetPlan, after_footer: bool = False) -> str:
    """'blank', 'total', 'footer', 'numbering' or 'data'. A footer is a line of signatures (单位负责人 /
    统计负责人 / 填表人 / 报出日期, in one cell or spread over several), a 注 line, or a line that goes on from
    one — in no case with a number in a figure column or a credit code."""
    ui, ni = plan.ids.get("uscc"), plan.ids.get("name")
    if ui is not None and ni is not None and ui < len(row) and ni < len(row):  # the common case, quickly
        u, n, first = row[ui], row[ni], row[0]
        if (type(u) is str and 15 <= len(u) <= 24 and type(n) is str and n
                and not n.lstrip().startswith(("合", "总", "全县"))
                and not (type(first) is str and first.lstrip().startswith(("合", "总", "全县")))):
            return "data"
    filled = [i for i, c in enumerate(row) if c is not None and c != "" and (not isinstance(c, str) or c.strip())]
    if not filled:
        return "blank"

    def at(key: str | int | None) -> str:
        i = plan.ids.get(key) if isinstance(key, str) else key
        return norm_label(row[i]) if i is not None and i < len(row) else ""

    uscc, name = at("uscc"), at("name")
    probe = [at("seq"), uscc, name, at(0)]
    if any(p.startswith(TOTAL_WORDS[:4]) or p == "全县" for p in probe if p):
        return "total"
    has_figures = any(_numeric(row[fc.index]) for fc in plan.figures if fc.index < len(row))
    if not uscc and not name:
        return "data" if has_figures else "footer"
    first = at(filled[0])
    if not has_figures and not _looks_like_code(uscc) and (
            first.startswith(FOOTER_WORDS) or (after_footer and (_NOTE_GOES_ON.match(first) or len(filled) <= 2))):
        return "footer"
    if len(uscc) <= 2:
        cells = [at(i) for i in filled]
        if uscc in NUMBERING or (uscc.isdigit() and len(cells) >= 3
                                 and all(c in NUMBERING or (c.isdigit() and len(c) <= 2) for c in cells)):
            return "numbering"
    return "data"


def _looks_like_code(s: str) -> bool:
    code = clean_uscc(s)
    return len(code) == 18 and code.isalnum() and code.isascii()


def _numeric(v) -> bool:
    try:
        return parse_number(v) is not None
    except NotANumber:
        return False


def uscc_message(e: Exception) -> str:
    msg = str(e)
    return msg[len("统一社会信用代码"):] if msg.startswith("统一社会信用代码“") else msg


@dataclass(frozen=True)
class _Figures:
    """A sheet's figure columns laid out for the row loop: (column, indicator, position 0-3, column plan),
    the column of each (indicator, position) and each indicator's unit factor per position."""

    cells: list[tuple[int, str, int, FigureColumn]]
    column: dict[tuple[str, int], int]
    factors: dict[str, list[Decimal]]

    @classmethod
    def of(cls, plan: SheetPlan) -> _Figures:
        factors: dict[str, list[Decimal]] = {}
        for fc in plan.figures:
            factors.setdefault(fc.indicator, [Decimal(1)] * 4)[KIND_POS[fc.kind]] = fc.factor
        return cls([(fc.index, fc.indicator, KIND_POS[fc.kind], fc) for fc in plan.figures],
                   {(fc.indicator, KIND_POS[fc.kind]): fc.index for fc in plan.figures}, factors)


def read_sheet(sheet: Sheet, layout: Layout, period: Period, errors: Collector, findings: list[str],
               out: RecordSet, present: dict[str, str], options: ReadOptions | None = None) -> SheetPlan:
    """Read one month's sheet into ``out`` (``present``: credit code → name of the enterprises listed)."""
    options = options or ReadOptions()
    mapping = options.mapping_for(fingerprint(c.label for c in layout.columns))
    plan = plan_columns(sheet, layout, errors, findings, mapping)
    if mapping is not None and mapping.name:
        findings.append(f"{sheet.loc()}：按导入方案“{mapping.name}”读取列")
    if any(k not in plan.ids for k in REQUIRED) or not plan.figures or (plan.columns and plan.columns.unplaced):
        return plan
    figures = _Figures.of(plan)
    totals: list[tuple[int, list]] = []
    sums = Totals()
    first_row_of: dict[str, int] = {}
    cleaned = Cleanups("统一社会信用代码")
    errors_before = len(errors.issues)
    n_rows, after_footer = 0, False
    for r in range(layout.data_start, len(sheet.rows)):
        row = sheet.rows[r]
        kind = _row_kind(row, plan, after_footer)
        after_footer = after_footer or kind == "footer"
        if kind in ("blank", "footer", "numbering"):
            continue
        if kind == "total":
            totals.append((r + 1, row))
            continue
        n_rows += 1
        enterprise = _read_enterprise(sheet, plan, r + 1, row, errors, first_row_of, cleaned)
        raw, ok = _read_figures(sheet, figures, r + 1, row, errors, sums)
        ok = _check_cumulatives(sheet, plan, figures, r + 1, raw, errors) and ok
        if enterprise is None or not ok:
            continue
        present[enterprise.uscc] = enterprise.name
        _record(out, enterprise, raw, figures, period)
    out.rows_read += n_rows
    if note := cleaned.finding(str(sheet.loc())):
        findings.append(note)
    if n_rows == 0:
        errors.add(sheet.loc(), "表头下没有企业数据行")
    cols = {fc.index: (fc.header, fc.unit) for fc in plan.figures}
    if len(errors.issues) > errors_before:
        return plan  # rows in error are not summed: the 合计 check waits until they are put right
    for rownum, row in totals:
        sums.check(sheet, rownum, row, cols, findings, errors, parts="各企业", accepted=options.accept_totals)
    return plan


def _read_enterprise(sheet: Sheet, plan: SheetPlan, rownum: int, row: list, errors: Collector,
                     first_row_of: dict[str, int], cleaned: Cleanups) -> EnterpriseRecord | None:
    """The enterprise a data row is about (credit code, name, industry, town), or None after recording
    what is wrong with it."""
    ids, headers = plan.ids, plan.headers

    def cell(i: int):
        return row[i] if i < len(row) else None

    def loc(key: str):
        return sheet.loc(rownum, ids[key], headers[ids[key]])

    ok = True
    try:
        uscc, changed = read_uscc(cell(ids["uscc"]))
        if changed:
            cleaned.note(f"第 {rownum} 行", text(cell(ids["uscc"])), uscc)
    except USCCError as e:
        errors.add(loc("uscc"), uscc_message(e))
        uscc, ok = text(cell(ids["uscc"])), False
    if ok and uscc in first_row_of:
        errors.add(loc("uscc"), f"“{uscc}”与第 {first_row_of[uscc]} 行重复，同一企业只能出现一次")
        ok = False
    first_row_of.setdefault(uscc, rownum)
    name = text(cell(ids["name"]))
    if not name:
        errors.add(loc("name"), "单位名称为空")
        ok = False
    try:
        industry = classify(text(cell(ids["industry"]))).code
    except IndustryCodeError as e:
        errors.add(loc("industry"), str(e))
        industry, ok = "", False
    town = text(cell(ids["town"]))
    if not town:
        errors.add(loc("town"), "所在乡镇（街道）为空")
        ok = False
    elif problem := org_name_problem(town):
        errors.add(loc("town"), f"乡镇（街道）{problem}")
        ok = False
    return EnterpriseRecord(uscc=uscc, name=name, industry_code=industry, town=town) if ok else None


def _read_figures(sheet: Sheet, figures: _Figures, rownum: int, row: list, errors: Collector, sums: Totals
                  ) -> tuple[dict[str, list], bool]:
    """indicator → [本月, 1-本月, 上年同月, 上年同期] in the file's unit, and whether every cell was a number."""
    raw: dict[str, list] = {}
    ok = True
    width = len(row)
    for idx, code, pos, fc in figures.cells:
        v = row[idx] if idx < width else None
        if v is None or v == "":
            continue
        if type(v) is float and v - v == 0:  # the common case, quickly (a finite float: not NaN, not ±inf)
            d = Decimal(int(v)) if v.is_integer() else Decimal(repr(v))
        else:
            good, d = errors.number(sheet.loc(rownum, idx, fc.header), v, f"数值（单位：{fc.unit}）")
            ok = ok and good
            if d is None:
                continue
        sums.add(idx, d)
        arr = raw.get(code)
        if arr is None:
            arr = raw[code] = [None, None, None, None]
        arr[pos] = d
    return raw, ok


def _check_cumulatives(sheet: Sheet, plan: SheetPlan, figures: _Figures, rownum: int, raw: dict[str, list],
                       errors: Collector) -> bool:
    """A cumulative smaller than its month (1-本月 < 本月, 上年同期 < 上年同月) is an error."""
    ok = True
    for code, arr in raw.items():
        if code in MAY_BE_NEGATIVE:
            continue
        for small, big in ((0, 1), (2, 3)):
            sv, bv = arr[small], arr[big]
            if sv is not None and bv is not None and sv >= 0 and bv < sv:
                bi = figures.column[(code, big)]
                errors.add(sheet.loc(rownum, bi, plan.headers[bi]),
                           f"“{fmt_decimal(bv)}”小于{('本月', '', '上年同月')[small]}数“{fmt_decimal(sv)}”，累计数应不小于当月数")
                ok = False
    return ok


def _record(out: RecordSet, enterprise: EnterpriseRecord, raw: dict[str, list], figures: _Figures,
            period: Period) -> None:
    """A valid row's enterprise, its above-scale flag and its figures in the stored units."""
    uscc = enterprise.uscc
    out.enterprises.append(enterprise)
    out.scale.append(ScaleRecord(uscc=uscc, year=period.year, above_scale=True))
    for code, arr in raw.items():
        f = figures.factors[code]
        out.figures.append(FigureRecord(
            uscc=uscc, indicator=code, year=period.year, month=period.end, start_month=period.start,
            value=None if arr[0] is None else arr[0] * f[0], cumulative=None if arr[1] is None else arr[1] * f[1],
            prior_year_value=None if arr[2] is None else arr[2] * f[2],
            prior_year_cumulative=None if arr[3] is None else arr[3] * f[3]))


def find_tongji_layout(sheet: Sheet) -> Layout | None:
    return find_layout(sheet, is_anchor, is_sub, min_anchors=2)


def read_tongji(sheets: list[Sheet], path: Path, options: ReadOptions) -> ParsedFile:
    display = options.display_name or path.name
    errors = Collector()
    findings: list[str] = []
    out = RecordSet(source=SOURCE)
    visible = [s for s in sheets if not s.hidden] or sheets
    planned = [(s, find_tongji_layout(s)) for s in visible]
    planned = [(s, lay) for s, lay in planned if lay is not None]
    if not planned:
        raise IngestError([errors_issue(display, "找不到统计报表的表头（应含“统一社会信用代码”“单位详细名称”"
                                                 "“行业代码”及“工业总产值”等列）")])
    if options.period is not None and len(planned) > 1:
        raise IngestError([errors_issue(display, f"含 {len(planned)} 个数据工作表（每月一表），各表期别不同，"
                                                 "不能用 --period 统一指定；请去掉 --period")])
    periods: list[Period] = []
    present: dict[tuple[int, int], dict[str, str]] = {}
    by_period: dict[tuple[int, int], str] = {}
    unplaced: list[SheetColumns] = []
    profiles_used: set[str] = set()
    for sheet, layout in planned:
        period = sheet_period(sheet, layout, options, errors)
        if period is None:
            continue
        pk = (period.year, period.end)
        if pk in by_period:
            errors.add(Loc(display, sheet.name), f"期别 {period.label()} 与工作表 {by_period[pk]} 相同")
            continue
        by_period[pk] = sheet.name or ""
        periods.append(period)
        present[pk] = {}
        plan = read_sheet(sheet, layout, period, errors, findings, out, present[pk], options)
        if plan.columns is not None and plan.columns.unplaced:
            unplaced.append(plan.columns)
        if plan.profile:
            profiles_used.add(plan.profile)
    try:
        errors.raise_if_any()
    except IngestError as e:
        raise IngestError(e.issues, unplaced) from None
    findings.extend(missing_in_later(present, display))
    out.enterprises = _latest_enterprises(out.enterprises)
    out.scale = list({(s.uscc, s.year): s for s in out.scale}.values())
    out.period_key = record_period_key(periods)
    out.findings = findings
    return ParsedFile(path=path, display=display, source=SOURCE, records=out,
                      sheets=[s.name or "" for s, _ in planned], periods=periods,
                      present={k: set(v) for k, v in present.items()}, extra=present, profiles_used=profiles_used)


def errors_issue(display: str, message: str):
    from kegong.readers.errors import Issue

    return Issue(Loc(display), message)


def _latest_enterprises(records: list[EnterpriseRecord]) -> list[EnterpriseRecord]:
    latest: dict[str, EnterpriseRecord] = {}
    for r in records:  # sheets are read in workbook order; keep the last (usually the latest month)
        latest[r.uscc] = r
    return list(latest.values())


def missing_in_later(present: dict[tuple[int, int], dict[str, str]], where: str) -> list[str]:
    """Enterprises in an earlier month's list of a year and absent from the next month's list."""
    out = []
    keys = sorted(present)
    for a, b in zip(keys, keys[1:]):
        if a[0] != b[0]:
            continue
        gone = [(u, n) for u, n in present[a].items() if u not in present[b]]
        out.extend(missing_message(u, n, a, b, where) for u, n in sorted(gone))
    return out


def missing_message(uscc: str, name: str, earlier: tuple[int, int], later: tuple[int, int], where: str) -> str:
    return (f"{name}（{uscc}）在 {Period.cumulative(*earlier).label()} 的规上企业名单中，"
            f"但 {where} {Period.cumulative(*later).label()} 中没有，请核实是否退库或漏报")


def sheet_columns(sheets: list[Sheet], options: ReadOptions | None = None) -> list[SheetColumns]:
    """What kegong makes of every column of each statistics sheet (with the user's mapping, if any)."""
    from kegong.readers.tongji_columns import place_columns

    options = options or ReadOptions()
    out = []
    for sheet in [s for s in sheets if not s.hidden] or sheets:
        layout = find_tongji_layout(sheet)
        if layout is not None:
            out.append(place_columns(sheet, layout, options.mapping_for(fingerprint(c.label for c in layout.columns))))
    return out
