"""Same-scope (同口径) sums over scopes: the county, sections, divisions, towns, parks, chains, enterprises.

For a year ``y`` the members of a group scope are its enterprises above scale in ``y``; each field is
summed over them for every month of ``y``. Because the prior-year fields are what the same enterprises
reported for last year on this year's form, ``cumulative / prior_cumulative - 1`` over the members is the
same-scope growth. An enterprise that left the scope is not a member; one that reported no prior-year
figure adds nothing to the prior sum (its prior counts as 0).

The sums are matrix products: a (scopes × enterprises) 0/1 membership matrix times each (enterprises ×
months) slab, with float64 accumulation. A sum is NaN where no member reported the figure at all.

Main entry points
    :func:`scope_totals` — :class:`ScopeTotals` for many scopes, every indicator, the 12 months of a year.
    :func:`enterprise_figures` — the members' own figures for one indicator and month (for rankings,
    per-enterprise growth, 拉动 by enterprise).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from kegong.stats.growth import Breakdown, breakdown
from kegong.stats.panel import FIELDS, Panel, Scope, StatsError


@dataclass(frozen=True, eq=False)
class ScopeTotals:
    """Sums of each field over each scope's members in ``year``.

    ``cumulative[s, k, m - 1]`` is the sum of the 1-``m``月 cumulative of indicator ``indicators[k]`` over
    the members of ``scopes[s]``; likewise ``value``, ``prior_value``, ``prior_cumulative``. NaN where no
    member reported. ``members[s]`` is the number of members; ``reporters[field][s, k, m - 1]`` how many
    of them reported the figure.
    """

    scopes: tuple[Scope, ...]
    indicators: tuple[str, ...]
    year: int
    members: np.ndarray
    value: np.ndarray
    cumulative: np.ndarray
    prior_value: np.ndarray
    prior_cumulative: np.ndarray
    reporters: dict[str, np.ndarray]

    def index(self, scope: Scope) -> int:
        try:
            return self.scopes.index(scope)
        except ValueError:
            raise StatsError(f"汇总结果中没有范围“{scope}”") from None

    def get(self, field: str, scope: Scope, indicator: str, month: int) -> float | None:
        """One sum as a float, or None where no member reported it."""
        if field not in FIELDS:
            raise StatsError(f"字段“{field}”无效")
        try:
            k = self.indicators.index(indicator)
        except ValueError:
            raise StatsError(f"没有指标“{indicator}”的数据") from None
        v = float(getattr(self, field)[self.index(scope), k, month - 1])
        return None if np.isnan(v) else v


def period_fields(month: int, cumulative: bool = True) -> tuple[str, str]:
    """The (current, prior-year) fields holding the figures of the cumulative period 1-``month``月, or with
    ``cumulative=False`` of its reporting month. The reporting month of 1-2月 is the combined 1-2月, which is
    the cumulative at February whether or not January was reported on its own."""
    if cumulative or month <= 2:
        return "cumulative", "prior_cumulative"
    return "value", "prior_value"


def membership(panel: Panel, scopes: Sequence[Scope], year: int, within: Scope | None = None) -> np.ndarray:
    """(len(scopes), n_enterprises) 0/1 float64 matrix of the members of each scope in ``year``
    (intersected with the members of ``within`` when given)."""
    m = np.zeros((len(scopes), panel.n_enterprises), dtype=np.float64)
    for i, s in enumerate(scopes):
        m[i] = panel.mask(s, year)
    if within is not None:
        m *= panel.mask(within, year)
    return m


def scope_totals(panel: Panel, scopes: Sequence[Scope], year: int,
                 indicators: Sequence[str] | None = None, fields: Sequence[str] = FIELDS,
                 within: Scope | None = None) -> ScopeTotals:
    """Same-scope sums of ``fields`` for every scope, indicator and month of ``year``; with ``within``,
    each scope is cut down to the members of that scope (the towns of an industry, the sections of a park).

    A year outside the panel gives all-NaN sums (no data) rather than an error, so that "last year" can be
    asked for on a panel that starts this year.
    """
    scopes = tuple(scopes)
    codes = tuple(indicators) if indicators is not None else panel.indicators
    ks = [panel.indicator_index(c) for c in codes]
    shape = (len(scopes), len(codes), 12)
    out = {f: np.full(shape, np.nan) for f in FIELDS}
    reporters = {f: np.zeros(shape, dtype=np.int64) for f in FIELDS}
    if not panel.has_year(year):
        return ScopeTotals(scopes, codes, year, np.zeros(len(scopes), dtype=np.int64),
                           reporters=reporters, **out)
    member = membership(panel, scopes, year, within)
    # Only the enterprises that belong to some scope matter: drop the others before multiplying.
    used = np.flatnonzero(member.any(axis=0))
    if used.size < panel.n_enterprises:
        member = member[:, used]
        rows: slice | np.ndarray = used
    else:
        rows = slice(None)
    member32 = member.astype(np.float32)  # counts: exact in float32 up to 2**24 members
    cols = panel.year_slice(year)
    for f in fields:
        arr = panel.field(f)
        for j, k in enumerate(ks):
            slab = arr[k][rows, cols]
            missing = np.isnan(slab)
            filled = np.where(missing, 0.0, slab)
            sums = member @ filled
            counts = member32 @ (~missing).astype(np.float32)
            reporters[f][:, j, :] = np.rint(counts).astype(np.int64)
            out[f][:, j, :] = np.where(counts > 0, sums, np.nan)
    return ScopeTotals(scopes, codes, year, member.sum(axis=1).astype(np.int64), reporters=reporters, **out)


@dataclass(frozen=True)
class EnterpriseFigures:
    """The members of a scope in ``year`` and their own figures of one indicator at one month.

    Arrays are aligned with ``positions`` (enterprise positions in the panel); NaN = not reported.
    """

    scope: Scope
    indicator: str
    year: int
    month: int
    positions: np.ndarray
    ids: tuple[str, ...]
    names: tuple[str, ...]
    value: np.ndarray
    cumulative: np.ndarray
    prior_value: np.ndarray
    prior_cumulative: np.ndarray


def enterprise_figures(panel: Panel, scope: Scope, indicator: str, year: int, month: int) -> EnterpriseFigures:
    """The members of ``scope`` in ``year`` with their figures for the report ending in ``month``."""
    pos = np.flatnonzero(panel.mask(scope, year))
    k = panel.indicator_index(indicator)
    t = panel.col(year, month)
    vals = {f: panel.field(f)[k, pos, t].copy() for f in FIELDS}
    return EnterpriseFigures(scope, indicator, year, month, pos, tuple(panel.ids[i] for i in pos),
                             tuple(panel.names[i] for i in pos), **vals)


def breakdown_by(panel: Panel, scope: Scope, attribute: str, indicator: str, year: int, month: int, *,
                 cumulative: bool = True) -> Breakdown:
    """Split ``scope`` (its members in ``year``) by an attribute — section, division, town, park, chain —
    and give each part's level, growth, share, 拉动, 贡献率 and ranks for the period ending ``month``
    (cumulative figures, or the month's own with ``cumulative=False``). Parts without members are left out.
    """
    parts = panel.partition(attribute)
    cur_f, pri_f = period_fields(month, cumulative)
    tot = scope_totals(panel, parts, year, [indicator], fields=(cur_f, pri_f), within=scope)
    keep = [i for i in range(len(parts)) if tot.members[i] > 0]
    cur = getattr(tot, cur_f)[keep, 0, month - 1]
    pri = getattr(tot, pri_f)[keep, 0, month - 1]
    return breakdown([str(parts[i]) for i in keep], [panel.scope_label(parts[i]) for i in keep], cur, pri)


def breakdown_by_enterprise(panel: Panel, scope: Scope, indicator: str, year: int, month: int, *,
                            cumulative: bool = True) -> Breakdown:
    """Each member enterprise of ``scope`` in ``year`` as a part: level, own growth (None without a
    prior-year figure), share, 拉动, 贡献率, ranks. Keys are credit codes."""
    ef = enterprise_figures(panel, scope, indicator, year, month)
    cur_f, pri_f = period_fields(month, cumulative)
    cur, pri = getattr(ef, cur_f), getattr(ef, pri_f)
    return breakdown(list(ef.ids), list(ef.names), cur, pri)
