"""大型 / 中型 / 小型 / 微型: an industrial enterprise's size class, by the published standard, as data.

Source: 国家统计局《统计上大中小微型企业划分办法（2017）》（国统字〔2017〕213号）, the table's 工业 row (采矿业、
制造业、电力、热力、燃气及水生产和供应业 — 行业门类 B、C、D), two measures:

    从业人员 X（人）     大型 X ≥ 1000    中型 300 ≤ X < 1000     小型 20 ≤ X < 300     微型 X < 20
    营业收入 Y（万元）   大型 Y ≥ 40000   中型 2000 ≤ Y < 40000   小型 300 ≤ Y < 2000   微型 Y < 300

and its note: 大型、中型和小型企业须同时满足所列指标的下限，否则下划一档；微型企业只须满足所列指标中的一项即可.
So the class is the highest whose lower bounds both figures reach — the lower of the two figures' own
classes: 350 人 (中型) with 1,500 万元 (小型) is 小型; 15 人 with 50,000 万元 is 微型 (one figure below the 小型
bound is enough). One figure missing still decides 微型 when the other is below the 小型 bound; otherwise the
class is unknown and the working says which figure is missing.

Pure: no Django. ``classify(staff, revenue)`` → :class:`SizeClass` (``size`` None when unknown, ``working``
in Chinese)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kegong.core.numbers import fmt

SOURCE = "国家统计局《统计上大中小微型企业划分办法（2017）》（国统字〔2017〕213号）工业行"
NOTE = "大型、中型和小型企业须同时满足所列指标的下限，否则下划一档；微型企业只须满足所列指标中的一项即可"
INDUSTRY_SECTIONS = ("B", "C", "D")  # 采矿业、制造业、电力热力燃气及水生产和供应业

LARGE, MEDIUM, SMALL, MICRO = "large", "medium", "small", "micro"
SIZES: tuple[tuple[str, str], ...] = ((LARGE, "大型"), (MEDIUM, "中型"), (SMALL, "小型"), (MICRO, "微型"))
SIZE_NAMES = dict(SIZES)
RANK = {code: i for i, (code, _name) in enumerate(SIZES)}  # 0 the largest


@dataclass(frozen=True)
class Bound:
    size: str
    staff: int  # 从业人员下限（人）
    revenue: Decimal  # 营业收入下限（万元）


# the lower bounds of 大型、中型、小型, largest first; below the 小型 bounds is 微型
BOUNDS: tuple[Bound, ...] = (
    Bound(LARGE, 1000, Decimal(40000)),
    Bound(MEDIUM, 300, Decimal(2000)),
    Bound(SMALL, 20, Decimal(300)),
)


@dataclass(frozen=True)
class SizeClass:
    size: str | None  # large | medium | small | micro; None: unknown
    working: str

    @property
    def name(self) -> str:
        return SIZE_NAMES.get(self.size, "未知") if self.size else "未知"

    @property
    def known(self) -> bool:
        return self.size is not None


def _own_class(value: Decimal, attr: str) -> str:
    """The class one figure reaches by itself: the first whose lower bound it reaches, else 微型."""
    return next((b.size for b in BOUNDS if value >= getattr(b, attr)), MICRO)


def _said(value: Decimal, attr: str, unit: str, label: str) -> str:
    own = _own_class(value, attr)
    shown = f"{label} {fmt(value, 0 if value == value.to_integral_value() else 2)} {unit}"
    if own == MICRO:
        low = getattr(BOUNDS[-1], attr)
        return f"{shown}，低于小型下限（{fmt(low, 0)} {unit}）"
    low = getattr(next(b for b in BOUNDS if b.size == own), attr)
    return f"{shown}，达到{SIZE_NAMES[own]}下限（{fmt(low, 0)} {unit}）"


def classify(staff: int | None, revenue: Decimal | float | int | None, section: str | None = None) -> SizeClass:
    """The size class from 从业人员 (人) and 营业收入 (万元); ``section`` (行业门类), when given, must be an
    industrial one — the standard's other rows are not kept here."""
    if section is not None and section not in INDUSTRY_SECTIONS:
        return SizeClass(None, f"行业门类 {section or '（空）'} 不属于工业（B、C、D），本表只收工业行的划分标准")
    x = None if staff is None else Decimal(staff)
    y = None if revenue is None else Decimal(str(revenue))
    said = []
    if x is not None:
        said.append(_said(x, "staff", "人", "从业人员"))
    if y is not None:
        said.append(_said(y, "revenue", "万元", "营业收入"))
    if x is not None and y is not None:
        a, b = _own_class(x, "staff"), _own_class(y, "revenue")
        size = a if RANK[a] >= RANK[b] else b
        rule = "两项同时达到该档下限" if a == b else "大、中、小型须两项同时达到下限，取较低一档"
        if size == MICRO:
            rule = "微型只须一项低于小型下限"
        return SizeClass(size, "；".join(said) + f"；{rule}：{SIZE_NAMES[size]}")
    known = [(v, attr) for v, attr in ((x, "staff"), (y, "revenue")) if v is not None]
    missing = "从业人员" if x is None else "营业收入"
    if known and _own_class(*known[0]) == MICRO:
        return SizeClass(MICRO, f"{said[0]}；微型只须一项低于小型下限（{missing}未知不影响）：微型")
    if not known:
        return SizeClass(None, "从业人员和营业收入都未知，无法划分")
    return SizeClass(None, f"{said[0]}；{missing}未知，无法划分（大、中、小型须两项同时达到下限）")


def size_of(staff: int | None, revenue: Decimal | float | int | None, section: str | None = None) -> str | None:
    """The class :func:`classify` gives, without its working (counting 20,000 firms by class needs no words)."""
    if section is not None and section not in INDUSTRY_SECTIONS:
        return None
    own = [_own_class(Decimal(v) if isinstance(v, int) else Decimal(str(v)), attr)
           for v, attr in ((staff, "staff"), (revenue, "revenue")) if v is not None]
    if len(own) == 2:
        return own[0] if RANK[own[0]] >= RANK[own[1]] else own[1]
    return MICRO if own and own[0] == MICRO else None


def size_name(code: str | None) -> str:
    return SIZE_NAMES.get(code, "未知") if code else "未知"
