"""How a forecast is said: with the honesty its back-test earns (pure; numbers through ``phrasing``).

The interval comes from the forecast's own rolling back-test errors, so its half-width says how far the
point may be off. A narrow interval prints the point; a wider one the point with 左右; a wide one the range
only — never a bare point as fact. Bounds are written in the words of the point (增长 / 下降 with the
absolute rate, "下降20.5%～34.1%"), never as signed numbers beside a 下降.
"""

from __future__ import annotations

from dataclasses import dataclass

from kegong.core import units
from kegong.reports import phrasing as ph
from kegong.reports.phrasing import Number


@dataclass(frozen=True)
class Wording:
    style: str  # point | about | range | rough
    max_half_width: float | None  # 百分点 of growth; None: no bound
    max_mape: float | None  # the chosen model's back-test MAPE, %; None: no bound
    meaning: str


# the rule as data: the first row both of whose bounds the forecast meets
WORDINGS: tuple[Wording, ...] = (
    Wording("point", 2.0, 10.0, "区间半宽不超过2个百分点且回测误差不超过10%：写点预测"),
    Wording("about", 5.0, 20.0, "区间半宽不超过5个百分点且回测误差不超过20%：写“左右”"),
    Wording("range", None, 30.0, "区间更宽或回测误差超过20%：只写区间"),
    Wording("rough", None, None, "回测误差超过30%：只写区间，并注明仅供参考"),
)
CAUTION = "（回测误差较大，仅供参考）"


def style(low: Number | None, high: Number | None, mape: Number | None = None, fallback: bool = False) -> str:
    """point / about / range / rough for an interval of growth rates and the model's back-test MAPE (point
    when there is neither). A fallback model — too short a series to be chosen by back-test — is never said
    as a point: its range at least."""
    if fallback:
        picked = style(low, high, mape)
        return ("range" if low is not None and high is not None else "rough") if picked in ("point", "about") \
            else picked
    if low is None or high is None:
        if mape is None:
            return "point"
        low = high = 0.0  # no interval: judged by the back-test alone
        if float(mape) > 20.0:
            return "rough"  # without an interval a poor model gets no figure said as fact
    half = round(abs(float(high) - float(low)) / 2, 6)  # 2.0000000000000004 is 2
    for w in WORDINGS:
        if (w.max_half_width is None or half <= w.max_half_width) and (
                w.max_mape is None or mape is None or float(mape) <= w.max_mape):
            return w.style
    return WORDINGS[-1].style


def rate_range(low: Number, high: Number, digits: int = 1) -> str:
    """增长8.2%～12.7% / 下降20.5%～34.1% / 下降3.0%至增长5.2% (smaller change first)."""
    lo, hi = sorted((ph.rounded(low, digits), ph.rounded(high, digits)))
    if lo >= 0:
        return f"增长{ph.pct(lo, digits)}～{ph.pct(hi, digits)}"
    if hi <= 0:
        return f"下降{ph.pct(-hi, digits)}～{ph.pct(-lo, digits)}"
    return f"下降{ph.pct(-lo, digits)}至增长{ph.pct(hi, digits)}"


def growth_said(rate: Number | None, low: Number | None = None, high: Number | None = None, *,
                prefix: str = "同比", digits: int = 1, mape: Number | None = None, fallback: bool = False) -> str:
    """同比增长10.5% / 同比增长10.5%左右 / 同比下降20.5%～34.1% (… 仅供参考) — by :func:`style`."""
    if ph.rounded(rate, digits) is None:
        return ""
    s = style(low, high, mape, fallback)
    if s in ("range", "rough") and low is not None and high is not None:
        return f"{prefix}{rate_range(low, high, digits)}" + (CAUTION if s == "rough" else "")
    if s == "rough":
        text = ph.growth(rate, prefix=prefix, digits=digits)
        return f"{text}{'' if text.endswith('持平') else '左右'}{CAUTION}"
    text = ph.growth(rate, prefix=prefix, digits=digits)
    return f"{text}左右" if s == "about" and not text.endswith("持平") else text


def interval_note(low: Number | None, high: Number | None, level: int | None, digits: int = 1) -> str:
    """（80%区间：下降20.5%～34.1%） — empty without an interval."""
    if low is None or high is None:
        return ""
    return f"（{f'{level}%' if level else ''}区间：{rate_range(low, high, digits)}）"


def amount_said(value: Number | None, low: Number | None, high: Number | None, unit: str, *,
                rate_style: str, digits: int = 2) -> str:
    """8.81亿元 / 8.81亿元左右 / 8.10亿～9.52亿元 (the amount in the growth's style; both bounds in the
    unit of the larger one)."""
    if ph.dec(value) is None:
        return ""
    if rate_style in ("range", "rough") and low is not None and high is not None:
        lo, hi = sorted((float(low), float(high)))
        upper = ph.amount(hi, unit, digits)
        if unit == units.WAN_YUAN and upper.endswith(units.YI_YUAN):
            return f"{ph.yi(lo, digits)}亿～{upper}"
        shown = ph.num(lo, digits)
        return f"{shown}～{upper}"
    text = ph.amount(value, unit, digits)
    return f"{text}左右" if rate_style in ("about", "rough") else text
