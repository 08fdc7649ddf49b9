"""Writing tables back to .xlsx (openpyxl): Chinese headers, and text that a spreadsheet would take for a
formula (starting with = + - @, or a tab/carriage return) neutralised with a leading apostrophe."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from kegong.core.catalogue import AGGREGATIONS, BY_CODE, INDICATORS, KINDS, SOURCES
from kegong.readers.template import HEADERS, SHEET, TITLE

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def safe_cell(value: object) -> object:
    """A value as it may go into a cell: numbers and dates as they are; text that would start a formula
    gets a leading apostrophe."""
    if value is None or isinstance(value, (bool, int, float, dt.date, dt.datetime)):
        return value.replace(tzinfo=None) if isinstance(value, dt.datetime) and value.tzinfo else value
    if isinstance(value, Decimal):
        return float(value)
    s = str(value)
    if s.startswith(FORMULA_STARTS):
        return "'" + s
    return s


def write_xlsx(path: str | Path, sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[object]]]],
               title: str | None = None) -> int:
    """Write sheets of (name, headers, rows); returns the number of data rows written."""
    wb = Workbook(write_only=True)
    n = 0
    for name, headers, rows in sheets:
        ws = wb.create_sheet(name[:31])
        if title:
            ws.append([safe_cell(title)])
        ws.append([safe_cell(h) for h in headers])
        for row in rows:
            ws.append([safe_cell(v) for v in row])
            n += 1
    wb.save(str(path))
    return n


def write_template(path: str | Path, enterprises: Sequence[tuple[str, str]] = (), period: str = "") -> None:
    """kegong's template for figures entered by hand; with ``enterprises`` one example row each for 研发投入."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append([f"{TITLE}（金额单位：万元；用电量单位：万千瓦时）"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(["说明：每行填一家企业、一个指标、一个月份。期别写“2026-06”或“2026年6月”（1-2月合并报送写“2026年1-2月”）；"
               "金额一律以万元填写。"])
    ws.append(list(HEADERS))
    for c in ws[3]:
        c.font = Font(bold=True)
    for uscc, name in enterprises:
        ws.append([uscc, safe_cell(name), BY_CODE["rd_spend"].name, period, None, None, None, None])
    for col, width in zip("ABCDEFGH", (24, 36, 14, 14, 12, 12, 12, 12)):
        ws.column_dimensions[col].width = width
    ref = wb.create_sheet("指标")
    ref.append(["指标代码", "指标名称", "计量单位", "来源"])
    for d in INDICATORS:
        ref.append([d.code, d.name, d.unit, SOURCES.get(d.source, d.source)])
    wb.save(str(path))


# --- the tables `kegong export` knows (read from the database) ------------------------------------------

EXPORT_TABLES = {
    "enterprises": "企业名录",
    "figures": "企业月度数据",
    "indicators": "指标目录",
    "batches": "导入批次",
    "power-accounts": "供电户号",
    "scale": "规上在库状态",
}


def export_table(name: str, period=None, indicator: str | None = None
                 ) -> tuple[str, list[str], Iterable[Sequence[object]]]:
    """(sheet name, headers, rows) of one table; ``period`` (a Period) narrows figures to its months."""
    from kegong.enterprises.models import Enterprise, PowerAccount, ScaleStatus
    from kegong.figures.models import Indicator, MonthlyFigure
    from kegong.imports.models import ImportBatch

    if name == "enterprises":
        headers = ["统一社会信用代码", "单位详细名称", "行业代码", "行业门类", "所在乡镇（街道）", "所在园区", "产业链",
                   "联系人", "联系电话", "注册成立日期"]
        rows = (Enterprise.objects.order_by("uscc").values_list(
            "uscc", "name", "industry_code", "industry_section", "town__name", "park__name", "chain",
            "contact_person", "contact_phone", "registered_on"))
        return EXPORT_TABLES[name], headers, rows.iterator(chunk_size=2000)
    if name == "figures":
        qs = MonthlyFigure.objects.order_by("indicator__order", "enterprise__uscc", "year", "month")
        if period is not None:
            qs = qs.filter(year=period.year, month__gte=period.start, month__lte=period.end) \
                if not period.is_cumulative else qs.filter(year=period.year, month=period.end)
        if indicator:
            qs = qs.filter(indicator__code=indicator)
        headers = ["统一社会信用代码", "单位详细名称", "指标", "计量单位", "年", "月", "起始月", "本月", "1-本月累计",
                   "上年同月", "上年同期累计", "导入批次"]
        rows = qs.values_list("enterprise__uscc", "enterprise__name", "indicator__name", "indicator__unit", "year",
                              "month", "start_month", "value", "cumulative", "prior_year_value",
                              "prior_year_cumulative", "batch_id")
        return EXPORT_TABLES[name], headers, rows.iterator(chunk_size=5000)
    if name == "indicators":
        headers = ["指标代码", "指标名称", "计量单位", "类型", "来源", "汇总方式"]
        rows = ((c, n, u, KINDS.get(k, k), SOURCES.get(s, s), AGGREGATIONS.get(a, a)) for c, n, u, k, s, a in
                Indicator.objects.values_list("code", "name", "unit", "kind", "source", "aggregation"))
        return EXPORT_TABLES[name], headers, rows
    if name == "batches":
        headers = ["批次", "导入时间", "来源", "文件名", "期别", "读取行数", "写入数据条数", "状态", "说明"]
        status = dict(ImportBatch.Status.choices)
        rows = ((b.pk, b.imported_at, SOURCES.get(b.source, b.source), b.file_name, b.period_key, b.rows, b.figures_written,
                 status.get(b.status, b.status), b.note) for b in ImportBatch.objects.order_by("pk"))
        return EXPORT_TABLES[name], headers, rows
    if name == "power-accounts":
        headers = ["户号", "户名", "用电地址", "统一社会信用代码", "企业名称", "匹配方式"]
        how = dict(PowerAccount.MatchedBy.choices)
        rows = ((*r[:5], how.get(r[5], r[5])) for r in PowerAccount.objects.order_by("account_no").values_list(
            "account_no", "name", "address", "enterprise__uscc", "enterprise__name", "matched_by"))
        return EXPORT_TABLES[name], headers, rows
    if name == "scale":
        headers = ["统一社会信用代码", "单位详细名称", "年度", "规上（在库）", "入规年份"]
        rows = ((u, n, y, "是" if a else "否", e) for u, n, y, a, e in ScaleStatus.objects.order_by(
            "enterprise__uscc", "year").values_list("enterprise__uscc", "enterprise__name", "year", "above_scale",
                                                    "entered_year"))
        return EXPORT_TABLES[name], headers, rows
    raise KeyError(name)
