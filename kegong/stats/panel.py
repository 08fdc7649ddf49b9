"""The panel: every enterprise's monthly figures as arrays indexed (indicator, enterprise, month).

The panel is the one input of the statistical core. It is plain data: numpy arrays and tuples of strings,
built from the database by ``kegong.figures.selectors.load_panel`` or, in tests and benchmarks, from plain
rows with :func:`panel_from_rows` / :class:`PanelBuilder`.

Layout
    ``panel.cumulative[k, e, t]`` is what enterprise ``e`` reported as the Jan–month cumulative of indicator
    ``panel.indicators[k]`` for month ``t`` of the monthly axis, which starts in January of
    ``panel.first_year`` (``t = (year - first_year) * 12 + month - 1``; see :meth:`Panel.col`). The four
    fields are those of the form: ``value`` (本月, or the combined 1-2月 figure at February),
    ``cumulative`` (1-本月累计), ``prior_value`` (上年同月) and ``prior_cumulative`` (上年同期累计) — the
    prior-year figures as the enterprise reported them on this year's form. ``NaN`` means "not reported".
    Arrays are float64: sums of money must stay exact to the 万元's fourth decimal.

Scope membership
    ``panel.above_scale[y, e]`` says whether enterprise ``e`` is inside the above-scale scope (规上在库) in
    year ``first_year + y``; an enterprise without a status for a year is outside. Enterprise attributes
    (section, division, town, park, chain) are stored as integer group codes (:class:`Grouping`) so that
    scope sums are matrix products rather than Python loops.

Scopes
    :class:`Scope` names what to add up: ``all`` (the county), ``industry:B`` (a section), ``division:13``,
    ``town:NAME``, ``park:NAME``, ``chain:NAME``, ``enterprise:USCC``, ``enterprises:USCC,USCC,…``. Group
    scopes count only the enterprises above scale in the year; explicit enterprise scopes count the listed
    enterprises whatever their status.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from kegong.codes.industry import DIVISIONS, SECTIONS

FIELDS: tuple[str, ...] = ("value", "cumulative", "prior_value", "prior_cumulative")
ATTRIBUTES: tuple[str, ...] = ("section", "division", "town", "park", "chain")
# Scope kind -> enterprise attribute it selects on.
SCOPE_ATTRIBUTE: dict[str, str] = {"industry": "section", "division": "division", "town": "town",
                                   "park": "park", "chain": "chain"}
SCOPE_KINDS: tuple[str, ...] = ("all", *SCOPE_ATTRIBUTE, "enterprise", "enterprises")


class StatsError(ValueError):
    """A request the statistical core cannot answer (unknown scope, indicator, period); Chinese message."""


# --- enterprises and groupings -------------------------------------------------------------------------
@dataclass(frozen=True)
class EnterpriseInfo:
    """What the core needs to know about an enterprise. ``id`` is the credit code (USCC)."""

    id: str
    name: str
    section: str
    division: str
    town: str
    park: str = ""
    chain: str = ""


@dataclass(frozen=True, eq=False)
class Grouping:
    """An enterprise attribute as integer codes: ``labels[codes[e]]`` is enterprise ``e``'s value."""

    codes: np.ndarray  # int32, one per enterprise
    labels: tuple[str, ...]

    @classmethod
    def from_values(cls, values: Sequence[str]) -> Grouping:
        labels, codes = np.unique(np.asarray(values, dtype=object).astype(str), return_inverse=True)
        return cls(codes=codes.astype(np.int32).reshape(-1), labels=tuple(str(s) for s in labels))

    def code_of(self, label: str) -> int | None:
        try:
            return self.labels.index(label)
        except ValueError:
            return None

    def onehot(self, dtype=np.float64) -> np.ndarray:
        """(n_labels, n_enterprises) membership matrix."""
        m = np.zeros((len(self.labels), self.codes.size), dtype=dtype)
        m[self.codes, np.arange(self.codes.size)] = 1
        return m


# --- scopes --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Scope:
    """What to add up. ``str(scope)`` is the CLI spelling (``industry:B``); :meth:`parse` reads it back."""

    kind: str
    key: str = ""
    members: tuple[str, ...] = field(default=(), compare=True)

    def __post_init__(self) -> None:
        if self.kind not in SCOPE_KINDS:
            raise StatsError(f"范围类型“{self.kind}”无效（可用：{'、'.join(SCOPE_KINDS)}）")
        if self.kind == "enterprises" and not self.members:
            object.__setattr__(self, "members", tuple(s for s in self.key.split(",") if s))
        # park:"" and chain:"" are the enterprises outside any park / chain (parts of a partition).
        if not self.key and self.kind in ("industry", "division", "town", "enterprise"):
            raise StatsError(f"范围“{self.kind}”需要指定名称，例如 {self.kind}:名称")

    @classmethod
    def county(cls) -> Scope:
        return cls("all")

    @classmethod
    def enterprise_list(cls, ids: Iterable[str]) -> Scope:
        ids = tuple(ids)
        return cls("enterprises", ",".join(ids), ids)

    @classmethod
    def parse(cls, text: str) -> Scope:
        s = text.strip()
        if s in ("all", "county", "全县"):
            return cls("all")
        kind, sep, key = s.partition(":")
        if not sep or kind not in SCOPE_KINDS or kind == "all":
            raise StatsError(f"无法识别的范围“{text}”，应为 all、industry:B、town:名称、park:名称、chain:名称 "
                             "或 enterprise:统一社会信用代码")
        key = key.strip()
        if kind == "industry":
            key = key.upper()
        if not key:
            raise StatsError(f"范围“{text}”缺少名称")
        return cls(kind, key)

    @property
    def by_scale(self) -> bool:
        """Whether membership is limited to enterprises above scale in the year (group scopes)."""
        return self.kind not in ("enterprise", "enterprises")

    def __str__(self) -> str:
        return "all" if self.kind == "all" else f"{self.kind}:{self.key}"


