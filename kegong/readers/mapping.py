"""The mapping step for layouts kegong does not know (pure data, no Django): what kegong made of each column
(``Placement``), the user's own assignments (``ColumnMapping``, saved as a named import profile), and a
layout's fingerprint, by which a saved mapping is matched to the next file of the same layout."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from kegong.core import units
from kegong.core.catalogue import indicator_name
from kegong.core.errors import InputError
from kegong.readers import vocabulary
from kegong.readers.cells import norm_label
from kegong.readers.errors import column_letter

SOURCE = "tongji"
PARTS = ("value", "cumulative", "prior_year_value", "prior_year_cumulative")
IGNORE = "ignore"

ID, FIGURE, DERIVED, KNOWN, TEXT, UNPLACED, IGNORED, EMPTY = (
    "id", "figure", "derived", "known", "text", "unplaced", "ignored", "empty")
ROLE_TEXT = {ID: "识别列", FIGURE: "指标列", DERIVED: "计算列（不导入）", KNOWN: "已知的非导入列", TEXT: "文字列（不导入）",
             UNPLACED: "未识别的数值列", IGNORED: "按映射忽略", EMPTY: "空列"}


class MappingError(InputError):
    """An assignment that cannot be understood; the message is Chinese."""


@dataclass(frozen=True)
class Placement:
    """One column of a sheet and what kegong made of it."""

    index: int
    header: str  # as shown
    label: str  # normalised: the key a mapping uses
    role: str
    field: str = ""  # the identifying field or indicator code
    part: str = ""  # value | cumulative | prior_year_value | prior_year_cumulative
    unit: str = ""
    numeric: bool = False
    mapped: bool = False  # placed by the user's mapping rather than by the vocabulary

    @property
    def letter(self) -> str:
        return column_letter(self.index)

    def describe(self) -> str:
        if self.role == ID:
            what = vocabulary.label(SOURCE, self.field)
        elif self.role == FIGURE:
            what = f"{indicator_name(self.field)} · {vocabulary.label(SOURCE, self.part)}" + (
                f"（{self.unit}）" if self.unit else "")
        else:
            what = ROLE_TEXT[self.role]
        return what + ("（按映射）" if self.mapped else "")


@dataclass(frozen=True)
class Assign:
    """The user's choice for one column: a field (an identifying field or an indicator with its part and
    unit), or ``field == IGNORE``."""

    field: str
    part: str = ""
    unit: str = ""

    def to_json(self) -> dict:
        return {k: v for k, v in (("field", self.field), ("part", self.part), ("unit", self.unit)) if v}


def describe_assign(label: str, a: Assign) -> str:
    """What a saved choice maps a column to, in words: 工业总产值 · 本月（千元）, 忽略."""
    role = IGNORED if a.field == IGNORE else (FIGURE if a.part else ID)
    return Placement(0, label, label, role, field="" if a.field == IGNORE else a.field, part=a.part,
                     unit=a.unit).describe().removesuffix("（按映射）")


@dataclass(frozen=True)
class ColumnMapping:
    columns: dict[str, Assign] = field(default_factory=dict)  # normalised label → choice
    name: str = ""
    fingerprint: str = ""

    def get(self, label: str) -> Assign | None:
        return self.columns.get(label)

    def to_json(self) -> dict:
        return {lab: a.to_json() for lab, a in self.columns.items()}

    @classmethod
    def from_json(cls, data: dict, name: str = "", fingerprint: str = "") -> ColumnMapping:
        return cls({lab: Assign(d.get("field", IGNORE), d.get("part", ""), d.get("unit", ""))
                    for lab, d in (data or {}).items()}, name, fingerprint)


@dataclass(frozen=True)
class SheetColumns:
    """A sheet's columns as placed, for the check step to show and the user to complete."""

    file: str
    sheet: str | None
    fingerprint: str
    header_row: int  # 1-based row of the (last) header row
    placements: tuple[Placement, ...]

    @property
    def unplaced(self) -> list[Placement]:
        return [p for p in self.placements if p.role == UNPLACED]


