"""Downloads of the computed tables (``data.export``): the indicator table and the rankings of a period as
.xlsx — the same selectors as ``kegong indicators`` / ``kegong ranking`` (``kegong.figures.tables``), the
figures rounded half up by ``kegong.core.numbers`` as those commands print them, Chinese headers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib import messages
from django.http import Http404
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.views.decorators.http import require_GET
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from kegong.core.catalogue import BY_CODE, RANK_BY, SCOPE_KINDS
from kegong.core.errors import InputError, KegongError
from kegong.core.numbers import fmt, round_half_up
from kegong.core.periods import Period
from kegong.figures.tables import indicators_table, latest_cumulative, ranking_table
from kegong.imports.exports import safe_cell
from kegong.web.access import requires
from kegong.web.downloads import export_filenames, xlsx_response

KINDS = {"indicators": "主要指标表", "rankings": "排名表"}
AMOUNT, PCT, PP = "#,##0.00", "0.0", "0.00"
RANKED = ("town", "industry", "division", "park", "chain", "enterprise")


@dataclass
class Table:
    """One sheet: a title line, the headers, the rows, and the number format of each numeric column."""

    name: str
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    formats: dict[int, str] = field(default_factory=dict)  # column index → number format


def _n(v: float | None, nd: int) -> float | None:
    return round_half_up(v, nd)


def indicators_sheet(period: Period) -> Table:
    """``kegong indicators`` as a sheet: one row per scope and indicator with figures."""
    t = indicators_table(period)
    span, month = period.span_label(), period.reporting_month().span_label()
    prev = period.previous_cumulative()
    headers = ["范围", "企业数", "指标", "计量单位", f"{span}累计", "上年同期", "同比%",
               f"{prev.span_label() if prev else '上期'}同比%", "增减（百分点）", month, "上年同月", "当月同比%"]
    table = Table("主要指标", f"{period.label()} 规上工业主要指标（同口径）", headers,
                  formats={4: AMOUNT, 5: AMOUNT, 6: PCT, 7: PCT, 8: PCT, 9: AMOUNT, 10: AMOUNT, 11: PCT})
    for r in t.rows:
        if r.is_empty:
            continue
        table.rows.append([r.scope_name, r.members, r.name, r.unit, _n(r.cumulative, 2),
                           _n(r.cumulative_prior_year, 2), _n(r.yoy_pct, 1), _n(r.yoy_pct_prev, 1),
                           _n(r.pp_change, 1), _n(r.month, 2), _n(r.month_prior_year, 2), _n(r.month_yoy_pct, 1)])
    return table


def ranking_sheet(period: Period, by: str, indicator: str) -> Table:
    """``kegong ranking --by BY --indicator CODE`` as a sheet (by level, same scope)."""
    r = ranking_table(period, by=by, indicator=indicator)
    d = BY_CODE[indicator]
    headers = ["名次", SCOPE_KINDS[by], f"{period.span_label()}累计（{d.unit}）", "上年同期", "同比%", "增量",
               "占比%", "拉动（百分点）", "贡献率%"]
    table = Table(f"按{SCOPE_KINDS[by]}", f"{period.label()} {d.name}按{SCOPE_KINDS[by]}排名（同口径）：合计 "
                  f"{fmt(r.total.current)} {d.unit}", headers,
                  formats={2: AMOUNT, 3: AMOUNT, 4: PCT, 5: AMOUNT, 6: PCT, 7: PP, 8: PCT})
    for x in r.parts:
        table.rows.append([getattr(x, r.rank_key), x.label, _n(x.current, 2), _n(x.prior, 2), _n(x.growth_pct, 1),
                           _n(x.net_addition, 2), _n(x.share_pct, 1), _n(x.pull_pp, 2), _n(x.contribution_pct, 1)])
    return table


def ranking_sheets(period: Period, indicator: str) -> list[Table]:
    return [ranking_sheet(period, by, indicator) for by in RANKED if by in RANK_BY]


def write_tables(path: Path, tables: Sequence[Table]) -> None:
    wb = Workbook()
    wb.remove(wb.active)
    head_fill = PatternFill("solid", fgColor="F3F4F6")
    for t in tables:
        ws = wb.create_sheet(t.name[:31])
        ws.append([safe_cell(t.title)])
        ws["A1"].font = Font(bold=True, size=13)
        ws.append([safe_cell(h) for h in t.headers])
        for c in ws[2]:
            c.font, c.fill, c.alignment = Font(bold=True), head_fill, Alignment(horizontal="center", wrap_text=True)
        for row in t.rows:
            ws.append([safe_cell(v) for v in row])
        for i, fmt_code in t.formats.items():
            for (c,) in ws.iter_rows(min_row=3, min_col=i + 1, max_col=i + 1):
                c.number_format = fmt_code
        for i, h in enumerate(t.headers):
            ws.column_dimensions[get_column_letter(i + 1)].width = max(10, min(36, 2 * len(h) + 4))
        ws.freeze_panes = "A3"
    wb.save(str(path))


def _period(text: str) -> Period:
    text = (text or "").strip()
    return Period.parse(text).as_cumulative() if text else latest_cumulative()


@requires("data.export")
@require_GET
def data_computed(request, kind: str) -> HttpResponseBase:
    if kind not in KINDS:
        raise Http404("没有这张表")
    indicator = request.GET.get("indicator") or "gross_output"
    try:
        period = _period(request.GET.get("period", ""))
        if kind == "indicators":
            tables, indicator = [indicators_sheet(period)], ""
        else:
            if indicator not in BY_CODE:
                raise InputError(f"指标“{indicator}”不存在")
            tables = ranking_sheets(period, indicator)
    except KegongError as e:
        messages.error(request, f"无法生成{KINDS[kind]}：{e.message}")
        return redirect("data_downloads")
    filename, fallback = export_filenames(kind, KINDS[kind], period.key(), indicator)
    return xlsx_response(lambda path: write_tables(path, tables), filename, fallback)
