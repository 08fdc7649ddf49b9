"""供电公司 electricity list: 户号, 户名, 用电地址, month, 用电量 in 千瓦时 — a row per account and month, or a
row per account with a column per month (the wide list, :mod:`kegong.readers.power_wide`). No credit code: an
account is matched to an enterprise by name once and the match is remembered; an unmatched account waits for a
person (``kegong match-power``). Electricity per enterprise and month = the sum over its accounts (万千瓦时)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from kegong.core import units
from kegong.core.periods import Period
from kegong.core.records import RecordSet
from kegong.readers.cells import text
from kegong.readers.common import ParsedFile, ReadOptions, record_period_key, sheet_period
from kegong.readers.errors import Collector, IngestError, Issue, Loc
from kegong.readers.flows import Key, Stored, flow_figures
from kegong.readers.layout import Layout, unit_in_label, units_in_text
from kegong.readers.matching import NameIndex
from kegong.readers.power_wide import KWH_PER_WAN, find_wide_layout, kwh_factor, plan_wide, read_wide_sheet
from kegong.readers.simple import (
    FieldSpec,
    Totals,
    cell,
    data_rows,
    find_simple_layout,
    month_of,
    plan_fields,
)
from kegong.readers.tables import Sheet

SOURCE = "power"
INDICATOR = "electricity"
SPECS = [
    FieldSpec("account", "户号", r"(用电|用户|客户)?户号|用户编号|客户编号|户号编码"),
    FieldSpec("name", "户名", r"户名|用户名称|客户名称|用电户名"),
    FieldSpec("address", "用电地址", r"(用电)?地址", required=False),
    FieldSpec("period", "月份", r"(电费|抄表|用电|结算)?(年月|月份)|所属期|期间", required=False),
    FieldSpec("kwh", "用电量", r"(月)?(用电量|售电量|抄见电量|结算电量|电量)(合计)?"),
]


@dataclass
class PowerData:
    readings: dict[tuple[str, int, int], Decimal] = field(default_factory=dict)  # 千瓦时
    accounts: dict[str, tuple[str, str]] = field(default_factory=dict)  # 户号 → (户名, 用电地址)


@dataclass
class _PowerSheet:
    """How a sheet's rows are read: its columns, the unit of 用电量 and its factor to 千瓦时, and the month
    of the whole sheet (``fixed``) unless each row has its own."""

    cols: dict[str, int]
    headers: dict[int, str]
    unit: str
    to_kwh: Decimal
    fixed: Period | None


def read_power(sheets: list[Sheet], path: Path, options: ReadOptions) -> ParsedFile:
    display = options.display_name or path.name
    errors = Collector()
    findings: list[str] = []
    data = PowerData()
    rows_read = 0
    months: set[Period] = set()
    found = False
    for sheet in [s for s in sheets if not s.hidden] or sheets:
        wide = find_wide_layout(sheet, SPECS)
        if wide is not None:
            found = True
            rows_read += _read_wide(sheet, wide, options, data, months, findings, errors)
            continue
        layout = find_simple_layout(sheet, SPECS)
        if layout is None:
            continue
        found = True
        plan = _plan_power_sheet(sheet, layout, options, errors)
        if plan is not None:
            rows_read += _read_power_rows(sheet, layout, plan, data, months, findings, errors,
                                          options.accept_totals)
    if not found:
        raise IngestError([Issue(Loc(display), "找不到供电清单的表头（应含“户号”“户名”及“用电量”列，或 1月…12月 各月的"
                                               "用电量列）")])
    errors.raise_if_any()
    periods = sorted(months)
    records = RecordSet(source=SOURCE, rows_read=rows_read, findings=findings, period_key=record_period_key(periods))
    return ParsedFile(path=path, display=display, source=SOURCE, records=records, extra=data, periods=periods)


def _plan_power_sheet(sheet: Sheet, layout: Layout, options: ReadOptions, errors: Collector) -> _PowerSheet | None:
    """The columns of a power sheet, or None when it cannot be read."""
    cols = plan_fields(sheet, layout, SPECS, errors)
    if any(k not in cols for k in ("account", "name", "kwh")):
        return None
    headers = {c.index: c.display for c in layout.columns}
    own = unit_in_label(layout.columns[cols["kwh"]].label)
    unit = own[1] if own and own[0] == units.ENERGY else (units_in_text(layout.preamble).energy or units.KWH)
    to_kwh = kwh_factor(unit)
    fixed: Period | None = None
    if "period" not in cols or options.period is not None:
        fixed = sheet_period(sheet, layout, options, errors)
        if fixed is None:
            return None
    return _PowerSheet(cols, headers, unit, to_kwh, fixed)


def _read_power_rows(sheet: Sheet, layout: Layout, plan: _PowerSheet, data: PowerData, months: set[Period],
                     findings: list[str], errors: Collector, accepted: str = "") -> int:
    """Add a sheet's readings per account and month to ``data``; check its 合计 rows (``accepted``: the user's
    reason for taking 合计 rows that do not add up); the data rows read."""
    cols = plan.cols
    totals = Totals()
    rows_read = 0
    for rownum, row, is_total in data_rows(sheet, layout, [cols["account"], cols["name"]]):
        if is_total:
            kwh_col = {cols["kwh"]: (plan.headers[cols["kwh"]], plan.unit)}
            totals.check(sheet, rownum, row, kwh_col, findings, errors, accepted=accepted)
            continue
        rows_read += 1
        got = _read_power_row(sheet, rownum, row, plan, errors)
        if got is None:
            continue
        account, name, ym, kwh = got
        totals.add(cols["kwh"], kwh)
        address = text(cell(row, cols.get("address")))
        _add_reading(data, months, account, (name, address), ym, kwh * plan.to_kwh)
    return rows_read


def _read_wide(sheet: Sheet, layout: Layout, options: ReadOptions, data: PowerData, months: set[Period],
               findings: list[str], errors: Collector) -> int:
    """Add a wide sheet's readings (a column per month) to ``data``; the data rows read."""
    plan = plan_wide(sheet, layout, SPECS, options, findings, errors)
    if plan is None:
        return 0
    readings, rows_read = read_wide_sheet(sheet, layout, plan, findings, errors)
    for r in readings:
        _add_reading(data, months, r.account, (r.name, r.address), (r.year, r.month), r.kwh)
    return rows_read


