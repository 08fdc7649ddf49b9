"""Units and their factors: the one table every reader, statistic and document converts with.

Money is stored in 万元 and electricity — energy, never 万千瓦 (power) — in 万千瓦时. Each unit has a kind and
its size in the kind's stored unit: 1 亿元 = 10000 万元, 1 千瓦时 = 0.0001 万千瓦时 (度 is 千瓦时, 万度 is
万千瓦时). Counts (家, 个) and percents (%) are not converted.

Pure: no Django. An unknown unit is an :class:`~kegong.core.errors.InputError` with a Chinese message.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kegong.core.errors import InputError

MONEY = "money"
ENERGY = "energy"
COUNT = "count"
PERCENT = "percent"
KIND_NAMES = {MONEY: "金额", ENERGY: "电量", COUNT: "数量", PERCENT: "百分比"}

YUAN = "元"
WAN_YUAN = "万元"
YI_YUAN = "亿元"
KWH = "千瓦时"
WAN_KWH = "万千瓦时"
YI_KWH = "亿千瓦时"
ENTERPRISES = "家"
ITEMS = "个"
PERCENT_SIGN = "%"

# the stored unit of each convertible kind
BASE = {MONEY: WAN_YUAN, ENERGY: WAN_KWH}


@dataclass(frozen=True)
class Unit:
    name: str
    kind: str
    factor: Decimal  # size in the kind's stored unit (万元, 万千瓦时); 1 for counts and percents


UNITS: tuple[Unit, ...] = (
    Unit(YUAN, MONEY, Decimal("0.0001")),
    Unit("千元", MONEY, Decimal("0.1")),
    Unit(WAN_YUAN, MONEY, Decimal(1)),
    Unit("百万元", MONEY, Decimal(100)),
    Unit(YI_YUAN, MONEY, Decimal(10000)),
    Unit(KWH, ENERGY, Decimal("0.0001")),
    Unit("度", ENERGY, Decimal("0.0001")),
    Unit("kwh", ENERGY, Decimal("0.0001")),
    Unit(WAN_KWH, ENERGY, Decimal(1)),
    Unit("万度", ENERGY, Decimal(1)),
    Unit(YI_KWH, ENERGY, Decimal(10000)),
    Unit(ENTERPRISES, COUNT, Decimal(1)),
    Unit(ITEMS, COUNT, Decimal(1)),
    Unit(PERCENT_SIGN, PERCENT, Decimal(1)),
)
BY_NAME: dict[str, Unit] = {u.name: u for u in UNITS}


def _key(name: str) -> str:
    s = (name or "").strip()
    return s.lower() if s.isascii() else s


def find(name: str) -> Unit | None:
    """The unit called ``name`` (``kWh`` and ``kwh`` alike); None when the table does not know it."""
    return BY_NAME.get(_key(name))


def names(kind: str) -> tuple[str, ...]:
    """The unit names of one kind, smallest first: ``names(MONEY) == ("元", "千元", "万元", "百万元", "亿元")``."""
    return tuple(u.name for u in UNITS if u.kind == kind)


def factors(kind: str) -> dict[str, Decimal]:
    """Unit name → size in the kind's stored unit, for one kind (the readers' tables)."""
    return {u.name: u.factor for u in UNITS if u.kind == kind}


def unit(name: str, kind: str | None = None) -> Unit:
    """The unit called ``name``; an InputError when it is unknown or (with ``kind``) of another kind."""
    u = find(name)
    if u is None or (kind is not None and u.kind != kind):
        what = KIND_NAMES.get(kind, "") if kind else ""
        known = "、".join(names(kind) if kind else (x.name for x in UNITS))
        raise InputError(f"{what}单位“{name}”无法识别（可用：{known}）")
    return u


def factor(name: str, kind: str | None = None) -> Decimal:
    """Size of ``name`` in its kind's stored unit: ``factor("亿元") == 10000``."""
    return unit(name, kind).factor


def to_base(amount: float, name: str, kind: str | None = None) -> float:
    """``amount`` in ``name`` brought to its kind's stored unit (万元, 万千瓦时)."""
    return float(amount) * float(factor(name, kind))


def convert(amount: float, from_unit: str, to_unit: str) -> float:
    """``amount`` in ``from_unit`` expressed in ``to_unit``: ``convert(175000, "万元", "亿元") == 17.5``.
    An InputError for an unknown unit or two units of different kinds."""
    a, b = unit(from_unit), unit(to_unit)
    if a.kind != b.kind:
        raise InputError(f"单位“{from_unit}”与“{to_unit}”不能换算")
    if a.factor == b.factor:
        return float(amount)
    return float(amount) * float(a.factor) / float(b.factor)
