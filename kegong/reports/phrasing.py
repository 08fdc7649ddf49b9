"""How figures are said in a bureau's documents: one place, table-tested.

Every phrase a report prints is built here from a number the statistical core computed; nothing here
computes a growth rate. Rules (what the bureau's writers do, and what reviewers reject):

* growth reads 同比增长12.3% / 同比下降3.1% — never 增长-3.1% — and 与上年同期持平 when it rounds to 0;
* a change of a rate is in 百分点, not %: 较1-5月提高1.2个百分点 / 回落0.8个百分点 / 与1-5月持平;
* amounts are stored in 万元 and shown in 亿元 with two decimals or in 万元, as the template asks;
* electricity is energy: 万千瓦时, never 万千瓦 (power);
* counts are 家 (enterprises) or 个 (projects, stations);
* rounding is the statistician's 四舍五入 (half up), never banker's rounding;
* digits sit against the Chinese text, no spaces (公文 style).
"""

from __future__ import annotations

from decimal import Decimal

from kegong.core import numbers, units
from kegong.core.periods import Period

Number = int | float | Decimal

NO_DATA = numbers.NO_FIGURE
WAN_PER_YI = units.factor(units.YI_YUAN)  # 万元 in one 亿元


def dec(value: Number | str | None) -> Decimal | None:
    """A Decimal from whatever the core hands over (float via its shortest repr, never binary noise)."""
    return numbers.to_decimal(value)


def rounded(value: Number | None, digits: int = 1) -> Decimal | None:
    """Half up, through :func:`kegong.core.numbers.rounded` (−0.0 becomes 0.0)."""
    return numbers.rounded(value, digits)


def num(value: Number | None, digits: int = 1, *, grouping: bool = False) -> str:
    """A number rounded half-up to ``digits`` places: ``num(12.345, 2) == "12.35"``; ``—`` for none."""
    return numbers.fmt(value, digits, grouping=grouping)


def plain(value: Number | None, max_digits: int = 2) -> str:
    """A number as a target is written: ``8``, ``8.5``, ``1.25`` (no trailing zeros)."""
    return numbers.fmt_plain(value, max_digits)


def pct(value: Number | None, digits: int = 1) -> str:
    """``12.3%``; a signed rate as it appears in a table column (``-3.1%``)."""
    s = num(value, digits)
    return s if s == NO_DATA else f"{s}%"


# --- growth ------------------------------------------------------------------------------------------
def growth(rate: Number | None, *, prefix: str = "同比", digits: int = 1,
           flat: str = "与上年同期持平", none: str = "上年同期无可比数据") -> str:
    """同比增长12.3% / 同比下降3.1% / 与上年同期持平.

    ``rate`` is a percentage (12.3 for +12.3%). ``prefix`` may be 同比, 较上年同期 or empty (增长12.3%).
    """
    r = rounded(rate, digits)
    if r is None:
        return none
    if r == 0:
        return flat
    verb = "增长" if r > 0 else "下降"
    return f"{prefix}{verb}{num(abs(r), digits)}%"


def growth_verb(rate: Number | None, digits: int = 1) -> str:
    """增长 / 下降 / 持平 — for templates that write their own sentence around the number."""
    r = rounded(rate, digits)
    if r is None:
        return ""
    return "持平" if r == 0 else ("增长" if r > 0 else "下降")


def growth_abs(rate: Number | None, digits: int = 1) -> str:
    """The magnitude of a growth rate with its % sign, for use after :func:`growth_verb`."""
    r = rounded(rate, digits)
    return NO_DATA if r is None else f"{num(abs(r), digits)}%"


def pp_change(delta_pp: Number | None, *, against: str = "上月", digits: int = 1,
              up: str = "提高", down: str = "回落", subject: str = "") -> str:
    """较1-5月提高1.2个百分点 / 较上月回落0.8个百分点 / 与上月持平 (增速的变化，单位百分点)。

    ``subject`` is put before the comparison (``增速``: 增速较1-5月提高…).
    """
    r = rounded(delta_pp, digits)
    if r is None:
        return ""
    if r == 0:
        return f"{subject}与{against}持平"
    verb = up if r > 0 else down
    return f"{subject}较{against}{verb}{num(abs(r), digits)}个百分点"


