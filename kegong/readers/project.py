"""项目库 industrial investment list: project, enterprise, 是否技改, 计划总投资 and the investment completed this
year by month (万元) — or 本年完成投资 with 本月完成投资. Summed per enterprise into the indicators
``industrial_investment`` (all projects) and ``renovation_investment`` (projects with 是否技改 = 是)."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from kegong.core.codes.uscc import USCCError, validate_uscc
from kegong.core.periods import Period, start_month_of
from kegong.core.records import FigureRecord, RecordSet
from kegong.readers.cells import strip_brackets, text
from kegong.readers.common import ParsedFile, ReadOptions, record_period_key, sheet_period
from kegong.readers.errors import Collector, IngestError, Issue, Loc
from kegong.readers.flows import Key, Stored, flow_figures
from kegong.readers.layout import MONEY_UNITS, Layout, find_layout, find_period, unit_in_label, units_in_text
from kegong.readers.matching import NameIndex
from kegong.readers.simple import NO, YES, cell, data_rows, plan_fields, specs
from kegong.readers.tables import Sheet

SOURCE = "project"
ALL, RENOVATION = "industrial_investment", "renovation_investment"
SPECS = specs("project")  # the header words: kegong.readers.vocabulary
_MONTH = re.compile(r"(\d{1,2})月(份)?(完成)?(投资)?(额)?")


def _month_of_column(top: str, sub: str) -> int | None:
    for s in (sub, top):
        m = _MONTH.fullmatch(strip_brackets(s)) if s else None
        if m and 1 <= int(m[1]) <= 12:
            return int(m[1])
    return None


def _anchor(lab: str) -> bool:
    return any(s.matches(lab) for s in SPECS[:4])


def find_project_layout(sheet: Sheet):
    return find_layout(sheet, _anchor, lambda lab: _month_of_column("", lab) is not None, min_anchors=2)


@dataclass
class ProjectRow:
    rownum: int
    sheet: str | None
    project: str
    enterprise: str
    uscc: str | None
    renovation: bool
    months: dict[int, Decimal] = field(default_factory=dict)  # 万元
    month_value: Decimal | None = None
    cumulative: Decimal | None = None
    planned: Decimal | None = None  # 计划总投资, 万元
    matched: str | None = None  # the enterprise's credit code, once matched to the register (finish_project)


@dataclass
class ProjectData:
    year: int
    month: int
    monthly: bool
    rows: list[ProjectRow] = field(default_factory=list)


def read_project(sheets: list[Sheet], path: Path, options: ReadOptions) -> ParsedFile:
    display = options.display_name or path.name
    errors = Collector()
    data: ProjectData | None = None
    for sheet in [s for s in sheets if not s.hidden] or sheets:
        layout = find_project_layout(sheet)
        if layout is not None:  # the first sheet with the list's header is the list
            data = _read_project_sheet(sheet, layout, display, options, errors)
            break
    if data is None and not errors:
        raise IngestError([Issue(Loc(display), "找不到项目库清单的表头（应含“项目名称”“企业名称”“是否技改”及完成投资列）")])
    errors.raise_if_any()
    assert data is not None
    if data.monthly:
        _cut_at_reporting_month(data, display)
    periods = [Period.reporting(data.year, data.month)]
    records = RecordSet(source=SOURCE, rows_read=len(data.rows), findings=[], period_key=record_period_key(periods))
    return ParsedFile(path=path, display=display, source=SOURCE, records=records, extra=data, periods=periods)


def _read_project_sheet(sheet: Sheet, layout: Layout, display: str, options: ReadOptions, errors: Collector
                        ) -> ProjectData | None:
    """The projects of the list's sheet, or None after recording why they cannot be read."""
    cols = plan_fields(sheet, layout, SPECS, errors)
    month_cols = {c.index: m for c in layout.columns if (m := _month_of_column(c.top, c.sub)) is not None}
    if not month_cols and "cumulative" not in cols:
        errors.add(sheet.loc(layout.header_first + 1), "缺少本年完成投资列（按月的“1月”…“12月”，或“本年完成投资”）")
    if any(k not in cols for k in ("project", "enterprise", "renovation")) or errors:
        return None
    money = _money_columns(layout, [*month_cols, *(cols[k] for k in ("planned", "month_value", "cumulative")
                                                   if k in cols)])
    data = _project_period(sheet, layout, display, options, errors, monthly=bool(month_cols))
    if data is None:
        return None
    headers = {c.index: c.display for c in layout.columns}
    for rownum, row, is_total in data_rows(sheet, layout, [cols["project"], cols["enterprise"]]):
        if not is_total:
            pr = _read_project_row(sheet, rownum, row, cols, headers, money, month_cols, errors)
            if pr is not None:
                data.rows.append(pr)
    return data


def _money_columns(layout: Layout, columns: list[int]) -> dict[int, tuple[Decimal, str]]:
    """Each amount column's factor to 万元 and unit: the unit in its header, else the unit line, else 万元."""
    unit_line = units_in_text(layout.preamble)
    factor: dict[int, tuple[Decimal, str]] = {}
    for i in columns:
        own = unit_in_label(layout.columns[i].label)
        unit = own[1] if own and own[0] == "money" else (unit_line.money or "万元")
        factor[i] = (MONEY_UNITS[unit], unit)
    return factor