def fingerprint(labels: Iterable[str]) -> str:
    """The layout of a header: its non-empty normalised labels in order, hashed."""
    return hashlib.sha256("\x1f".join(lab for lab in labels if lab).encode()).hexdigest()[:16]


# --- understanding what a user typed ------------------------------------------------------------------

def field_of(word: str) -> str:
    """An indicator or identifying field from its code or Chinese name; ``忽略`` / ``ignore`` to ignore."""
    w = norm_label(word)
    if w in (IGNORE, "忽略", "不导入"):
        return IGNORE
    for f in vocabulary.fields(SOURCE):
        if f.role in (vocabulary.ID, vocabulary.INDICATOR) and w in (f.key, norm_label(f.label)):
            return f.key
    for f in vocabulary.fields(SOURCE, vocabulary.INDICATOR):
        if w == norm_label(indicator_name(f.key)):
            return f.key
    got = vocabulary.prefix_match(SOURCE, vocabulary.INDICATOR, w) or (
        (k, "") if (k := vocabulary.full_match(SOURCE, vocabulary.ID, w)) else None)
    if got and not got[1]:
        return got[0]
    names = "、".join(f"{f.key}（{f.label}）" for f in vocabulary.fields(SOURCE, vocabulary.INDICATOR))
    raise MappingError(f"“{word}”不是可导入的指标或识别列；指标可写 {names}")


def part_of(word: str) -> str:
    w = norm_label(word)
    if w in PARTS:
        return w
    got = vocabulary.full_match(SOURCE, vocabulary.PART, w)
    if got:
        return got
    raise MappingError(f"“{word}”不是本月 / 1-本月 / 上年同月 / 上年同期 之一")


def unit_of(word: str) -> str:
    if not word:
        return ""
    u = units.find(norm_label(word))
    if u is None:
        raise MappingError(f"“{word}”不是可识别的计量单位（如 元、千元、万元、千瓦时、万千瓦时）")
    return u.name


def assign_of(spec: str) -> Assign:
    """``gross_output:本月:千元``, ``工业总产值:1-本月``, ``统一社会信用代码``, ``忽略``."""
    parts = [p.strip() for p in re.split(r"[:：]", spec) if p.strip()]
    if not parts:
        raise MappingError("映射为空")
    f = field_of(parts[0])
    if f == IGNORE or f in {x.key for x in vocabulary.fields(SOURCE, vocabulary.ID)}:
        return Assign(f)
    if len(parts) < 2:
        raise MappingError(f"“{spec}”：指标列还应写明是本月、1-本月、上年同月还是上年同期，如 {f}:本月")
    return Assign(f, part_of(parts[1]), unit_of(parts[2]) if len(parts) > 2 else "")


def mapping_from_specs(columns: SheetColumns, maps: Sequence[str], ignores: Sequence[str],
                       base: ColumnMapping | None = None, name: str = "") -> ColumnMapping:
    """The CLI's ``--map E=gross_output:本月`` and ``--ignore F`` over a sheet's columns (letters or headers)."""
    by_letter = {p.letter: p for p in columns.placements}
    by_label = {p.label: p for p in columns.placements}
    chosen = dict(base.columns) if base else {}

    def column(ref: str) -> Placement:
        ref = ref.strip()
        p = by_letter.get(ref.upper()) or by_label.get(norm_label(ref))
        if p is None:
            raise MappingError(f"文件中没有“{ref}”列（可写列字母如 E，或表头文字）")
        return p

    for m in maps:
        if "=" not in m:
            raise MappingError(f"“{m}”应写成 列=指标:本月|1-本月|上年同月|上年同期[:单位]，如 E=gross_output:本月:千元")
        ref, spec = m.split("=", 1)
        chosen[column(ref).label] = assign_of(spec)
    for ref in ignores:
        chosen[column(ref).label] = Assign(IGNORE)
    return ColumnMapping(chosen, name, columns.fingerprint)
