"""主要目标: the year's targets said as the summary says them (rules as data; pure).

The seed's four lines — 1．全年规模工业增加值累计增长8%左右；2．全年高新技术产业增加值占GDP比重12.0%以上，成功
申报国家高新技术企业5家以上；3．全年研发投入占GDP比重达到1.50%以上；4．全年新增规上工业企业12家以上 — come
from ``LINES`` (which targets share a line, in order) and ``PHRASES`` (each target's words and the precision
its value is written with). A target no line names gets a line of its own after them, in the words of its kind.
"""

from __future__ import annotations

from dataclasses import dataclass

from kegong.core import numbers
from kegong.reports.data import TargetLine


@dataclass(frozen=True)
class Phrase:
    words: str  # {goal} is the target value with its unit
    digits: int | None = None  # decimals the value is written with (None: as set, no trailing zeros)


PHRASES: dict[str, Phrase] = {
    "value_added_growth": Phrase("全年规模工业增加值累计增长{goal}左右"),
    "high_tech_gdp_share": Phrase("全年高新技术产业增加值占GDP比重{goal}以上", 1),
    "high_tech_new": Phrase("成功申报国家高新技术企业{goal}以上", 0),
    "rd_gdp_share": Phrase("全年研发投入占GDP比重达到{goal}以上", 2),
    "new_above_scale": Phrase("全年新增规上工业企业{goal}以上", 0),
}
LINES: tuple[tuple[str, ...], ...] = (
    ("value_added_growth",),
    ("high_tech_gdp_share", "high_tech_new"),
    ("rd_gdp_share",),
    ("new_above_scale",),
)


@dataclass(frozen=True)
class Goal:
    codes: tuple[str, ...]
    text: str


def _value(t: TargetLine, digits: int | None) -> str:
    shown = numbers.fmt_plain(t.target, 2) if digits is None else numbers.fmt(t.target, digits, grouping=False)
    return f"{shown}{t.unit}"


def _by_kind(t: TargetLine) -> str:
    goal = _value(t, 0 if t.kind == "count" else None)
    if t.kind == "growth":
        return f"全年{t.name.removesuffix('增长')}增长{goal}左右"
    if t.kind == "count":
        return f"全年{t.name}{goal}以上"
    return f"全年{t.name}达到{goal}以上"


def phrase(t: TargetLine) -> str:
    p = PHRASES.get(t.code)
    return _by_kind(t) if p is None else p.words.format(goal=_value(t, p.digits))


def goals(targets: list[TargetLine]) -> list[Goal]:
    """The 主要目标 lines: the seed's lines first (those with a target set), then every other target."""
    by_code = {t.code: t for t in targets}
    out, used = [], set()
    for line in LINES:
        present = [by_code[c] for c in line if c in by_code]
        if present:
            out.append(Goal(tuple(t.code for t in present), "，".join(phrase(t) for t in present)))
            used.update(t.code for t in present)
    out += [Goal((t.code,), phrase(t)) for t in targets if t.code not in used]
    return out
