"""Growth, percentage-point changes, contributions (拉动/贡献率), shares, rankings and net additions.

Plain formulas over plain numbers; ``None`` stands for a figure that does not exist and every function
returns ``None`` (never inf, never an exception) when its result would not mean anything:

* growth (增速, %) = (current / prior − 1) × 100, defined only when both exist and prior > 0 — a zero or
  negative base (a loss last year) has no growth rate;
* percentage-point change (百分点) = growth now − growth before;
* 拉动 (pull, pp) = (part current − part prior) / total prior × 100 — the pulls of the parts of a partition
  add up to the total's growth;
* 贡献率 (contribution rate, %) = (part current − part prior) / (total current − total prior) × 100 — the
  rates of a partition add up to 100;
* 占比 (share, %) = part / total × 100; 净增 (net addition) = current − prior.

In sums a missing figure counts as 0: a part that reported nothing for last year contributes all of its
current figure to the change.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

Num = float | None


def present(x: Num) -> bool:
    """Whether a figure exists (not None, not NaN)."""
    return x is not None and x == x  # NaN is the one value unequal to itself


def _z(x: Num) -> float:
    return float(x) if present(x) else 0.0


def growth_pct(current: Num, prior: Num) -> float | None:
    """Year-on-year growth in percent; None unless both exist and ``prior > 0``."""
    if not present(current) or not present(prior) or prior <= 0:
        return None
    return (current / prior - 1.0) * 100.0


def growth_pct_array(current: np.ndarray, prior: np.ndarray) -> np.ndarray:
    """:func:`growth_pct` element-wise; NaN where it is None."""
    current = np.asarray(current, dtype=np.float64)
    prior = np.asarray(prior, dtype=np.float64)
    ok = ~np.isnan(current) & (prior > 0)  # NaN > 0 is False
    out = np.full(np.broadcast(current, prior).shape, np.nan)
    np.divide(current, prior, out=out, where=ok)
    return np.where(ok, (out - 1.0) * 100.0, np.nan)


def pp_change(now_pct: Num, before_pct: Num) -> float | None:
    """Change of a growth rate in percentage points (提高 > 0, 回落 < 0)."""
    if not present(now_pct) or not present(before_pct):
        return None
    return now_pct - before_pct


def net_addition(current: Num, prior: Num) -> float | None:
    """净增: current − prior; None when neither exists (a missing one counts as 0)."""
    if not present(current) and not present(prior):
        return None
    return _z(current) - _z(prior)


def pull_pp(part_current: Num, part_prior: Num, total_prior: Num) -> float | None:
    """拉动 in percentage points: the part's change over the total's prior-year base."""
    if not present(total_prior) or total_prior <= 0 or (not present(part_current) and not present(part_prior)):
        return None
    return (_z(part_current) - _z(part_prior)) / total_prior * 100.0


def contribution_pct(part_current: Num, part_prior: Num, total_current: Num, total_prior: Num) -> float | None:
    """贡献率 in percent: the part's change over the total's change; None when the total did not change."""
    if not present(part_current) and not present(part_prior):
        return None
    delta_total = _z(total_current) - _z(total_prior)
    if delta_total == 0:
        return None
    return (_z(part_current) - _z(part_prior)) / delta_total * 100.0


def share_pct(part: Num, total: Num) -> float | None:
    """占比 in percent; None when the total is missing or 0."""
    if not present(part) or not present(total) or total == 0:
        return None
    return part / total * 100.0


def rank_desc(values: Sequence[Num]) -> list[int | None]:
    """Competition ranks, largest first (1, 2, 2, 4); None for a missing value."""
    ordered = sorted((v for v in values if present(v)), reverse=True)
    first: dict[float, int] = {}
    for i, v in enumerate(ordered, 1):
        first.setdefault(v, i)
    return [first[v] if present(v) else None for v in values]


@dataclass(frozen=True)
class PartRow:
    """One part of a breakdown (a section of the county, a town, an enterprise of a scope)."""

    key: str
    label: str
    current: float | None
    prior: float | None
    growth_pct: float | None
    net_addition: float | None
    share_pct: float | None
    pull_pp: float | None
    contribution_pct: float | None
    rank_level: int | None
    rank_growth: int | None


@dataclass(frozen=True)
class Breakdown:
    """A whole split into parts; the whole's figures are the sums of the parts'."""

    current: float | None
    prior: float | None
    growth_pct: float | None
    parts: tuple[PartRow, ...]


def breakdown(keys: Sequence[str], labels: Sequence[str], current: Sequence[Num],
              prior: Sequence[Num]) -> Breakdown:
    """Shares, growth, net additions, 拉动, 贡献率 and ranks of the parts of a whole.

    The whole is the sum of the parts (missing counts as 0; the whole is None only if no part has the
    figure), so the parts' pulls add up to the whole's growth and their contribution rates to 100. Pulls
    exist only where the whole has a growth rate, contribution rates only where it has both figures.
    """
    cur_list = [None if not present(v) else float(v) for v in current]
    pri_list = [None if not present(v) else float(v) for v in prior]
    tot_cur = math.fsum(v for v in cur_list if v is not None) if any(present(v) for v in cur_list) else None
    tot_pri = math.fsum(v for v in pri_list if v is not None) if any(present(v) for v in pri_list) else None
    growths = [growth_pct(c, p) for c, p in zip(cur_list, pri_list)]
    rl, rg = rank_desc(cur_list), rank_desc(growths)
    whole_growth = growth_pct(tot_cur, tot_pri)
    both = tot_cur is not None and tot_pri is not None  # a change of the whole exists
    parts = tuple(
        PartRow(key=k, label=lab, current=c, prior=p, growth_pct=g, net_addition=net_addition(c, p),
                share_pct=share_pct(c, tot_cur),
                pull_pp=pull_pp(c, p, tot_pri) if whole_growth is not None else None,
                contribution_pct=contribution_pct(c, p, tot_cur, tot_pri) if both else None,
                rank_level=a, rank_growth=b)
        for k, lab, c, p, g, a, b in zip(keys, labels, cur_list, pri_list, growths, rl, rg)
    )
    return Breakdown(current=tot_cur, prior=tot_pri, growth_pct=whole_growth, parts=parts)
