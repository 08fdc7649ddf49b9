"""Ledger lists (台账): the bureau's own records — certificates, applications, appeals, projects — read from
the lists offices keep and the published lists they are sent, with the same rules as the figure readers:
the header found by its words (a title, a unit line and a two-level header above it are fine), 合计 and
注/填表人 lines skipped, every bad cell named with its file, sheet, row and column, nothing returned unless
the whole list is good.

A ledger declares its columns (:class:`Column`): the header words that name each, the kind of value, and
whether it is required. The reader is pure: a list of :class:`~kegong.readers.tables.Sheet` in, validated
:class:`LedgerRow` values out; writing them is the ledger app's service.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from kegong.core.errors import InputError
from kegong.readers.cells import NotANumber, norm_label, parse_number, read_uscc, strip_brackets, text
from kegong.readers.errors import Collector, IngestError, Issue, Loc
from kegong.readers.footer import footer_line
from kegong.readers.layout import Layout, find_layout
from kegong.readers.simple import data_rows
from kegong.readers.tables import Sheet

KINDS = ("text", "uscc", "date", "number", "int", "choice", "bool")
_YES = {"是", "有", "√", "✓", "y", "yes", "1", "true"}
_NO = {"否", "无", "×", "n", "no", "0", "false"}
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_MONTH_ONLY = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
# a signature or note line under a list: 填表人：王五 … 审核人：赵六, 注：…, 联系电话：…
_SIGNATURE = footer_line(r"[:：]")


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # the Chinese name used in messages and as the export header
    words: tuple[str, ...]  # header words: regular expressions over the normalised, bracket-free header
    kind: str = "text"
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()  # (code, 中文名称): a cell may hold either
    unit: str = ""  # e.g. 万元, shown in the export header

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind}")

    def matches(self, header: str) -> bool:
        h = strip_brackets(header)
        return any(re.fullmatch(w, h) or re.fullmatch(w, header) for w in self.words)

    @property
    def heading(self) -> str:
        return f"{self.label}（{self.unit}）" if self.unit else self.label


# the enterprise a row is about: its credit code, or (for a list without codes) its name or former name
ENTERPRISE = (
    Column("uscc", "统一社会信用代码", (r"(统一)?社会信用代码", r"信用代码", r"纳税人识别号"), kind="uscc"),
    Column("enterprise_name", "企业名称", (r"(企业|单位)(详细)?名称", r"企业", r"单位")),
)


@dataclass(frozen=True)
class LedgerSpec:
    name: str  # 高新技术企业证书
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


@dataclass
class LedgerRow:
    rownum: int
    sheet: str | None
    values: dict[str, object] = field(default_factory=dict)
    bad: bool = False  # a cell of the row could not be read (named in LedgerFile.issues)

    def loc(self, display: str, col: int | None = None, header: str | None = None) -> Loc:
        return Loc(display, self.sheet, self.rownum, col, header)


@dataclass
class LedgerFile:
    display: str
    spec: LedgerSpec
    rows: list[LedgerRow]
    columns: dict[str, int]  # key → 0-based column of the sheet read
    headers: dict[str, str]  # key → the header as written
    issues: list[Issue] = field(default_factory=list)  # the cells that could not be read

    def raise_if_any(self, more: list[Issue] = ()) -> None:
        """Refuse the list with every problem found — the cells that could not be read and ``more`` (what the
        writer found in the rows that could), in the order of the rows."""
        issues = sorted([*self.issues, *more], key=lambda i: (i.loc.row or 0, i.loc.col or 0))
        if issues:
            raise IngestError(issues)


def read_ledger(sheets: list[Sheet], path: Path, spec: LedgerSpec, display: str | None = None) -> LedgerFile:
    """Every row of the first sheet whose header names at least two of the spec's columns. A list whose
    header cannot be found raises :class:`IngestError`; cells that cannot be read are collected in
    ``issues`` (their rows marked ``bad``) for the writer to refuse together with its own findings
    (:meth:`LedgerFile.raise_if_any`), so that every problem is shown at once and nothing is written."""
    display = display or path.name
    errors = Collector()
    for sheet in [s for s in sheets if not s.hidden] or sheets:
        # a column's words in the row below the header make it a two-level header (贷款情况 over 金额, 期限)
        is_column = lambda lab: any(c.matches(lab) for c in spec.columns)  # noqa: E731
        layout = find_layout(sheet, is_column, is_column)
        if layout is None:
            continue
        cols, headers = _plan(sheet, layout, spec, errors)
        errors.raise_if_any()
        keys = [cols[c.key] for c in spec.columns if c.required and c.key in cols] or list(cols.values())
        rows = []
        for rownum, row, is_total in data_rows(sheet, layout, keys):
            if not is_total and not _signature_line(row):
                before = len(errors.issues)
                rows.append(_row(sheet, rownum, row, spec, cols, headers, errors))
                rows[-1].bad = len(errors.issues) > before
        if not rows:
            raise IngestError([Issue(Loc(display, sheet.name), f"{spec.name}清单中没有数据行")])
        return LedgerFile(display, spec, rows, cols, headers, list(errors.issues))
    wanted = "、".join(f"“{c.label}”" for c in spec.columns if c.required)
    raise IngestError([Issue(Loc(display), f"找不到{spec.name}清单的表头（应含{wanted}等列）")])


def _signature_line(row: list) -> bool:
    first = next((t for t in (norm_label(c) for c in row) if t), "")
    return bool(_SIGNATURE.match(first))


def _plan(sheet: Sheet, layout: Layout, spec: LedgerSpec, errors: Collector) -> tuple[dict[str, int], dict[str, str]]:
    cols: dict[str, int] = {}
    headers: dict[str, str] = {}
    for col in layout.columns:
        for c in spec.columns:
            if c.key not in cols and col.label and (c.matches(col.label) or (col.sub and c.matches(col.sub))):
                cols[c.key], headers[c.key] = col.index, col.display
                break
    for c in spec.columns:
        if c.required and c.key not in cols:
            errors.add(sheet.loc(layout.header_first + 1), f"缺少“{c.label}”列（表头中未找到）")
    return cols, headers


def _row(sheet: Sheet, rownum: int, row: list, spec: LedgerSpec, cols: dict[str, int], headers: dict[str, str],
         errors: Collector) -> LedgerRow:
    out = LedgerRow(rownum, sheet.name)
    for c in spec.columns:
        i = cols.get(c.key)
        raw = row[i] if i is not None and i < len(row) else None
        loc = sheet.loc(rownum, i, headers.get(c.key))
        try:
            value = parse_value(c, raw)
        except InputError as e:  # NotANumber, USCCError: the message names the value
            errors.add(loc, str(e))
            continue
        if value is None and c.required:
            errors.add(loc, f"“{c.label}”不能为空")
        out.values[c.key] = value
    return out


def parse_value(c: Column, raw) -> object:
    """One cell as the column's kind; None for an empty cell; an InputError (NotANumber, USCCError) with a
    Chinese message for a value that is not one."""
    if c.kind in ("number", "int"):
        d = parse_number(raw)
        if d is not None and c.kind == "int" and d != d.to_integral_value():
            raise NotANumber(f"“{text(raw)}”不是整数，应为{c.label}")
        return int(d) if d is not None and c.kind == "int" else d
    if c.kind == "date":
        return parse_date(raw)
    s = norm_label(raw) if c.kind != "text" else text(raw)
    if not s:
        return None
    if c.kind == "uscc":
        code, _cleaned = read_uscc(raw)
        return code
    if c.kind == "bool":
        low = s.lower()
        if low in _YES or low in _NO:
            return low in _YES
        raise NotANumber(f"“{s}”应为“是”或“否”")
    if c.kind == "choice":
        return _choice(c, s)
    return s


def _choice(c: Column, s: str) -> str:
    for code, name in c.choices:
        if s in (code, name, norm_label(name)):  # the cell was normalised: 手续：土地 reads 手续:土地
            return code
    allowed = "、".join(name for _code, name in c.choices)
    raise NotANumber(f"“{s}”不是可选的{c.label}（可选：{allowed}）")


def parse_date(raw) -> dt.date | None:
    """A date cell: a date, an Excel serial number, or text such as 2026-03-15, 2026/3/15, 2026.3.15 or
    2026年3月15日 (full-width digits too); 2026-03 / 2026年3月 means the first of the month."""
    if raw is None:
        return None
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, (int, float, Decimal)) and not isinstance(raw, bool):
        if 20000 < float(raw) < 80000:  # an Excel serial date (1954 … 2119)
            return _EXCEL_EPOCH + dt.timedelta(days=int(raw))
        raise NotANumber(f"“{raw}”不是日期")
    s = unicodedata.normalize("NFKC", str(raw)).strip()
    if not s or s in ("-", "—", "/"):
        return None
    m = _DATE.fullmatch(s) or _MONTH_ONLY.fullmatch(s)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]) if m.re is _DATE else 1)
        except ValueError:
            pass
    raise NotANumber(f"“{s}”不是日期（应如 2026-03-15 或 2026年3月15日）")
