"""规上工业增加值: the official growth beside kegong's estimate from gross output at comparable prices.

The statistics bureau publishes the growth of industrial value added (规上工业增加值增速) at comparable
prices; kegong stores it as the county figure ``value_added_growth`` (percent, per year and cumulative
month). Enterprises report gross output (工业总产值) at current prices, so kegong estimates the real growth
by deflating this year's same-scope gross output with the industrial producer price index (county figure
``ppi``, same period of last year = 100):

    estimate = (current / (ppi / 100)) / prior − 1

which assumes value added moves with real gross output (a steady value-added rate). The gap (official −
estimate, in percentage points) is what the bureau watches: a large gap means the value-added rate or the
price index the bureau used differs from what the reported output suggests.
"""

from __future__ import annotations

from dataclasses import dataclass

from kegong.core.stats.growth import Num, growth_pct, pp_change, present

VALUE_ADDED_GROWTH = "value_added_growth"
PPI = "ppi"


def deflate(nominal: Num, ppi_index: Num) -> float | None:
    """A current-price amount at last year's prices: nominal / (ppi / 100); None without a positive index."""
    if not present(nominal) or not present(ppi_index) or ppi_index <= 0:
        return None
    return nominal / (ppi_index / 100.0)


def comparable_growth_pct(current: Num, prior: Num, ppi_index: Num) -> float | None:
    """Growth at comparable prices in percent: this year's amount deflated by the PPI against last year's."""
    return growth_pct(deflate(current, ppi_index), prior)


@dataclass(frozen=True)
class ValueAddedCheck:
    """Official value-added growth beside the estimate for one cumulative period (all percents)."""

    year: int
    month: int
    official_pct: float | None  # published 规上工业增加值增速
    gross_output_pct: float | None  # same-scope gross output growth at current prices
    ppi_index: float | None  # 工业生产者出厂价格指数, same period last year = 100
    estimate_pct: float | None  # gross output growth at comparable prices
    gap_pp: float | None  # official − estimate


def value_added_check(year: int, month: int, *, official_pct: Num, gross_output_current: Num,
                      gross_output_prior: Num, ppi_index: Num) -> ValueAddedCheck:
    """Compare the official growth with the estimate from same-scope gross output deflated by the PPI."""
    estimate = comparable_growth_pct(gross_output_current, gross_output_prior, ppi_index)
    return ValueAddedCheck(
        year=year, month=month,
        official_pct=float(official_pct) if present(official_pct) else None,
        gross_output_pct=growth_pct(gross_output_current, gross_output_prior),
        ppi_index=float(ppi_index) if present(ppi_index) else None,
        estimate_pct=estimate, gap_pp=pp_change(official_pct, estimate),
    )


def outlook_pct(official_pct: Num, output_pct: Num, output_next_pct: Num) -> float | None:
    """预计 value-added growth for the next cumulative period: the published growth moved by the change the
    gross-output forecast expects (next forecast growth − this period's actual growth), i.e. the gap
    between value-added and gross-output growth is taken to hold for one more month."""
    if not present(official_pct) or not present(output_pct) or not present(output_next_pct):
        return None
    return float(official_pct) + (float(output_next_pct) - float(output_pct))
