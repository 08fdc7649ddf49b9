"""The columns of a statistics-bureau workbook: which header is the credit code, the name, the industry, the
town, and which indicator and which of 本月 / 1-本月 / 上年同月 / 上年同期 each figure column holds, in what unit."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from kegong.core.catalogue import indicator_name
from kegong.readers import vocabulary
from kegong.readers.cells import strip_brackets
from kegong.readers.errors import Collector, Loc, column_letter
from kegong.readers.layout import Column, Layout, Units, unit_in_label, units_in_text
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
FOOTER_WORDS = ("注", "说明", "备注", "填表人", "单位负责人", "统计负责人", "制表", "审核", "报出日期", "数据来源",
                "资料来源")
NUMBERING = {"甲", "乙", "丙", "丁", "戊", "A", "B", "C", "D", "E"}


def id_field(label: str) -> str | None:
    return vocabulary.full_match(SOURCE, vocabulary.ID, label)


def indicator_of(stem: str) -> tuple[str, str] | None:
    return vocabulary.prefix_match(SOURCE, vocabulary.INDICATOR, stem)


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


def plan_columns(sheet: Sheet, layout: Layout, errors: Collector, findings: list[str]) -> SheetPlan | None:
    units = units_in_text(layout.preamble)
    ids: dict[str, int] = {}
    headers: dict[int, str] = {}
    figures: list[FigureColumn] = []
    seen: dict[tuple[str, str], int] = {}
    recognized = False
    for col in layout.columns:
        headers[col.index] = col.display
        key = id_field(col.sub) if col.sub and id_field(col.sub) else (id_field(col.top) if col.top else None)
        if key is not None and key not in ids and (not col.sub or id_field(col.sub) or not indicator_of(col.stem)):
            ids[key] = col.index
            continue
        ind = indicator_of(col.stem) if col.top else None
        if ind is None:
            continue
        code, rest = ind
        sub = col.sub or rest or " ".join(b for b in re.findall(r"\(([^()]*)\)", col.top))
        if _SKIP_SUB.fullmatch(sub or "") or _SKIP_SUB.fullmatch(col.top):
            continue
        kind = sub_kind(sub) if sub else None
        if kind is None:
            findings.append(f"{sheet.loc(layout.header_last + 1, col.index, col.display)}：未标明本月/1-本月/上年同月/"
                            "上年同期，此列未导入")
            continue
        recognized = True
        factor, unit = _column_unit(sheet, layout, col, code, units, errors, findings)
        if factor is None:
            continue
        if (code, kind) in seen:
            errors.add(sheet.loc(layout.header_last + 1, col.index, col.display),
                       f"与 {column_letter(seen[(code, kind)])} 列重复（{INDICATOR_LABEL[code]} {SUB_LABEL[kind]}）")
            continue
        seen[(code, kind)] = col.index
        figures.append(FigureColumn(col.index, code, kind, col.display, factor, unit))
    for key in REQUIRED:
        if key not in ids:
            errors.add(sheet.loc(layout.header_first + 1), f"缺少“{ID_FIELDS[key][0]}”列（表头中未找到）")
    if not recognized:
        errors.add(sheet.loc(layout.header_first + 1),
                   "表头中没有可导入的指标列（如“工业总产值”下的“本月”“1-本月”“上年同月”“上年同期”）")
    return SheetPlan(ids, headers, figures)



def _column_unit(sheet: Sheet, layout: Layout, col: Column, code: str, units: Units, errors: Collector,
                 findings: list[str]) -> tuple[Decimal | None, str]:
    kind = "energy" if code in ENERGY else "money"
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