def _add_reading(data: PowerData, months: set[Period], account: str, name_address: tuple[str, str],
                 ym: tuple[int, int], kwh: Decimal) -> None:
    """One reading in 千瓦时, summed with the account's other readings of the month (long and wide alike)."""
    key = (account, ym[0], ym[1])
    data.readings[key] = data.readings.get(key, Decimal(0)) + kwh
    data.accounts[account] = name_address
    months.add(Period.month(*ym))


def _read_power_row(sheet: Sheet, rownum: int, row: list, plan: _PowerSheet, errors: Collector
                    ) -> tuple[str, str, tuple[int, int], Decimal] | None:
    """(户号, 户名, (year, month), 用电量 in the file's unit); None for a row without a reading or after
    recording what is wrong."""
    cols, headers = plan.cols, plan.headers
    ok = True
    account = text(cell(row, cols["account"]))
    name = text(cell(row, cols["name"]))
    if not account:
        errors.add(sheet.loc(rownum, cols["account"], headers[cols["account"]]), "户号为空")
        ok = False
    if not name:
        errors.add(sheet.loc(rownum, cols["name"], headers[cols["name"]]), "户名为空")
        ok = False
    ym = (plan.fixed.year, plan.fixed.end) if plan.fixed else month_of(cell(row, cols["period"]))
    if ym is None:
        errors.add(sheet.loc(rownum, cols["period"], headers[cols["period"]]),
                   f"“{text(cell(row, cols['period']))}”不是可识别的月份，应为如“2026-06”或“202606”")
        ok = False
    kwh_loc = sheet.loc(rownum, cols["kwh"], headers[cols["kwh"]])
    good, kwh = errors.number(kwh_loc, cell(row, cols["kwh"]), f"电量（单位：{plan.unit}）")
    ok = ok and good
    if kwh is not None and kwh < 0:
        errors.add(kwh_loc, f"“{kwh}”为负数，用电量应不小于 0")
        ok = False
    if not ok or ym is None or kwh is None:
        return None
    return account, name, ym, kwh


@dataclass
class PowerPlan:
    """What the power import will record besides figures: accounts to create, matches made by name."""

    new_accounts: dict[str, tuple[str, str]] = field(default_factory=dict)
    auto_matches: dict[str, str] = field(default_factory=dict)  # 户号 → credit code
    unmatched: dict[str, str] = field(default_factory=dict)  # 户号 → 户名


def finish_power(parsed: ParsedFile, accounts: dict[str, str | None], index: NameIndex,
                 stored_readings: dict[tuple[str, int, int], Decimal],
                 stored: dict[Key, Stored]) -> tuple[RecordSet, PowerPlan]:
    """``accounts``: 户号 → the credit code it is matched to (None: known but unmatched)."""
    data: PowerData = parsed.extra
    rs = parsed.records
    plan = PowerPlan()
    owner: dict[str, str] = {a: u for a, u in accounts.items() if u}
    for acct, (name, address) in sorted(data.accounts.items()):
        if acct not in accounts:
            plan.new_accounts[acct] = (name, address)
        if acct in owner:
            continue
        uscc, candidates = index.match(name)
        if uscc is not None:
            plan.auto_matches[acct] = uscc
            owner[acct] = uscc
        else:
            plan.unmatched[acct] = name
            why = f"同名企业有 {len(candidates)} 家" if candidates else "企业库中没有同名企业"
            rs.findings.append(f"户号 {acct}（{name}）未能匹配到企业（{why}），其用电量暂未计入；请用 "
                               f"kegong match-power {acct} 统一社会信用代码 指定一次，以后自动匹配")
    file_months = {(y, m) for (_a, y, m) in data.readings}
    by_ent: dict[Key, Decimal] = defaultdict(Decimal)
    for (acct, y, m), kwh in stored_readings.items():
        if (y, m) in file_months and acct in owner and (acct, y, m) not in data.readings:
            by_ent[(owner[acct], y, m)] += kwh
    for (acct, y, m), kwh in data.readings.items():
        if acct in owner:
            by_ent[(owner[acct], y, m)] += kwh
    new = {k: v / KWH_PER_WAN for k, v in by_ent.items()}
    rs.figures = flow_figures(INDICATOR, new, stored)
    rs.scope = {(INDICATOR, y, m) for (y, m) in file_months}
    return rs, plan


def enterprise_electricity(usccs_accounts: dict[str, list[str]], readings: dict[tuple[str, int, int], Decimal]
                           ) -> dict[Key, Decimal]:
    """Electricity (万千瓦时) per enterprise and month from the readings of its accounts."""
    out: dict[Key, Decimal] = defaultdict(Decimal)
    for uscc, accts in usccs_accounts.items():
        for (a, y, m), kwh in readings.items():
            if a in accts:
                out[(uscc, y, m)] += kwh / KWH_PER_WAN
    return dict(out)
