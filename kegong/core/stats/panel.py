"""The panel: every enterprise's monthly figures as arrays indexed (year, indicator, month, enterprise).

The panel is the one input of the statistical core. It is plain data: numpy arrays and tuples of strings,
built from the database by ``kegong.figures.selectors.load_panel`` or, in tests and benchmarks, from plain
rows with :func:`panel_from_rows` / :class:`PanelBuilder`.

Layout
    For each field of the form — ``value`` (本月, or the combined 1-2月 figure at February), ``cumulative``
    (1-本月累计), ``prior_value`` (上年同月), ``prior_cumulative`` (上年同期累计, the prior-year figures as
    the enterprise reported them on this year's form) — ``panel.data[field][y, k, m - 1, e]`` is what
    enterprise ``e`` reported for indicator ``panel.indicators[k]`` and month ``m`` of year
    ``first_year + y``, and ``panel.reported[field]`` (same shape, bool) says whether it reported it at all.
    Amounts not reported are stored as 0.0 so that sums need no NaN handling; :meth:`Panel.figures` gives
    the NaN-for-missing view most callers want. Amounts are float64: sums of money must stay exact to the
    万元's fourth decimal.

    The layout is chosen for speed: one month of one indicator is a contiguous vector over enterprises, so
    rows that come in month by month (as a query on the (indicator, year, month) index returns them) are
    written within one short stretch of memory; enterprises are ordered by section, town, park, chain and
    division (``panel.ids`` gives the order), so the members of a group scope sit in a few contiguous runs
    that one sparse product sums (see :mod:`kegong.core.stats.aggregate`).

Scope membership
    ``panel.above_scale[y, e]`` says whether enterprise ``e`` is inside the above-scale scope (规上在库) in
    year ``first_year + y``; an enterprise without a status for a year is outside. Enterprise attributes
    (section, division, town, park, chain) are stored as integer group codes (:class:`Grouping`).

Scopes
    :class:`Scope` names what to add up: ``all`` (the county), ``industry:B`` (a section), ``division:13``,
    ``town:NAME``, ``park:NAME``, ``chain:NAME``, ``enterprise:USCC``, ``enterprises:USCC,USCC,…``. Group
    scopes count only the enterprises above scale in the year; explicit enterprise scopes count the listed
    enterprises whatever their status. Scopes, groupings and :class:`StatsError` live in
    :mod:`kegong.core.stats.scopes` and are re-exported here.

Public API (others build on it; keep it stable)
    ``Panel``: ``ids``, ``names``, ``indicators``, ``years``, ``first_year``, ``has_data(year, month)``,
    ``last_month(year)``, ``figures(field, indicator, year)``, ``figure(field, indicator, uscc, year, month)``,
    ``mask(scope, year)``, ``scope_label(scope)``, ``partition(attribute)``, ``in_scale(year)``;
    ``PanelBuilder``, ``panel_from_rows``, ``FigureRow``, ``EnterpriseInfo``, ``Scope``, ``StatsError``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from kegong.core.codes.industry import DIVISIONS, SECTIONS
from kegong.core.stats.scopes import (
    ATTRIBUTES,
    SCOPE_ATTRIBUTE,
    SCOPE_KINDS,
    SCOPE_NAMES,
    EnterpriseInfo,
    Grouping,
    Scope,
    StatsError,
)

__all__ = ["ATTRIBUTES", "FIELDS", "SCOPE_ATTRIBUTE", "SCOPE_KINDS", "EnterpriseInfo", "FigureRow", "Grouping",
           "Panel", "PanelBuilder", "Scope", "StatsError", "panel_from_rows"]

FIELDS: tuple[str, ...] = ("value", "cumulative", "prior_value", "prior_cumulative")


# --- the panel -----------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class Panel:
    ids: tuple[str, ...]
    names: tuple[str, ...]
    indicators: tuple[str, ...]
    first_year: int
    n_years: int
    data: Mapping[str, np.ndarray]  # field -> (n_years, K, 12, E) float64, 0.0 where not reported
    reported: Mapping[str, np.ndarray]  # field -> (n_years, K, 12, E) bool
    above_scale: np.ndarray  # (n_years, E) bool
    groups: Mapping[str, Grouping]

    # --- shape and positions ----------------------------------------------------------------------
    @property
    def n_enterprises(self) -> int:
        return len(self.ids)

    @property
    def years(self) -> range:
        return range(self.first_year, self.first_year + self.n_years)

    def has_year(self, year: int) -> bool:
        return self.first_year <= year < self.first_year + self.n_years

    def year_index(self, year: int) -> int:
        if not self.has_year(year):
            raise StatsError(f"{year}年 不在已载入的数据范围内")
        return year - self.first_year

    def figures(self, field: str, indicator: str, year: int) -> np.ndarray:
        """(enterprises, 12) figures of one field, indicator and year; NaN where not reported."""
        if field not in FIELDS:
            raise StatsError(f"字段“{field}”无效（可用：{'、'.join(FIELDS)}）")
        y, k = self.year_index(year), self.indicator_index(indicator)
        return np.where(self.reported[field][y, k], self.data[field][y, k], np.nan).T

    def figure(self, field: str, indicator: str, uscc: str, year: int, month: int) -> float | None:
        """One enterprise's figure, or None where it reported none."""
        y, k, e = self.year_index(year), self.indicator_index(indicator), self.enterprise_index(uscc)
        if not self.reported[field][y, k, month - 1, e]:
            return None
        return float(self.data[field][y, k, month - 1, e])

    @cached_property
    def _indicator_pos(self) -> dict[str, int]:
        return {c: i for i, c in enumerate(self.indicators)}

    @cached_property
    def _id_pos(self) -> dict[str, int]:
        return {c: i for i, c in enumerate(self.ids)}

    def indicator_index(self, code: str) -> int:
        try:
            return self._indicator_pos[code]
        except KeyError:
            raise StatsError(f"没有指标“{code}”的数据") from None

    def enterprise_index(self, uscc: str) -> int:
        try:
            return self._id_pos[uscc]
        except KeyError:
            raise StatsError(f"没有统一社会信用代码为“{uscc}”的企业") from None

    def in_scale(self, year: int) -> np.ndarray:
        """Enterprises above scale in ``year`` (all False for a year outside the panel)."""
        if not self.has_year(year):
            return np.zeros(self.n_enterprises, dtype=bool)
        return self.above_scale[year - self.first_year]

    def has_data(self, year: int, month: int) -> bool:
        """Whether any enterprise reported any cumulative figure for (year, month)."""
        if not self.has_year(year) or not 1 <= month <= 12:
            return False
        return bool(self.reported["cumulative"][self.year_index(year), :, month - 1].any())

    def last_month(self, year: int) -> int | None:
        """The last month of ``year`` with data, or None."""
        for m in range(12, 0, -1):
            if self.has_data(year, m):
                return m
        return None

    # --- scopes -----------------------------------------------------------------------------------
    def mask(self, scope: Scope, year: int | None = None) -> np.ndarray:
        """Boolean membership over enterprises. With ``year``, group scopes keep only the enterprises above
        scale in that year; explicit enterprise scopes are never filtered."""
        if scope.kind == "all":
            m = np.ones(self.n_enterprises, dtype=bool)
        elif scope.kind == "enterprise":
            m = np.zeros(self.n_enterprises, dtype=bool)
            m[self.enterprise_index(scope.key)] = True
            return m
        elif scope.kind == "enterprises":
            m = np.zeros(self.n_enterprises, dtype=bool)
            m[[self.enterprise_index(u) for u in scope.members]] = True
            return m
        else:
            g = self.groups[SCOPE_ATTRIBUTE[scope.kind]]
            code = g.code_of(scope.key)
            if code is None:
                raise StatsError(f"范围“{scope}”不存在（{SCOPE_NAMES[scope.kind]}“{scope.key}”没有企业）")
            m = g.codes == code
        if year is not None and scope.by_scale:
            m = m & self.in_scale(year)
        return m

    def scope_label(self, scope: Scope) -> str:
        """Chinese name of a scope: 全县, 制造业, 农副食品加工业, 城关镇, 某某公司, 3家企业."""
        if scope.kind == "all":
            return "全县"
        if scope.kind == "industry":
            return SECTIONS[scope.key][0] if scope.key in SECTIONS else scope.key
        if scope.kind == "division":
            return DIVISIONS.get(scope.key, f"{scope.key} 大类")
        if scope.kind == "park" and not scope.key:
            return "园区外"
        if scope.kind == "chain" and not scope.key:
            return "未归入产业链"
        if scope.kind == "enterprise":
            return self.names[self.enterprise_index(scope.key)]
        if scope.kind == "enterprises":
            return f"{len(scope.members)}家企业"
        return scope.key

    def partition(self, attribute: str) -> list[Scope]:
        """The scopes, one per value of an attribute, that together cover every enterprise."""
        kind = {v: k for k, v in SCOPE_ATTRIBUTE.items()}[attribute]
        return [Scope(kind, label) for label in self.groups[attribute].labels]