def pp(delta_pp: Number | None, digits: int = 1) -> str:
    """A signed change in 百分点 for tables: ``+1.2``, ``-0.8``, ``0.0``."""
    return numbers.fmt_signed(delta_pp, digits)


def contribution(pp_value: Number | None, digits: int = 1) -> str:
    """拉动全县增长1.2个百分点 / 下拉全县增长0.4个百分点."""
    r = rounded(pp_value, digits)
    if r is None:
        return ""
    if r == 0:
        return "对全县增长无拉动"
    return f"拉动全县增长{num(r, digits)}个百分点" if r > 0 else f"下拉全县增长{num(abs(r), digits)}个百分点"


# --- amounts -------------------------------------------------------------------------------------------
def yi(wan: Number | None, digits: int = 2) -> str:
    """万元 → 亿元 figure: ``yi(1234567) == "123.46"``."""
    d = dec(wan)
    return NO_DATA if d is None else num(d / WAN_PER_YI, digits)


def yuan_yi(wan: Number | None, digits: int = 2) -> str:
    """``123.46亿元``."""
    s = yi(wan, digits)
    return s if s == NO_DATA else f"{s}{units.YI_YUAN}"


def wan(value: Number | None, digits: int = 2) -> str:
    return num(value, digits)


def yuan_wan(value: Number | None, digits: int = 2) -> str:
    """``12345.67万元``."""
    s = num(value, digits)
    return s if s == NO_DATA else f"{s}{units.WAN_YUAN}"


def kwh_wan(value: Number | None, digits: int = 2) -> str:
    """Electricity (energy): ``12345.67万千瓦时``. Never 万千瓦."""
    s = num(value, digits)
    return s if s == NO_DATA else f"{s}{units.WAN_KWH}"


def amount(value: Number | None, unit: str, digits: int = 2) -> str:
    """An amount in its stored unit, shown the usual way: 万元 ≥ 1亿 in 亿元, electricity in 万千瓦时."""
    d = dec(value)
    if d is None:
        return NO_DATA
    if unit == units.WAN_YUAN:
        return yuan_yi(d, digits) if abs(d) >= WAN_PER_YI else yuan_wan(d, digits)
    if unit == units.WAN_KWH:
        return kwh_wan(d, digits)
    return f"{num(d, digits)}{unit}"


def net_change(delta: Number | None, unit: str, digits: int = 2) -> str:
    """净增1234.56万千瓦时 / 净减少56.00万元 (the absolute change over the prior-year period)."""
    d = dec(delta)
    if d is None:
        return ""
    r = rounded(d, digits)
    if r == 0:
        return "与上年同期持平"
    shown = amount(abs(d), unit, digits)
    return f"净增{shown}" if r > 0 else f"净减少{shown}"


def count(n: int | None, unit: str = "家") -> str:
    """``152家``, ``12个``."""
    return NO_DATA if n is None else f"{int(n)}{unit}"


def rank(n: int | None) -> str:
    return NO_DATA if n is None else f"第{int(n)}位"


def share(part: Number | None, whole: Number | None, digits: int = 1) -> str:
    """占比 as a percentage string (``45.2%``); ``—`` when the whole is zero or missing."""
    p, w = dec(part), dec(whole)
    if p is None or w is None or w == 0:
        return NO_DATA
    return pct(p / w * 100, digits)


# --- dates ---------------------------------------------------------------------------------------------
def period_label(period: Period) -> str:
    """``2026年1-6月``."""
    return period.label()


def span_label(period: Period) -> str:
    """``1-6月``."""
    return period.span_label()


def common_label(period: Period) -> str:
    """``上半年`` / ``一季度`` / ``1-5月``."""
    return period.common_name()


def previous_label(period: Period) -> str:
    """What a cumulative rate is compared with: ``1-5月`` for 1-6月; ``上年同期`` for 1-2月."""
    prev = period.previous_cumulative() if period.is_cumulative else None
    return prev.span_label() if prev else "上年同期"


