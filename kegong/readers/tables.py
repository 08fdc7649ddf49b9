"""Any accepted file as a list of sheets of raw cell rows (python-calamine for .xlsx, xlrd for .xls,
the csv module for CSV in UTF-8, GBK or UTF-16 — Excel’s “Unicode 文本”)."""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from kegong.readers.cells import Cell
from kegong.readers.errors import Loc, fail
from kegong.readers.safety import Extent, check_extent, sniff

Merged = tuple[tuple[int, int], tuple[int, int]]  # ((first_row, first_col), (last_row, last_col)), 0-based


@dataclass
class Sheet:
    """One sheet's cells; ``rows[i]`` is sheet row i+1. ``name`` is None for a CSV file."""

    file: str
    name: str | None
    rows: list[list[Cell]]
    merged: list[Merged] = field(default_factory=list)
    hidden: bool = False

    def loc(self, row: int | None = None, col: int | None = None, header: str | None = None) -> Loc:
        return Loc(self.file, self.name, row, col, header)


def read_tables(path: str | Path, display: str | None = None) -> list[Sheet]:
    """Read every sheet of a workbook (or the one table of a CSV file)."""
    p = Path(path)
    name = display or p.name
    kind = sniff(p, name)
    if kind == "xlsx":
        sheets = _read_calamine(p, name)
    elif kind == "xls":
        sheets = _read_xls(p, name)
    else:
        sheets = [_read_csv(p, name)]
    if not any(any(c not in (None, "") for c in row) for s in sheets for row in s.rows):
        raise fail(Loc(name), "工作簿中没有任何内容（所有工作表都是空的）")
    return sheets


def _read_calamine(p: Path, name: str) -> list[Sheet]:
    import python_calamine as pc

    try:
        wb = pc.CalamineWorkbook.from_path(str(p))
    except pc.PasswordError:
        raise fail(Loc(name), "工作簿设有打开密码，请先取消密码再导入") from None
    except (pc.CalamineError, OSError, ValueError) as e:
        raise fail(Loc(name), f"不是有效的 Excel 工作簿，无法打开（{type(e).__name__}）") from None
    sheets = []
    with wb:
        for meta in wb.sheets_metadata:
            if meta.typ != pc.SheetTypeEnum.WorkSheet:
                continue
            try:
                ws = wb.get_sheet_by_name(meta.name)
                rows = ws.to_python(skip_empty_area=False)
                merged = ws.merged_cell_ranges or []
            except (pc.CalamineError, ValueError) as e:
                raise fail(Loc(name, meta.name), f"工作表无法读取（{type(e).__name__}）") from None
            sheets.append(Sheet(name, meta.name, rows, list(merged),
                                hidden=meta.visible != pc.SheetVisibleEnum.Visible))
    return sheets


def _read_xls(p: Path, name: str) -> list[Sheet]:
    import xlrd

    try:  # ragged rows: xlrd keeps each row as long as its last cell, not the sheet's widest row
        book = xlrd.open_workbook(str(p), formatting_info=True, on_demand=True, ragged_rows=True)
    except Exception as e:  # xlrd raises XLRDError, CompDocError, struct.error … on broken files
        try:
            book = xlrd.open_workbook(str(p), on_demand=True, ragged_rows=True)
        except Exception:
            raise fail(Loc(name), f"不是有效的 .xls 工作簿，无法打开（{type(e).__name__}）") from None
    sheets = []
    try:
        for idx in range(book.nsheets):
            try:  # on_demand: the sheet's records are parsed here, and a damaged file fails here
                sh = book.sheet_by_index(idx)
            except Exception as e:  # IndexError, struct.error, XLRDError … from a damaged sheet
                raise fail(Loc(name), f"第 {idx + 1} 个工作表已损坏，无法读取（{type(e).__name__}）") from None
            check_extent(Extent(sh.nrows, sh.ncols), Loc(name, sh.name))
            rows: list[list[Cell]] = []
            for r in range(sh.nrows):
                row: list[Cell] = []
                for c, (ctype, value) in enumerate(zip(sh.row_types(r), sh.row_values(r))):
                    if ctype == xlrd.XL_CELL_DATE:
                        try:
                            value = xlrd.xldate_as_datetime(value, book.datemode)
                        except Exception:
                            value = sh.cell_value(r, c)
                    elif ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                        value = ""
                    row.append(value)
                row.extend([""] * (sh.ncols - len(row)))  # as wide as the sheet, as before ragged rows
                rows.append(row)
            merged = [((rlo, clo), (rhi - 1, chi - 1)) for rlo, rhi, clo, chi in getattr(sh, "merged_cells", [])]
            sheets.append(Sheet(name, sh.name, rows, merged, hidden=bool(getattr(sh, "visibility", 0))))
    finally:
        book.release_resources()
    return sheets


def _read_csv(p: Path, name: str) -> Sheet:
    raw = p.read_bytes()
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel's “Unicode 文本”
        try:
            return _csv_sheet(raw.decode("utf-16"), name)
        except UnicodeDecodeError:
            raise fail(Loc(name), "文件以 UTF-16 编码标记开头，但内容不是有效的 UTF-16 文本") from None
    for enc in ("utf-8-sig", "gb18030"):
        try:
            content = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes almost anything
        raise fail(Loc(name), "无法识别文件编码（应为 UTF-8 或 GBK）")
    return _csv_sheet(content, name)


def _csv_sheet(content: str, name: str) -> Sheet:
    sample = content[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:  # rows of unequal width (a title line): tabs if the text has more tabs than commas
        dialect = csv.excel_tab if sample.count("\t") > sample.count(",") else csv.excel
    content = content.replace("\r\n", "\n").replace("\r", "\n")  # old Mac line ends, a stray \r
    try:
        rows = [list(r) for r in csv.reader(io.StringIO(content, newline=""), dialect)]
    except csv.Error:  # a field beyond the csv module's limit (a quote never closed swallows the file)
        raise fail(Loc(name), "不是有效的 CSV 文本文件，无法按行列读取（某个单元格过长，或引号没有配对）") from None
    return Sheet(name, None, rows, [])