# --- building ------------------------------------------------------------------------------------------
class PanelBuilder:
    """Fill a panel from row arrays, indicator by indicator (the loader and the benchmark stream rows in).

    ``ent`` arguments are positions in the ``ids`` given to the constructor; the built panel orders the
    enterprises by its own rule (look positions up with :meth:`Panel.enterprise_index`).

    >>> b = PanelBuilder(ids, names, groups, indicators=("gross_output",), first_year=2025, n_years=2)
    >>> b.add("gross_output", ent, year, month, cumulative=c, prior_cumulative=pc)  # NaN = not reported
    >>> b.set_above_scale(2026, ent_in_scope)
    >>> panel = b.build()
    """

    BATCH = 1 << 18  # rows written at a time

    def __init__(self, ids: Sequence[str], names: Sequence[str], groups: Mapping[str, Grouping],
                 indicators: Sequence[str], first_year: int, n_years: int) -> None:
        n = len(ids)
        # Order enterprises by section, town, park, chain, division, then as given: group scopes become
        # a few contiguous runs.
        keys = [groups[a].codes for a in ("division", "chain", "park", "town", "section") if a in groups]
        order = np.lexsort(keys) if keys else np.arange(n)
        self._pos = np.empty(n, dtype=np.int64)
        self._pos[order] = np.arange(n)  # given position -> panel position
        take = order.tolist()  # plain ints index a sequence much faster than numpy ones
        self.ids = tuple(ids[i] for i in take)
        self.names = tuple(names[i] for i in take)
        self.groups = {a: Grouping(g.codes[order], g.labels) for a, g in groups.items()}
        self.indicators = tuple(indicators)
        self.first_year, self.n_years = first_year, n_years
        shape = (n_years, len(self.indicators), 12, n)
        self.data = {f: np.zeros(shape) for f in FIELDS}
        self.reported = {f: np.zeros(shape, dtype=bool) for f in FIELDS}
        self.above_scale = np.zeros((n_years, n), dtype=bool)
        self._k = {c: i for i, c in enumerate(self.indicators)}
        self._buffers: dict[str, np.ndarray] = {}
        self._written: set[tuple[str, int]] = set()

    @classmethod
    def for_enterprises(cls, enterprises: Sequence[EnterpriseInfo], indicators: Sequence[str],
                        first_year: int, n_years: int) -> PanelBuilder:
        groups = {a: Grouping.from_values([getattr(e, a) for e in enterprises]) for a in ATTRIBUTES}
        return cls([e.id for e in enterprises], [e.name for e in enterprises], groups, indicators,
                   first_year, n_years)

    def add(self, indicator: str, ent: np.ndarray, year: np.ndarray | int, month: np.ndarray | int,
            **fields: np.ndarray) -> None:
        """Scatter rows of one indicator: ``ent`` are enterprise positions, ``year`` and ``month`` arrays
        (or one value for all rows), ``fields`` any of FIELDS (float arrays, NaN = not reported). Rows of years
        outside the panel are ignored. A reported figure replaces what an earlier row put in the same cell;
        a missing one (NaN) erases nothing.

        Rows are written in batches of :attr:`BATCH` with work arrays kept from batch to batch: they stay in
        cache, and fresh memory is slow to come by on virtual machines."""
        k, n = self._k[indicator], len(self.ids)
        ent = np.asarray(ent)
        month = np.broadcast_to(np.asarray(month), ent.shape)
        year = np.broadcast_to(np.asarray(year), ent.shape)
        if month.size and (month.min() < 1 or month.max() > 12):
            raise StatsError("月份应为 1-12")
        if ent.size and (ent.min() < 0 or ent.max() >= n):
            raise StatsError("企业位置超出范围")
        if year.size and (year.min() < self.first_year or year.max() >= self.first_year + self.n_years):
            keep = (year >= self.first_year) & (year < self.first_year + self.n_years)
            ent, year, month = ent[keep], year[keep], month[keep]
            fields = {f: np.asarray(v)[keep] for f, v in fields.items()}
        values = {f: np.asarray(v, dtype=np.float64) for f, v in fields.items()}
        fresh = {f for f in values if (f, k) not in self._written}  # nothing there yet to keep
        for lo in range(0, ent.size, self.BATCH):  # small batches: the work arrays stay in cache
            hi = lo + self.BATCH
            self._add_batch(k, ent[lo:hi], year[lo:hi], month[lo:hi],
                            {f: v[lo:hi] for f, v in values.items()}, fresh)
        self._written.update((f, k) for f in values)

    def _add_batch(self, k: int, ent: np.ndarray, year: np.ndarray, month: np.ndarray,
                   values: dict[str, np.ndarray], fresh: set[str]) -> None:
        size, n = ent.size, len(self.ids)
        # flat index into (n_years, K, 12, E): the row (year, indicator, month) as a small integer first
        row = self._buffer("row", size, np.int32)
        np.subtract(year, self.first_year, out=row, casting="unsafe")
        row *= len(self.indicators) * 12
        row += month
        row += k * 12 - 1
        flat = self._buffer("flat", size, np.int64)
        np.multiply(row, np.int64(n), out=flat)
        if ent.dtype != np.int64:  # np.take would convert it into fresh memory
            ent64 = self._buffer("ent", size, np.int64)
            ent64[...] = ent
            ent = ent64
        flat += np.take(self._pos, ent, out=self._buffer("pos", size, np.int64), mode="clip")  # checked
        missing = self._buffer("missing", size, bool)
        for name, v in values.items():
            data, reported = self.data[name].reshape(-1), self.reported[name].reshape(-1)  # views
            np.isnan(v, out=missing)
            gaps = np.flatnonzero(missing)
            if not gaps.size:
                data[flat] = v
                reported[flat] = True
            elif name in fresh:  # write all, then zero the missing
                data[flat] = v
                data[flat[gaps]] = 0.0
                np.logical_not(missing, out=missing)
                reported[flat] = missing
            else:  # keep what earlier rows reported where these have nothing
                np.logical_not(missing, out=missing)
                cells = flat[missing]
                data[cells] = v[missing]
                reported[cells] = True

    def _buffer(self, name: str, size: int, dtype) -> np.ndarray:
        """A reusable work array of at least ``size`` elements (its first ``size`` returned)."""
        buf = self._buffers.get(name)
        if buf is None or buf.size < size:
            buf = self._buffers[name] = np.empty(size, dtype=dtype)
        return buf[:size]

    def set_above_scale(self, year: int, ent: np.ndarray | Sequence[int]) -> None:
        if self.first_year <= year < self.first_year + self.n_years:
            self.above_scale[year - self.first_year, self._pos[np.asarray(ent, dtype=np.int64)]] = True

    def build(self) -> Panel:
        self._buffers.clear()
        return Panel(ids=self.ids, names=self.names, indicators=self.indicators, first_year=self.first_year,
                     n_years=self.n_years, data=self.data, reported=self.reported,
                     above_scale=self.above_scale, groups=self.groups)


