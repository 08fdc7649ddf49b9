"""What the rule self-checks share: the three outcomes, a criterion row, a finding, exact ratios and the
figures as the explanations write them. Pure.

Every comparison is exact: a figure is taken as written (a float through its shortest repr, so ``3.99`` is
3.99, never 3.9899999…) and ratios are :class:`fractions.Fraction`, so 3.99 % against 4 %, 9.99 % against
10 % and sales of exactly 5000 万元 are decided the way the rule is written.

A percentage is shown cut (not rounded) to two decimals, so a figure that fails a threshold never reads as
reaching it: 9.999 % shows as ``9.99%``, below ``10%``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from kegong.core.errors import InputError
from kegong.core.numbers import to_decimal

PASS, FAIL, UNKNOWN = "pass", "fail", "unknown"
STATUS_NAMES = {PASS: "符合", FAIL: "不符合", UNKNOWN: "待补充"}
VERDICT_NAMES = {PASS: "符合", FAIL: "不符合", UNKNOWN: "待补充资料"}
WAN_PER_YI = Decimal(10000)


@dataclass(frozen=True)
class Criterion:
    """One condition of a rule: its code, short name, the rule's own words and where they are written."""

    code: str
    name: str
    text: str
    source: str


@dataclass(frozen=True)
class Finding:
    """How one criterion came out for one enterprise, with the figures used or what is missing."""

    code: str
    name: str
    status: str
    explanation: str
    missing: tuple[str, ...] = ()

    @property
    def status_name(self) -> str:
        return STATUS_NAMES[self.status]


def finding(c: Criterion, status: str, explanation: str, missing: Iterable[str] = ()) -> Finding:
    return Finding(c.code, c.name, status, explanation, tuple(missing))


def unknown(c: Criterion, missing: Iterable[str]) -> Finding:
    """The finding of a criterion whose figures are not all given: ``缺少 …``."""
    items = tuple(missing)
    return finding(c, UNKNOWN, "缺少 " + "、".join(items), items)


def overall(statuses: Iterable[str]) -> str:
    """Any fail → fail; else all pass → pass; else unknown (nothing at all is unknown)."""
    seen = list(statuses)
    if FAIL in seen:
        return FAIL
    if seen and all(s == PASS for s in seen):
        return PASS
    return UNKNOWN


# -- the facts as given --------------------------------------------------------------------------------

def amount(value: object, label: str) -> Decimal | None:
    """A money figure (万元) as written; None stays None; negative is refused."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise InputError(f"{label}不是数字：{value!r}")
    d = to_decimal(value)  # type: ignore[arg-type]
    if d is None:
        raise InputError(f"{label}不是有限的数字：{value!r}")
    if d < 0:
        raise InputError(f"{label}不能为负数：{value}")
    return d


def count(value: object, label: str) -> int | None:
    """A count (人、项) as a non-negative whole number; None stays None."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | Decimal | str | float):
        raise InputError(f"{label}不是整数：{value!r}")
    d = to_decimal(value)
    if d is None or d != d.to_integral_value():
        raise InputError(f"{label}不是整数：{value!r}")
    if d < 0:
        raise InputError(f"{label}不能为负数：{value}")
    return int(d)


def by_year(values: Mapping[int, object] | None, label: str) -> dict[int, Decimal] | None:
    """A year → 万元 mapping with every figure checked; None stays None; a None figure is left out."""
    if values is None:
        return None
    out: dict[int, Decimal] = {}
    for year, value in values.items():
        if isinstance(year, bool) or not isinstance(year, int):
            raise InputError(f"{label}的年份不是整数：{year!r}")
        d = amount(value, f"{year}年{label}")
        if d is not None:
            out[year] = d
    return out


def a_date(value: object, label: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    raise InputError(f"{label}不是日期：{value!r}")


def flag(value: object, label: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise InputError(f"{label}应为“是”或“否”：{value!r}")


# -- exact ratios and how they read ------------------------------------------------------------------------

def ratio(part: Decimal | int, whole: Decimal | int) -> Fraction:
    """``part / whole`` exactly (``whole`` must not be zero)."""
    return Fraction(part) / Fraction(whole)


def at_least(r: Fraction, percent: Decimal | int) -> bool:
    """Whether the ratio ``r`` reaches ``percent`` %, exactly."""
    return r >= Fraction(percent) / 100


def show_percent(r: Fraction) -> str:
    """The ratio as a percentage cut to two decimals: ``Fraction(399, 10000)`` → ``3.99%``."""
    q = r * 10000
    hundredths = q.numerator // q.denominator
    return f"{Decimal(hundredths).scaleb(-2):.2f}%"


def show_threshold(percent: Decimal | int) -> str:
    """A threshold as the rule writes it: ``4%``, ``60%``, ``2.5%``."""
    return f"{plain(Decimal(percent))}%"


def plain(d: Decimal | int) -> str:
    """A number as written, without exponent or trailing zeros: ``5E+3`` → ``5000``, ``4.50`` → ``4.5``."""
    d = Decimal(d)
    if d == d.to_integral_value():
        return f"{d.quantize(Decimal(1)):f}"
    return f"{d.normalize():f}"


def show_amount(wan: Decimal | int) -> str:
    """A figure in 万元 as a person writes it: ``1.2 亿元`` when it is a round number of 亿 (≤ 2 decimals),
    else ``4800 万元`` — always the exact figure, never a rounded one."""
    wan = Decimal(wan)
    yi = wan / WAN_PER_YI
    if wan >= WAN_PER_YI and yi == yi.quantize(Decimal("0.01")):
        return f"{plain(yi)} 亿元"
    return f"{plain(wan)} 万元"


def show_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def show_years(years: tuple[int, ...]) -> str:
    """``2022—2024年`` or ``2024年``."""
    return f"{years[0]}年" if len(years) == 1 else f"{years[0]}—{years[-1]}年"
