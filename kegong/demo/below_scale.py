"""The demo's firms below the scope (规下): those that left it and those about to enter it (pure).

A firm leaves the above-scale scope when its revenue falls under 2000 万元 and enters it when it reaches it,
so in the year it is below, its revenue is under the threshold: each such firm's whole history is scaled so
that its revenue in that year (the year it left, or the year before it entered) is a plausible 规下 figure —
1,300–1,980 万元 for a firm that left, 1,450–1,960 万元 for one about to enter (the one crossing grows by a
third into the scope the next year). Its shape, seasons and growth stay what the simulation made them.

The statistics bureau reports only the firms in the scope, but the tax bureau's list and the power company's
cover every firm: for a firm's years below the scope the demo reports its 纳税 and 工业用电量 only — what the
升规入统 list estimates a missing revenue from (kegong.core.stats.cultivation)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

# the figures reported for a firm below the scope: the tax bureau's and the power company's
REPORTED_BELOW = ("tax", "electricity")
NOT_SCALED = ("industrial_investment", "renovation_investment")  # a project's size is not the firm's output
LEFT_REVENUE = (1300.0, 1980.0)  # 万元 in the year a firm left the scope
ENTERING_REVENUE = (1450.0, 1960.0)  # 万元 in the year before a firm entered it
_SEED_OFFSET = 7919  # its own random stream: the rest of the demo draws what it drew before


def below_years(scope_years: dict[int, bool], years: Sequence[int]) -> list[int]:
    """The stored years a firm was registered but below the scope (a firm commissioned this year has none)."""
    return [y for y in years if not scope_years.get(y, False)]


def reference_year(scope_years: dict[int, bool], entered_year: int, years: Sequence[int]) -> int | None:
    """The below-scope year whose revenue is set: the year it left (the first below year after one in the
    scope), else the year before it entered; None for a firm always in the scope."""
    inside = [y for y in years if scope_years.get(y, False)]
    below = below_years(scope_years, years)
    if not below or not inside:
        return None
    after = [y for y in below if y > min(inside)]
    return min(after) if after else entered_year - 1


def rescale_below_scale(series: dict[str, np.ndarray], enterprises, years: Sequence[int], first: int,
                        seed: int) -> None:
    """Scale, in place, each firm that is below the scope in some stored year (see the module's rule)."""
    rng = np.random.default_rng(seed + _SEED_OFFSET)
    revenue = series["revenue"]
    for i, e in enumerate(enterprises):
        if e.commissioned_year is not None:
            continue
        ref = reference_year(e.scope_years, e.entered_year, years)
        if ref is None or ref < first:
            continue
        lo, hi = LEFT_REVENUE if not e.scope_years.get(years[-1], False) else ENTERING_REVENUE
        target = float(rng.uniform(lo, hi))
        k = 12 * (ref - first)
        now = float(revenue[i, k: k + 12].sum())
        if now <= 0:
            continue
        factor = target / now
        for code, arr in series.items():
            if code not in NOT_SCALED:
                arr[i] *= factor
