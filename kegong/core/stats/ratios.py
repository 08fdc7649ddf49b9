"""Ratios to GDP: R&D spending over GDP (研发投入强度) and high-tech value added over GDP (高新技术产业增加值占
GDP 比重). Amounts may come in different units (GDP is usually published in 亿元); everything is brought to
万元 first. The county figures are ``gdp``, ``rd_spend`` and ``high_tech_value_added``.
"""

from __future__ import annotations

from dataclasses import dataclass

from kegong.core import units
from kegong.core.stats.growth import Num, present
from kegong.core.stats.panel import StatsError

GDP = "gdp"
RD_SPEND = "rd_spend"
HIGH_TECH_VALUE_ADDED = "high_tech_value_added"


def to_wan_yuan(amount: Num, unit: str) -> float | None:
    """An amount in 万元; an empty unit is taken to be 万元 (kegong's unit for money)."""
    if not present(amount):
        return None
    u = units.find(unit.strip() or units.WAN_YUAN)
    if u is None or u.kind != units.MONEY:
        raise StatsError(f"金额单位“{unit}”无法换算为万元（可用：{'、'.join(units.names(units.MONEY))}）")
    return units.to_base(amount, u.name)


def ratio_pct(numerator: Num, denominator: Num) -> float | None:
    """numerator / denominator × 100; None when either is missing or the denominator is not positive."""
    if not present(numerator) or not present(denominator) or denominator <= 0:
        return None
    return numerator / denominator * 100.0


@dataclass(frozen=True)
class GdpRatios:
    """Ratios to GDP for one cumulative period; amounts in 万元, ratios in percent."""

    year: int
    month: int
    gdp: float | None
    rd_spend: float | None
    rd_gdp_pct: float | None
    high_tech_value_added: float | None
    high_tech_gdp_pct: float | None


def gdp_ratios(year: int, month: int, *, gdp: Num, rd_spend: Num, high_tech_value_added: Num) -> GdpRatios:
    """R&D / GDP and high-tech value added / GDP (all amounts in 万元)."""
    return GdpRatios(year=year, month=month, gdp=gdp if present(gdp) else None,
                     rd_spend=rd_spend if present(rd_spend) else None, rd_gdp_pct=ratio_pct(rd_spend, gdp),
                     high_tech_value_added=high_tech_value_added if present(high_tech_value_added) else None,
                     high_tech_gdp_pct=ratio_pct(high_tech_value_added, gdp))