# --- the panel -----------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class Panel:
    ids: tuple[str, ...]
    names: tuple[str, ...]
    indicators: tuple[str, ...]
    first_year: int
    n_years: int
    value: np.ndarray  # (K, E, 12 * n_years) float64, NaN = not reported
    cumulative: np.ndarray
    prior_value: np.ndarray
    prior_cumulative: np.ndarray
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

    def col(self, year: int, month: int) -> int:
        """Column of (year, month) on the monthly axis."""
        if not self.has_year(year) or not 1 <= month <= 12:
            raise StatsError(f"{year}年{month}月 不在已载入的数据范围内")
        return (year - self.first_year) * 12 + month - 1

    def year_slice(self, year: int) -> slice:
        c = self.col(year, 1)
        return slice(c, c + 12)

    def field(self, name: str) -> np.ndarray:
        if name not in FIELDS:
            raise StatsError(f"字段“{name}”无效（可用：{'、'.join(FIELDS)}）")
        return getattr(self, name)

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
        return bool(np.any(~np.isnan(self.cumulative[:, :, self.col(year, month)])))

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


SCOPE_NAMES = {"industry": "行业门类", "division": "行业大类", "town": "乡镇（街道）", "park": "园区",
               "chain": "产业链"}


# --- building ------------------------------------------------------------------------------------------
class PanelBuilder:
    """Fill a panel from row arrays, indicator by indicator (the loader and the benchmark stream rows in).

    >>> b = PanelBuilder(enterprises, indicators=("gross_output",), first_year=2025, n_years=2)
    >>> b.add("gross_output", ent_index, year, month, value=v, cumulative=c)
    >>> b.set_above_scale(2026, ent_index_in_scope)
    >>> panel = b.build()
    """

    def __init__(self, ids: Sequence[str], names: Sequence[str], groups: Mapping[str, Grouping],
                 indicators: Sequence[str], first_year: int, n_years: int) -> None:
        self.ids, self.names = tuple(ids), tuple(names)
        self.indicators = tuple(indicators)
        self.first_year, self.n_years = first_year, n_years
        self.groups = dict(groups)
        shape = (len(self.indicators), len(self.ids), 12 * n_years)
        self.arrays = {f: np.full(shape, np.nan) for f in FIELDS}
        self.above_scale = np.zeros((n_years, len(self.ids)), dtype=bool)
        self._k = {c: i for i, c in enumerate(self.indicators)}

    @classmethod
    def for_enterprises(cls, enterprises: Sequence[EnterpriseInfo], indicators: Sequence[str],
                        first_year: int, n_years: int) -> PanelBuilder:
        groups = {a: Grouping.from_values([getattr(e, a) for e in enterprises]) for a in ATTRIBUTES}
        return cls([e.id for e in enterprises], [e.name for e in enterprises], groups, indicators,
                   first_year, n_years)

    def add(self, indicator: str, ent: np.ndarray, year: np.ndarray | int, month: np.ndarray | int,
            **fields: np.ndarray) -> None:
        """Scatter rows of one indicator: ``ent`` are enterprise positions, ``fields`` any of FIELDS
        (float arrays, NaN = not reported). Rows of years outside the panel are ignored."""
        k = self._k[indicator]
        ent = np.asarray(ent, dtype=np.int64)
        year = np.broadcast_to(np.asarray(year, dtype=np.int64), ent.shape)
        month = np.broadcast_to(np.asarray(month, dtype=np.int64), ent.shape)
        keep = (year >= self.first_year) & (year < self.first_year + self.n_years)
        t = (year - self.first_year) * 12 + month - 1
        flat = ent * (12 * self.n_years) + t
        all_kept = bool(keep.all())
        if not all_kept:
            flat = flat[keep]
        for name, values in fields.items():
            target = self.arrays[name][k].reshape(-1)  # a view: the (E, T) slab is contiguous
            v = np.asarray(values, dtype=np.float64)
            target[flat] = v if all_kept else v[keep]

    def set_above_scale(self, year: int, ent: np.ndarray | Sequence[int]) -> None:
        if self.first_year <= year < self.first_year + self.n_years:
            self.above_scale[year - self.first_year, np.asarray(ent, dtype=np.int64)] = True

    def build(self) -> Panel:
        return Panel(ids=self.ids, names=self.names, indicators=self.indicators, first_year=self.first_year,
                     n_years=self.n_years, above_scale=self.above_scale, groups=self.groups, **self.arrays)


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
