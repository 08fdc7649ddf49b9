"""The columns of a statistics-bureau workbook: which header is the credit code, the name, the industry, the
town, and which indicator and which of 本月 / 1-本月 / 上年同月 / 上年同期 each figure column holds, in what unit."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from kegong.core.catalogue import indicator_name
from kegong.core.codes.uscc import clean_uscc
from kegong.readers import footer, vocabulary
from kegong.readers.cells import NotANumber, parse_number, strip_brackets, text
from kegong.readers.errors import Collector, Loc, column_letter
from kegong.readers.layout import Column, Layout, Units, unit_in_label, units_in_text
from kegong.readers.mapping import (
    DERIVED,
    EMPTY,
    FIGURE,
    ID,
    IGNORE,
    IGNORED,
    KNOWN,
    TEXT,
    UNPLACED,
    Assign,
    ColumnMapping,
    Placement,
    SheetColumns,
    fingerprint,
)
from kegong.readers.tables import Sheet

SOURCE = "tongji"

ID_KEYS = tuple(f.key for f in vocabulary.fields(SOURCE, vocabulary.ID))
ID_FIELDS: dict[str, tuple[str, re.Pattern]] = {k: (vocabulary.label(SOURCE, k), vocabulary.pattern(SOURCE, k))
                                                 for k in ID_KEYS}
REQUIRED = tuple(f.key for f in vocabulary.fields(SOURCE, vocabulary.ID) if f.required)
INDICATOR_CODES = tuple(f.key for f in vocabulary.fields(SOURCE, vocabulary.INDICATOR))
# the header words are for matching; what a message shows is the catalogue's name
INDICATOR_LABEL = {code: indicator_name(code) for code in INDICATOR_CODES}
MAY_BE_NEGATIVE = {"profit"}
ENERGY = {"electricity"}

KIND_POS = {"value": 0, "cumulative": 1, "prior_year_value": 2, "prior_year_cumulative": 3}
SUB_LABEL = {k: vocabulary.label(SOURCE, k) for k in KIND_POS}
_SKIP_SUB = vocabulary.pattern(SOURCE, "derived")

TOTAL_WORDS = ("合计", "总计", "全县合计", "全县总计", "全县")
FOOTER_WORDS = footer.FOOTER_WORDS
NUMBERING = {"甲", "乙", "丙", "丁", "戊", "A", "B", "C", "D", "E"}


def id_field(label: str) -> str | None:
    return vocabulary.full_match(SOURCE, vocabulary.ID, label)


def indicator_of(stem: str) -> tuple[str, str] | None:
    """(indicator, the rest of the label): '工业总产值本月' → ('gross_output', '本月'); '其中:出口交货值' too."""
    return vocabulary.prefix_match(SOURCE, vocabulary.INDICATOR, re.sub(r"^其中[:、]?", "", stem))


def sub_kind(s: str) -> str | None:
    return vocabulary.full_match(SOURCE, vocabulary.PART, strip_brackets(s).removeprefix("其中"))


def is_anchor(label: str) -> bool:
    stem = strip_brackets(label)
    return id_field(label) in ("uscc", "name", "industry", "town") or indicator_of(stem) is not None


def is_sub(label: str) -> bool:
    return sub_kind(label) is not None


@dataclass(frozen=True)
class FigureColumn:
    index: int
    indicator: str
    kind: str  # value | cumulative | prior_year_value | prior_year_cumulative
    header: str
    factor: Decimal
    unit: str


@dataclass
class SheetPlan:
    ids: dict[str, int]
    headers: dict[int, str]
    figures: list[FigureColumn]
    columns: SheetColumns | None = None
    profile: str = ""  # the import profile the columns were read by


SAMPLE_ROWS = 300  # data rows looked at to tell a numeric column from a text one


def _numeric_columns(sheet: Sheet, layout: Layout, code_col: int | None) -> set[int]:
    """Columns with a number in a row that has a credit code (the numbering row 甲 乙 1 2 … has none)."""
    out: set[int] = set()
    seen = 0
    for row in sheet.rows[layout.data_start:]:
        if code_col is not None and (code_col >= len(row) or len(clean_uscc(text(row[code_col]))) != 18):
            continue
        seen += 1
        for i, v in enumerate(row):
            if i not in out and v not in (None, "") and _is_number(v):
                out.add(i)
        if seen >= SAMPLE_ROWS:
            break
    return out


def _is_number(v) -> bool:
    try:
        return parse_number(v) is not None
    except NotANumber:
        return False


def _auto(col: Column) -> Placement:
    """What the vocabulary makes of a column (the numeric check comes after)."""
    p = Placement(col.index, col.display, col.label, EMPTY if not col.label else TEXT)
    key = id_field(col.sub) if col.sub and id_field(col.sub) else (id_field(col.top) if col.top else None)
    if key is not None and (not col.sub or id_field(col.sub) or not indicator_of(col.stem)):
        return replace(p, role=ID, field=key)
    ind = indicator_of(col.stem) if col.top else None
    if ind is None:
        known = vocabulary.full_match(SOURCE, vocabulary.KNOWN, col.top) if col.top else None
        return replace(p, role=KNOWN) if known else p
    code, rest = ind
    sub = col.sub or rest or " ".join(b for b in re.findall(r"\(([^()]*)\)", col.top))
    if _SKIP_SUB.fullmatch(sub or "") or _SKIP_SUB.fullmatch(col.top):
        return replace(p, role=DERIVED, field=code)
    kind = sub_kind(sub) if sub else None
    return replace(p, role=FIGURE, field=code, part=kind) if kind else replace(p, role=UNPLACED, field=code)


def _by_mapping(col: Column, a: Assign) -> Placement:
    p = Placement(col.index, col.display, col.label, IGNORED, mapped=True)
    if a.field == IGNORE:
        return p
    if a.field in ID_KEYS:
        return replace(p, role=ID, field=a.field)
    return replace(p, role=FIGURE, field=a.field, part=a.part, unit=a.unit)


def place_columns(sheet: Sheet, layout: Layout, mapping: ColumnMapping | None) -> SheetColumns:
    """Every column of the header with what kegong made of it: the user's mapping first, then the
    vocabulary; a column of numbers that neither places is *unplaced* (an error until mapped or ignored)."""
    placed = []
    for col in layout.columns:
        a = mapping.get(col.label) if mapping else None
        placed.append(_by_mapping(col, a) if a else _auto(col))
    code_col = next((p.index for p in placed if p.role == ID and p.field == "uscc"), None)
    numeric = _numeric_columns(sheet, layout, code_col)
    out = []
    for p in placed:
        p = replace(p, numeric=p.index in numeric)
        if p.role in (TEXT, EMPTY) and p.numeric:
            p = replace(p, role=UNPLACED)
        if p.role == UNPLACED and not p.numeric and not p.field:
            p = replace(p, role=TEXT)
        out.append(p)
    return SheetColumns(sheet.file, sheet.name, fingerprint(c.label for c in layout.columns),
                        layout.header_last + 1, tuple(out))


def plan_columns(sheet: Sheet, layout: Layout, errors: Collector, findings: list[str],
                 mapping: ColumnMapping | None = None) -> SheetPlan:
    columns = place_columns(sheet, layout, mapping)
    units = units_in_text(layout.preamble)
    ids: dict[str, int] = {}
    headers = {col.index: col.display for col in layout.columns}
    figures: list[FigureColumn] = []
    seen: dict[tuple[str, str], int] = {}
    by_index = {c.index: c for c in layout.columns}
    for p in columns.placements:
        loc = sheet.loc(layout.header_last + 1, p.index, p.header)
        if p.role == ID and p.field not in ids:
            ids[p.field] = p.index
        elif p.role == UNPLACED:
            what = (f"“{INDICATOR_LABEL[p.field]}”下未标明是本月、1-本月、上年同月还是上年同期" if p.field
                    else "是数值列，但表头不是 kegong 认识的指标")
            errors.add(loc, f"{what}，数据不能导入；请在导入时为此列指定映射（指标与本月/1-本月/上年同月/上年同期）"
                            f"或选择忽略（命令行：--map {p.letter}=指标:本月 或 --ignore {p.letter}）")
        elif p.role == FIGURE:
            factor, unit = _column_unit(sheet, layout, by_index[p.index], p.field, units, errors, findings, p.unit)
            if factor is None:
                continue
            if (p.field, p.part) in seen:
                errors.add(loc, f"与 {column_letter(seen[(p.field, p.part)])} 列重复（{INDICATOR_LABEL[p.field]} "
                                f"{SUB_LABEL[p.part]}）")
                continue
            seen[(p.field, p.part)] = p.index
            figures.append(FigureColumn(p.index, p.field, p.part, p.header, factor, unit))
    for key in REQUIRED:
        if key not in ids:
            errors.add(sheet.loc(layout.header_first + 1), f"缺少“{ID_FIELDS[key][0]}”列（表头中未找到）")
    if not any(p.role == FIGURE for p in columns.placements) and not columns.unplaced:
        errors.add(sheet.loc(layout.header_first + 1),
                   "表头中没有可导入的指标列（如“工业总产值”下的“本月”“1-本月”“上年同月”“上年同期”）")
    return SheetPlan(ids, headers, figures, columns, mapping.name if mapping else "")


def _column_unit(sheet: Sheet, layout: Layout, col: Column, code: str, units: Units, errors: Collector,
                 findings: list[str], chosen: str = "") -> tuple[Decimal | None, str]:
    kind = "energy" if code in ENERGY else "money"
    if chosen:
        u = Units(money=chosen) if kind == "money" else Units(energy=chosen)
        if u.factor(kind) is not None:
            return u.factor(kind), chosen
    own = unit_in_label(col.top) or unit_in_label(col.sub)
    if own is not None and own[0] == kind:
        u = Units(money=own[1]) if kind == "money" else Units(energy=own[1])
        return u.factor(kind), own[1]
    if units.factor(kind) is not None:
        return units.factor(kind), (units.money if kind == "money" else units.energy) or ""
    if kind == "energy":
        note = f"{sheet.loc(None, col.index, col.display)}：未注明电量单位，按“万千瓦时”导入"
        if note not in findings:
            findings.append(note)
        return Decimal(1), "万千瓦时"
    loc = Loc(sheet.file, sheet.name)
    msg = "未找到计量单位（表头上方应有“单位：千元”或“单位：万元”一行，或在列名中注明单位）"
    if not any(i.loc == loc and i.message == msg for i in errors.issues):
        errors.add(loc, msg)
    return None, ""
