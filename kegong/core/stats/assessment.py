"""乡镇绩效考评: an assessment item's scoring rule as data, the score of one town on one item with its working, a
town's total and the ranking of towns. Plain numbers, no Django.

An item is scored on its **basis**: the completion (完成率 = actual / target × 100, in %) or the actual value
itself (e.g. a growth rate in %, a count of enterprises). Methods:

* ``linear`` — at or below ``lower`` the item scores ``floor`` (0 when below ``lower``, ``floor`` at it), at
  ``full`` the whole weight, linearly between; above ``full`` the line goes on up to the cap (``cap`` — e.g.
  1.2 × weight for 超额完成 — or the weight when no cap is set);
* ``bands`` — stepped: the score of the highest band whose ``at_least`` the basis reaches (0 below all);
* ``rank`` — by the town's place among the towns on the basis (ties share a place): 1st the weight, each
  place below ``step`` less, never under ``floor``;
* ``manual`` — the bureau's own score (安全生产), kept between 0 and the weight.

A **bonus** item (加分) scores ``per_unit`` for each unit of the actual, up to its cap (or its weight); a
**deduction** item (扣分) takes ``per_unit`` off for each unit, at most its cap (or its weight). A manual bonus
or deduction is the bureau's number, bounded the same way.

Scores are rounded half-up to two decimals; totals add the rounded scores; equal totals share a rank (1, 1, 3),
and towns of one rank are listed by name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from kegong.core import numbers
from kegong.core.errors import InputError


class Method(StrEnum):
    LINEAR = "linear"
    BANDS = "bands"
    RANK = "rank"
    MANUAL = "manual"

    @property
    def label(self) -> str:
        return METHOD_NAMES[self.value]


METHOD_NAMES = {"linear": "线性计分", "bands": "分档计分", "rank": "按名次计分", "manual": "人工评分"}


class Basis(StrEnum):
    COMPLETION = "completion"  # actual / target × 100 (%)
    ACTUAL = "actual"  # the actual value itself

    @property
    def label(self) -> str:
        return {"completion": "完成率", "actual": "完成值"}[self.value]


class ItemKind(StrEnum):
    BASE = "base"
    BONUS = "bonus"
    DEDUCTION = "deduction"

    @property
    def label(self) -> str:
        return {"base": "基本分", "bonus": "加分", "deduction": "扣分"}[self.value]


@dataclass(frozen=True)
class Band:
    at_least: float  # on the basis (完成率 % or the actual)
    score: float


@dataclass(frozen=True)
class Rule:
    """How one item is scored (see the module's docstring)."""

    weight: float
    method: Method = Method.LINEAR
    basis: Basis = Basis.COMPLETION
    kind: ItemKind = ItemKind.BASE
    lower: float | None = None
    full: float | None = None
    floor: float = 0.0
    cap: float | None = None
    bands: tuple[Band, ...] = ()
    step: float = 0.0  # rank: the score lost per place
    per_unit: float = 0.0  # bonus / deduction: the score per unit of the actual

    def __post_init__(self) -> None:
        if self.weight < 0:
            raise InputError(f"分值 {self.weight:g} 不能为负数")
        if self.kind is ItemKind.BASE and self.method is Method.LINEAR:
            if self.lower is None or self.full is None or self.full <= self.lower:
                raise InputError("线性计分需要下限与满分线，且满分线高于下限")
        if self.method is Method.BANDS and not self.bands:
            raise InputError("分档计分至少需要一个档次")

    @property
    def ceiling(self) -> float:
        return self.weight if self.cap is None else self.cap


@dataclass(frozen=True)
class Input:
    """What a town achieved on an item: the actual, its target (for a completion basis), a manual score."""

    actual: float | None = None
    target: float | None = None
    manual: float | None = None


@dataclass(frozen=True)
class ItemScore:
    score: float  # rounded half-up, two decimals; 0 when there is nothing to score
    actual: float | None
    target: float | None
    completion: float | None  # %
    band: str  # which band / place / part of the line
    working: str  # the formula in Chinese words
    has_data: bool = True


def _r(x: float) -> float:
    return float(numbers.round_half_up(x, 2))


def _n(x: float | None, nd: int = 2) -> str:
    return numbers.fmt_plain(x, nd)


def completion_of(actual: float | None, target: float | None) -> float | None:
    """完成率 (%): actual / target × 100; None without a positive target."""
    if actual is None or target is None or target <= 0:
        return None
    return 100 * actual / target


def _basis_value(rule: Rule, x: Input) -> tuple[float | None, float | None]:
    """(the value scored on, the completion %), each rounded half-up to the two decimals the working prints:
    a rule is decided on the figure it shows (0.33 of 0.55 亿元 is 60.00 %, not 59.999…, and reaches 60)."""
    c = numbers.round_half_up(completion_of(x.actual, x.target), 2)
    return (c if rule.basis is Basis.COMPLETION else numbers.round_half_up(x.actual, 2)), c


def _empty(rule: Rule, x: Input, c: float | None, why: str) -> ItemScore:
    return ItemScore(0.0, x.actual, x.target, c, "无数据", f"{why}，不得分", has_data=False)


def _linear(rule: Rule, v: float) -> tuple[float, str, str]:
    lo, hi, w, b = rule.lower, rule.full, rule.weight, rule.basis.label
    if v < lo:
        return 0.0, "低于下限", f"{b}{_n(v)}低于下限{_n(lo)}，得0分"
    raw = rule.floor + (w - rule.floor) * (v - lo) / (hi - lo)
    formula = (f"{_n(rule.floor)} + ({_n(w)} − {_n(rule.floor)}) × ({_n(v)} − {_n(lo)}) ÷ ({_n(hi)} − {_n(lo)})"
               f" = {_n(raw)}")
    if raw > rule.ceiling:
        return rule.ceiling, "封顶", f"{b}{_n(v)}：{formula}，超过封顶{_n(rule.ceiling)}分，按{_n(rule.ceiling)}分计"
    part = "达到满分线" if v >= hi else "下限与满分线之间"
    return raw, part, f"{b}{_n(v)}（下限{_n(lo)}得{_n(rule.floor)}分，满分线{_n(hi)}得{_n(w)}分）：{formula}"


def _bands(rule: Rule, v: float) -> tuple[float, str, str]:
    b = rule.basis.label
    reached = [band for band in sorted(rule.bands, key=lambda x: x.at_least) if v >= band.at_least]
    if not reached:
        low = min(x.at_least for x in rule.bands)
        return 0.0, "未达最低档", f"{b}{_n(v)}未达最低档{_n(low)}，得0分"
    band = reached[-1]
    score = min(band.score, rule.ceiling)
    return score, f"{_n(band.at_least)}以上档", f"{b}{_n(v)}达到“{_n(band.at_least)}以上”档，得{_n(score)}分"


def _per_unit(rule: Rule, v: float) -> tuple[float, str, str]:
    sign = -1 if rule.kind is ItemKind.DEDUCTION else 1
    word = "扣" if sign < 0 else "加"
    raw = max(0.0, v) * rule.per_unit
    text = f"{_n(v)} × 每单位{word}{_n(rule.per_unit)}分 = {_n(raw)}分"
    if raw > rule.ceiling:
        return sign * rule.ceiling, "封顶", f"{text}，最多{word}{_n(rule.ceiling)}分"
    return sign * raw, "按单位计", text


def _manual(rule: Rule, given: float) -> tuple[float, str, str]:
    sign = -1 if rule.kind is ItemKind.DEDUCTION else 1
    low, high = (-rule.ceiling, 0.0) if sign < 0 else (0.0, rule.ceiling)
    score = min(max(given, low), high)
    if score != given:
        return score, "超出范围", f"人工评分{_n(given)}超出{_n(low)}～{_n(high)}，按{_n(score)}分计"
    return score, "人工评分", f"人工评分{_n(score)}分"


def score_item(rule: Rule, x: Input) -> ItemScore:
    """The score of one town on one item scored on its own (every method but ``rank``)."""
    if rule.method is Method.RANK:
        raise InputError("按名次计分的指标需与其他乡镇一起计分（score_column）")
    v, c = _basis_value(rule, x)
    if rule.method is Method.MANUAL:
        if x.manual is None:
            return _empty(rule, x, c, "尚未人工评分")
        score, band, text = _manual(rule, x.manual)
    else:
        if v is None:
            why = "无目标值" if rule.basis is Basis.COMPLETION and x.actual is not None else "无完成数据"
            return _empty(rule, x, c, why)
        if rule.kind is not ItemKind.BASE and rule.method is Method.LINEAR:
            score, band, text = _per_unit(rule, v)
        elif rule.method is Method.BANDS:
            score, band, text = _bands(rule, v)
        else:
            score, band, text = _linear(rule, v)
    return ItemScore(_r(score), x.actual, x.target, c, band, text)


def places(values: Mapping[str, float | None], nd: int = 2) -> dict[str, int]:
    """Competition places (1, 1, 3) by value, highest first, on values rounded half-up to ``nd``; towns
    without a value get none."""
    known = {k: float(numbers.round_half_up(v, nd)) for k, v in values.items() if v is not None}
    ordered = sorted(known.values(), reverse=True)
    return {k: ordered.index(v) + 1 for k, v in known.items()}


def score_column(rule: Rule, inputs: Mapping[str, Input]) -> dict[str, ItemScore]:
    """Every town's score on one item (``rank`` compares the towns with each other)."""
    if rule.method is not Method.RANK:
        return {town: score_item(rule, x) for town, x in inputs.items()}
    basis = {town: _basis_value(rule, x) for town, x in inputs.items()}
    at = places({town: v for town, (v, _c) in basis.items()})
    out = {}
    for town, x in inputs.items():
        v, c = basis[town]
        if town not in at:
            out[town] = _empty(rule, x, c, "无完成数据")
            continue
        place = at[town]
        score = max(rule.floor, rule.weight - rule.step * (place - 1))
        text = (f"{rule.basis.label}{_n(v)}，在{len(at)}个乡镇中排第{place}名："
                f"{_n(rule.weight)} − {_n(rule.step)} × ({place} − 1) = {_n(rule.weight - rule.step * (place - 1))}"
                + (f"，不低于保底{_n(rule.floor)}分" if score > rule.weight - rule.step * (place - 1) else ""))
        out[town] = ItemScore(_r(score), x.actual, x.target, c, f"第{place}名", text)
    return out


@dataclass(frozen=True)
class Ranked:
    rank: int
    town: str
    total: float
    scores: tuple[ItemScore, ...]


def total(scores: Sequence[ItemScore]) -> float:
    """A town's total: the rounded item scores added (bonus plus, deduction minus)."""
    return _r(sum(s.score for s in scores))


def ranking(scores: Mapping[str, Sequence[ItemScore]]) -> list[Ranked]:
    """The towns by total, highest first; equal totals share a rank (1, 1, 3) and are ordered by name."""
    totals = {town: total(s) for town, s in scores.items()}
    at = places(totals)
    return [Ranked(at[t], t, totals[t], tuple(scores[t]))
            for t in sorted(totals, key=lambda t: (-totals[t], t))]
