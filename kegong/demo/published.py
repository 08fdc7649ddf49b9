"""The growth rates the demo's statistics bureau publishes with its amounts (按可比价格计算).

A bureau publishes 地区生产总值 and 高新技术产业增加值 with their growth at comparable prices, which is not the
ratio of the two levels (at current prices): the demo deflates that ratio — by the county's industrial producer
price index (``ppi``) for high-tech value added, by a flat 2 % for GDP — and rounds half up to one decimal.
"""

from __future__ import annotations

from decimal import Decimal

from kegong.core import numbers
from kegong.core.catalogue import REPORTED_GROWTH

GDP_DEFLATOR = 1.02  # the demo's GDP price index, 上年同期 = 1

Figure = tuple[str, int, int, Decimal, str]


def comparable_growth(current: float, prior: float, price_index: float) -> Decimal:
    """(current / prior) / price index − 1, in percent, half up to one decimal."""
    return numbers.rounded(100 * (current / prior / price_index - 1), 1)


def with_reported_growth(figures: list[Figure]) -> list[Figure]:
    """``figures`` and, for every published amount in ``REPORTED_GROWTH`` that has a figure for the same
    month of the year before, the growth published with it (same year and month, unit %)."""
    by_key = {(code, y, m): float(v) for code, y, m, v, _unit in figures}
    out = list(figures)
    for code, y, m, value, _unit in figures:
        prior = by_key.get((code, y - 1, m))
        if code not in REPORTED_GROWTH or not prior:
            continue
        if code == "gdp":
            index = GDP_DEFLATOR
        elif (ppi := by_key.get(("ppi", y, m))) is not None:
            index = ppi / 100
        else:
            continue
        out.append((REPORTED_GROWTH[code], y, m, comparable_growth(float(value), prior, index), "%"))
    return out