def cn_date(year: int, month: int, day: int) -> str:
    """``2026年7月10日`` (公文成文日期用阿拉伯数字)."""
    return f"{year}年{month}月{day}日"


# --- forecasts -----------------------------------------------------------------------------------------
def forecast(rate: Number | None, *, span: str, low: Number | None = None, high: Number | None = None,
             level: int | None = None, digits: int = 1, with_interval: bool = False) -> str:
    """预计1-7月同比增长10.5% — with ``with_interval`` also （80%区间8.2%～12.7%）.

    The interval bounds are growth rates too; a bound below zero prints with its sign.
    """
    r = rounded(rate, digits)
    if r is None:
        return ""
    text = f"预计{span}{growth(r, digits=digits)}"
    if with_interval and low is not None and high is not None:
        lvl = f"{level}%" if level else ""
        text += f"（{lvl}区间{pct(low, digits)}～{pct(high, digits)}）"
    return text


def forecast_amount(value: Number | None, unit: str, *, span: str, rate: Number | None = None,
                    digits: int = 2) -> str:
    """预计1-7月实现工业投资12.34亿元，同比增长5.0% (verb and noun given by the template)."""
    if dec(value) is None:
        return ""
    text = f"预计{span}{amount(value, unit, digits)}"
    if rate is not None:
        text += f"，{growth(rate)}"
    return text


# --- qualitative leads (the 一是…二是… sentence openings must match the sign of the figure) --------------
def lead(rate: Number | None, digits: int = 1) -> str:
    """增长明显 (≥10%) / 稳步增长 / 基本持平 / 有所下降 / 下降明显 (≤−10%) / 情况 (no rate)."""
    r = rounded(rate, digits)
    if r is None:
        return "情况"
    if r >= 10:
        return "增长明显"
    if r > 0:
        return "稳步增长"
    if r == 0:
        return "基本持平"
    return "下降明显" if r <= -10 else "有所下降"


def headline(rate: Number | None, digits: int = 1) -> str:
    """The heading of the industry part, by gross-output growth: never 势头良好 when output fell."""
    r = rounded(rate, digits)
    if r is None:
        return "工业经济运行情况"
    if r >= 5:
        return "工业企业发展势头良好"
    if r >= 0:
        return "工业经济运行总体平稳"
    return "工业经济运行承压"


# --- published county figures ---------------------------------------------------------------------------
COMPARABLE_PRICES = "（按可比价格计算）"
CURRENT_PRICES = "（按现价计算）"


def published_period(period: Period) -> str:
    """The period a published county figure belongs to, as the bureau names it: ``一季度`` / ``上半年`` /
    ``前三季度`` / ``全年`` for the quarterly releases (GDP, 高新技术产业增加值), ``1-M月`` for a monthly one."""
    return period.common_name()


def growth_basis(comparable: bool | None) -> str:
    """What a growth rate of an amount of money is measured at, said after the rate: ``（按可比价格计算）``
    for the rate the statistics bureau publishes, ``（按现价计算）`` for the ratio of two levels; empty when
    there is no rate (``None``)."""
    if comparable is None:
        return ""
    return COMPARABLE_PRICES if comparable else CURRENT_PRICES


# --- analysis (拉动 of a part, gaps between two rates) ----------------------------------------------------
def pull(pp_value: Number | None, digits: int = 1) -> str:
    """拉动1.2个百分点 / 下拉0.4个百分点 / 无拉动 — a part's 拉动 where the whole is already named."""
    r = rounded(pp_value, digits)
    if r is None:
        return ""
    if r == 0:
        return "无拉动"
    return f"拉动{num(r, digits)}个百分点" if r > 0 else f"下拉{num(abs(r), digits)}个百分点"


def rate_gap(subject: str, other: str, gap_pp: Number | None, digits: int = 1) -> str:
    """总产值增速高于工业用电量增速5.2个百分点 / …低于…0.8个百分点 / 总产值增速与工业用电量增速持平."""
    r = rounded(gap_pp, digits)
    if r is None:
        return ""
    if r == 0:
        return f"{subject}与{other}持平"
    return f"{subject}{'高于' if r > 0 else '低于'}{other}{num(abs(r), digits)}个百分点"
