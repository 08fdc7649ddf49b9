"""用电折算产值（预估）read from the panel store: each scope's early estimate of output growth from electricity
for a month whose electricity is in and whose gross output is not (:mod:`kegong.core.stats.early_estimate`)."""

from __future__ import annotations

from kegong.core.periods import Period
from kegong.core.stats.early_estimate import ScopeEstimate, estimate_scopes, latest_pending
from kegong.figures import store


def early_estimates(period: Period | None = None) -> list[ScopeEstimate]:
    """全县, the sections and the towns estimated for ``period`` (its last month; the cumulative 1-M月 and the
    month itself), fitted on the stored months before it. Without ``period``: the pending month — the latest
    one with electricity and no gross output after the last gross-output month — or [] when there is none."""
    panel = store.panel()
    if period is None:
        pending = latest_pending(panel)
        if pending is None:
            return []
        year, month = pending
    else:
        year, month = period.year, period.end
    return estimate_scopes(panel, year, month)
