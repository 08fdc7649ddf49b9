"""Same-scope (同口径) sums over scopes: the county, sections, divisions, towns, parks, chains, enterprises.

For a year ``y`` the members of a group scope are its enterprises above scale in ``y``; each field is
summed over them for every month of ``y``. Because the prior-year fields are what the same enterprises
reported for last year on this year's form, ``cumulative / prior_cumulative - 1`` over the members is the
same-scope growth. An enterprise that left the scope is not a member; one that reported no prior-year
figure adds nothing to the prior sum (its prior counts as 0).

A sum is NaN where no member reported the figure at all (see :func:`scope_totals` for how it is computed).

Main entry points
    :func:`scope_totals` — :class:`ScopeTotals` for many scopes, every indicator, the 12 months of a year;
    ``totals.get(field, scope, indicator, month)`` gives one sum as float | None.
    :func:`enterprise_figures` — the members' own figures for one indicator and month.
    :func:`breakdown_by` / :func:`breakdown_by_enterprise` — a scope split by an attribute or into its
    enterprises, with shares, growth, 拉动, 贡献率, ranks, 净增 (:class:`~kegong.core.stats.growth.Breakdown`).
    :func:`period_fields` — which fields hold a period's figures (the 1-2月 "month" is the cumulative).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_array

from kegong.core.stats.growth import Breakdown, breakdown
from kegong.core.stats.panel import FIELDS, Panel, Scope, StatsError


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
    """(len(scopes), n_enterprises) bool matrix of the members of each scope in ``year`` (intersected with
    the members of ``within`` when given)."""
    m = np.zeros((len(scopes), panel.n_enterprises), dtype=bool)
    for i, s in enumerate(scopes):
        m[i] = panel.mask(s, year)
    if within is not None:
        m &= panel.mask(within, year)
    return m


def _runs(member: np.ndarray):
    """Group the enterprises that belong to some scope into runs: maximal stretches (in panel order, skipping
    enterprises in no scope) of enterprises with the same memberships. Returns the (runs × enterprises)
    0/1 sparse matrix that sums each run and the (scopes × runs) membership of the runs."""
    used = np.flatnonzero(member.any(axis=0))
    mu = member[:, used]
    change = np.any(mu[:, 1:] != mu[:, :-1], axis=0)
    starts = np.flatnonzero(np.concatenate(([True], change))) if used.size else np.zeros(0, dtype=np.int64)
    indptr = np.concatenate((starts, [used.size]))
    shape = (starts.size, member.shape[1])
    run_sum = csr_array((np.ones(used.size), used, indptr), shape=shape)
    run_count = csr_array((np.ones(used.size, dtype=np.float32), used, indptr), shape=shape)
    return run_sum, run_count, mu[:, starts].astype(np.float64)


def scope_totals(panel: Panel, scopes: Sequence[Scope], year: int,
                 indicators: Sequence[str] | None = None, fields: Sequence[str] = FIELDS,
                 within: Scope | None = None) -> ScopeTotals:
    """Same-scope sums of ``fields`` for every scope, indicator and month of ``year``; with ``within``,
    each scope is cut down to the members of that scope (the towns of an industry, the sections of a park).

    A year outside the panel gives all-NaN sums (no data) rather than an error, so that "last year" can be
    asked for on a panel that starts this year.

    How: the members of all scopes are cut into runs of enterprises with the same memberships (few, since
    the panel is ordered by the attributes scopes select on); a sparse product sums each run over the
    enterprises' vector of each indicator and month in a single pass, then a small (scopes × runs) product
    adds the runs up. Accumulation is float64; reporter counts are exact (float32 holds integers to 2**24).
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
    run_sum, run_count, run_member = _runs(member)
    y = panel.year_index(year)
    n_runs = run_member.shape[1]
    for f in fields:
        run_sums = np.empty((n_runs, len(ks), 12))
        run_counts = np.empty((n_runs, len(ks), 12), dtype=np.float32)
        for j, k in enumerate(ks):
            data, rep = panel.data[f][y, k], panel.reported[f][y, k].view(np.uint8)  # (12, enterprises)
            for m in range(12):  # one month: a contiguous vector over enterprises
                run_sums[:, j, m] = run_sum @ data[m]
                run_counts[:, j, m] = run_count @ rep[m]
        sums = run_member @ run_sums.reshape(n_runs, len(ks) * 12)
        counts = run_member @ run_counts.reshape(n_runs, len(ks) * 12).astype(np.float64)
        counts = np.rint(counts).astype(np.int64).reshape(shape)
        reporters[f] = counts
        out[f] = np.where(counts > 0, sums.reshape(shape), np.nan)
    return ScopeTotals(scopes, codes, year, member.sum(axis=1).astype(np.int64), reporters=reporters, **out)


@dataclass(frozen=True)
class EnterpriseFigures:
    """The members of a scope in ``year`` and their own figures of one indicator at one month.

    Enterprises are in credit-code order; arrays are aligned with ``positions`` (positions in the panel);
    NaN = not reported.
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
    pos = pos[np.argsort([panel.ids[i] for i in pos], kind="stable")]  # by credit code, not panel order
    y, k = panel.year_index(year), panel.indicator_index(indicator)
    vals = {f: np.where(panel.reported[f][y, k, month - 1, pos], panel.data[f][y, k, month - 1, pos], np.nan)
            for f in FIELDS}
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