@dataclass(frozen=True)
class FigureRow:
    """One enterprise's figures of one indicator for one reporting month (None = not reported)."""

    enterprise: str
    indicator: str
    year: int
    month: int
    value: float | None = None
    cumulative: float | None = None
    prior_value: float | None = None
    prior_cumulative: float | None = None


def panel_from_rows(enterprises: Sequence[EnterpriseInfo], rows: Iterable[FigureRow],
                    above_scale: Mapping[int, Iterable[str]], *, indicators: Sequence[str] | None = None,
                    years: Sequence[int] | None = None) -> Panel:
    """Build a panel from plain rows. ``above_scale`` maps a year to the credit codes above scale in it.
    Indicators and years default to those the rows carry."""
    rows = list(rows)
    if indicators is None:
        indicators = sorted({r.indicator for r in rows})
    if years is None:
        ys = {r.year for r in rows} | set(above_scale)
        years = range(min(ys), max(ys) + 1) if ys else range(2000, 2001)
    first, n_years = min(years), max(years) - min(years) + 1
    b = PanelBuilder.for_enterprises(enterprises, indicators, first, n_years)
    pos = {e.id: i for i, e in enumerate(enterprises)}
    by_ind: dict[str, list[FigureRow]] = {}
    for r in rows:
        if r.enterprise not in pos:
            raise StatsError(f"数据行中的企业“{r.enterprise}”不在企业名录中")
        by_ind.setdefault(r.indicator, []).append(r)
    for code, rs in by_ind.items():
        if code not in b._k:
            continue
        ent = np.array([pos[r.enterprise] for r in rs], dtype=np.int64)
        b.add(code, ent, np.array([r.year for r in rs]), np.array([r.month for r in rs]),
              **{f: np.array([_nan(getattr(r, f)) for r in rs], dtype=np.float64) for f in FIELDS})
    for year, members in above_scale.items():
        b.set_above_scale(year, [pos[u] for u in members if u in pos])
    return b.build()


def _nan(v: float | None) -> float:
    return np.nan if v is None else float(v)