def _project_period(sheet: Sheet, layout: Layout, display: str, options: ReadOptions, errors: Collector,
                    monthly: bool) -> ProjectData | None:
    """The year (a list by month: the months come from the columns, the last one filled in unless
    ``--period`` says) or the reporting month (a list of 本年完成 / 本月完成)."""
    if monthly:
        guess = find_period([*layout.preamble[:4], sheet.name, Path(sheet.file).stem])
        year = options.period.year if options.period else (guess.year if guess else None)
        if year is None:
            errors.add(Loc(display, sheet.name), "未能从标题、工作表名或文件名中识别年份，请用 --period YYYY-MM 指定")
            return None
        return ProjectData(year, options.period.end if options.period else 0, True)
    period = sheet_period(sheet, layout, options, errors)
    return None if period is None else ProjectData(period.year, period.end, False)


def _read_project_row(sheet: Sheet, rownum: int, row: list, cols: dict[str, int], headers: dict[int, str],
                      money: dict[int, tuple[Decimal, str]], month_cols: dict[int, int], errors: Collector
                      ) -> ProjectRow | None:
    """One project, its amounts in 万元; None after recording what is wrong with the row."""
    ok = True
    project, ent = text(cell(row, cols["project"])), text(cell(row, cols["enterprise"]))
    if not ent:
        errors.add(sheet.loc(rownum, cols["enterprise"], headers[cols["enterprise"]]), "企业名称为空")
        ok = False
    uscc = None
    if "uscc" in cols and text(cell(row, cols["uscc"])):
        try:
            uscc = validate_uscc(cell(row, cols["uscc"]))
        except USCCError as e:
            errors.add(sheet.loc(rownum, cols["uscc"], headers[cols["uscc"]]), str(e))
            ok = False
    flag = text(cell(row, cols["renovation"]))
    renovation = _renovation(flag)
    if renovation is None:
        errors.add(sheet.loc(rownum, cols["renovation"], headers[cols["renovation"]]),
                   f"“{flag}”无法识别，应为“是”或“否”")
        ok = False
    amounts: dict[int, Decimal | None] = {}
    for i, (factor, unit) in money.items():
        good, v = errors.number(sheet.loc(rownum, i, headers[i]), cell(row, i), f"金额（单位：{unit}）")
        ok = ok and good
        amounts[i] = None if v is None else v * factor
    if not ok:
        return None
    pr = ProjectRow(rownum, sheet.name, project, ent, uscc, bool(renovation))
    pr.months = {m: amounts[i] for i, m in month_cols.items() if amounts.get(i) is not None}
    if "month_value" in cols:
        pr.month_value = amounts.get(cols["month_value"])
    if "cumulative" in cols:
        pr.cumulative = amounts.get(cols["cumulative"])
    if "planned" in cols:
        pr.planned = amounts.get(cols["planned"])
    return pr


def _renovation(flag: str) -> bool | None:
    """是否技改: True, False, or None when the cell says neither."""
    if flag in YES or "技改" in flag and "非" not in flag or "技术改造" in flag:
        return True
    if flag in NO or flag in ("新建", "扩建", "非技改"):
        return False
    return None


def _cut_at_reporting_month(data: ProjectData, display: str) -> None:
    """A list by month reports up to ``--period`` or else its last month with an amount."""
    if data.month == 0:
        data.month = max((m for r in data.rows for m in r.months), default=0)
    if data.month == 0:
        raise IngestError([Issue(Loc(display), "各月完成投资均为空，没有可导入的数据")])
    for r in data.rows:
        r.months = {m: v for m, v in r.months.items() if m <= data.month}


def finish_project(parsed: ParsedFile, index: NameIndex, known: set[str], stored: dict[str, dict[Key, Stored]]
                   ) -> RecordSet:
    """``stored``: indicator → stored figures of that indicator."""
    data: ProjectData = parsed.extra
    rs = parsed.records
    unknown: list[str] = []
    monthly: dict[str, dict[Key, Decimal]] = {ALL: defaultdict(Decimal), RENOVATION: defaultdict(Decimal)}
    direct: dict[str, dict[str, list[Decimal | None]]] = {ALL: {}, RENOVATION: {}}
    for r in data.rows:
        uscc = r.uscc if r.uscc in known else None
        if uscc is None:
            uscc, _ = index.match(r.enterprise)
        if uscc is None:
            unknown.append(f"{r.project}（{r.enterprise}）")
            continue
        r.matched = uscc
        targets = (ALL, RENOVATION) if r.renovation else (ALL,)
        for ind in targets:
            if data.monthly:
                for m, v in r.months.items():
                    monthly[ind][(uscc, data.year, m)] += v
                if r.months:
                    monthly[ind].setdefault((uscc, data.year, data.month), Decimal(0))
            else:
                acc = direct[ind].setdefault(uscc, [None, None])
                if r.month_value is not None:
                    acc[0] = (acc[0] or Decimal(0)) + r.month_value
                if r.cumulative is not None:
                    acc[1] = (acc[1] or Decimal(0)) + r.cumulative
    if unknown:
        rs.findings.append(f"{len(unknown)} 个项目的企业不在企业库中，未导入：{'、'.join(unknown[:10])}"
                           f"{' 等' if len(unknown) > 10 else ''}")
    rs.figures = []
    for ind in (ALL, RENOVATION):
        if data.monthly:
            rs.figures += flow_figures(ind, monthly[ind], stored.get(ind, {}))
        else:
            st = stored.get(ind, {})
            for uscc, (val, cum) in sorted(direct[ind].items()):
                prior = st.get((uscc, data.year - 1, data.month))
                rs.figures.append(FigureRecord(
                    uscc=uscc, indicator=ind, year=data.year, month=data.month,
                    start_month=start_month_of(data.month), value=val, cumulative=cum,
                    prior_year_value=prior.value if prior else None,
                    prior_year_cumulative=prior.cumulative if prior else None))
    months = range(1, data.month + 1) if data.monthly else [data.month]
    rs.scope = {(ind, data.year, m) for ind in (ALL, RENOVATION) for m in months}
    return rs
