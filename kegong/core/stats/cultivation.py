"""培育名单: the computed lists of firms to work with — 研发投入「破零倍增」 and 升规入统 candidates (issue 12).

Pure functions over a :class:`~kegong.core.stats.panel.Panel`, a year and a month; they return panel
positions with the figures used, so a page or a workbook can show how each firm got onto its list.

"This year to date" is the firm's last cumulative figure (1-本月累计) of the year reported in a month up to
``month``: figures entered by hand (研发投入) often come quarterly, and a cumulative figure stands until the
next one. "The same period last year" is the 上年同期累计 the firm reported beside that figure, else its
own cumulative figure of last year to the same month (as reported then).

研发投入「破零倍增」 (among the firms above scale in ``year``)
    破零 — no R&D this year to date: nothing reported, or reported as 0 (the row says which); those among
    them with R&D in the same period last year are the 上年有、今年无 list. 倍增 on course — this year's
    cumulative R&D is at least twice last year's for the same period (exactly 2 × counts), last year's > 0.

升规入统 (among the firms not above scale in ``year``)
    Annualised revenue = cumulative 营业收入 × 12 / months covered; a candidate reaches the approach line
    (:data:`SCALE_RULES`). A firm without revenue figures gets an estimate from its 纳税总额, else its 工业用电量:
    the median revenue/tax (revenue/electricity) ratio of the county's above-scale firms of the same
    industry section for the same year to date, times the firm's figure; the row says 估算（按纳税）/（按用电）.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from kegong.core.stats.panel import Panel


# --- the rules as data ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class ScaleRule:
    code: str
    name: str
    revenue: float  # 年营业收入, 万元
    source: str


SCALE_RULES: tuple[ScaleRule, ...] = (
    ScaleRule("threshold", "规模以上工业企业统计起点", 2000.0,
              "国家统计局：规模以上工业企业为年主营业务收入 2000 万元及以上的工业法人单位（经国务院批准，自 2011 年"
              "起由 500 万元提高到 2000 万元；同年印发《统计上大中小微型企业划分办法》国统字〔2011〕75号，2017 年修订为"
              "国统字〔2017〕213号；2019 年起统计上以营业收入替代主营业务收入）"),
    ScaleRule("approach", "升规培育关注线", 1500.0,
              "本县培育口径（不是统计标准）：年化营业收入达到统计起点的 75%，即 1500 万元，列为升规入统培育对象"),
)
RULES = {r.code: r for r in SCALE_RULES}
THRESHOLD, APPROACH = RULES["threshold"].revenue, RULES["approach"].revenue

# how a candidate's revenue is known: reported, or estimated from one of these indicators (in this order)
ESTIMATE_FROM: tuple[str, ...] = ("tax", "electricity")
BASIS_LABELS = {"revenue": "统计报表", "tax": "估算（按纳税）", "electricity": "估算（按用电）"}

_EPS = 1e-6  # amounts are kept to the 万元's fourth decimal: 2 × 0.1 is 0.2


# --- figures to date -----------------------------------------------------------------------------------
def to_date(panel: Panel, field: str, indicator: str, year: int, month: int) -> tuple[np.ndarray, np.ndarray]:
    """Each firm's last figure of ``field`` reported in months 1..``month`` of ``year``: (values with NaN for
    none, months with 0 for none)."""
    n = panel.n_enterprises
    if indicator not in panel.indicators or not panel.has_year(year) or month < 1:
        return np.full(n, np.nan), np.zeros(n, dtype=np.int64)
    figs = panel.figures(field, indicator, year)[:, :min(month, 12)]  # (E, months)
    have = ~np.isnan(figs)
    last = figs.shape[1] - 1 - np.argmax(have[:, ::-1], axis=1)  # last reported column
    any_ = have.any(axis=1)
    values = np.where(any_, figs[np.arange(n), last], np.nan)
    return values, np.where(any_, last + 1, 0).astype(np.int64)


def _at(panel: Panel, field: str, indicator: str, year: int, months: np.ndarray) -> np.ndarray:
    """Each firm's figure at its own month (0 = none): NaN where not reported."""
    n = panel.n_enterprises
    if indicator not in panel.indicators or not panel.has_year(year):
        return np.full(n, np.nan)
    figs = panel.figures(field, indicator, year)
    ok = months > 0
    out = np.full(n, np.nan)
    out[ok] = figs[np.flatnonzero(ok), months[ok] - 1]
    return out


def same_period_last_year(panel: Panel, indicator: str, year: int, months: np.ndarray) -> np.ndarray:
    """上年同期累计 at each firm's month: as reported on this year's form, else last year's own figure to
    that month."""
    prior = _at(panel, "prior_cumulative", indicator, year, months)
    own = np.full(panel.n_enterprises, np.nan)
    for m in np.unique(months[months > 0]):
        sel = months == m
        own[sel] = to_date(panel, "cumulative", indicator, year - 1, int(m))[0][sel]
    return np.where(np.isnan(prior), own, prior)


def _num(x: float) -> float | None:
    return None if x != x else float(x)


def _members(panel: Panel, among: np.ndarray | None) -> np.ndarray:
    return np.ones(panel.n_enterprises, dtype=bool) if among is None else np.asarray(among, dtype=bool)


# --- 研发投入「破零倍增」 ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class RdFirm:
    pos: int
    id: str
    current: float | None  # this year's cumulative R&D to date; None = nothing reported
    month: int  # the month of that figure (the list's month when there is none)
    prior: float | None  # the same period last year
    ratio: float | None  # current / prior, where prior > 0 and current reported

    @property
    def reported(self) -> bool:
        return self.current is not None


@dataclass(frozen=True)
class RdLists:
    year: int
    month: int
    firms: int  # above-scale firms looked at
    zero: tuple[RdFirm, ...]  # 破零对象: no R&D this year to date
    doubling: tuple[RdFirm, ...]  # 倍增: ≥ 2 × the same period last year
    lapsed: tuple[RdFirm, ...]  # 上年有、今年无 (part of ``zero``)


def is_doubled(current: float | None, prior: float | None) -> bool:
    """倍增 on course: this year ≥ 2 × last year's same period, which must be > 0."""
    return current is not None and prior is not None and prior > 0 and current - 2 * prior >= -_EPS


def rd_lists(panel: Panel, year: int, month: int, among: np.ndarray | None = None,
             indicator: str = "rd_spend") -> RdLists:
    """The 破零 / 倍增 / 上年有今年无 lists among the firms above scale in ``year`` (and in ``among``)."""
    looked = _members(panel, among) & panel.in_scale(year)
    cur, months = to_date(panel, "cumulative", indicator, year, month)
    months = np.where(months > 0, months, month)
    prior = same_period_last_year(panel, indicator, year, months)
    firms = []
    for e in np.flatnonzero(looked):
        c, p = _num(cur[e]), _num(prior[e])
        ratio = c / p if c is not None and p is not None and p > 0 else None
        firms.append(RdFirm(int(e), panel.ids[e], c, int(months[e]), p, ratio))
    zero = [f for f in firms if not (f.current is not None and f.current > 0)]
    zero.sort(key=lambda f: (-(f.prior or 0.0), f.reported, panel.names[f.pos]))
    doubling = sorted((f for f in firms if is_doubled(f.current, f.prior)), key=lambda f: (-(f.ratio or 0.0), f.id))
    lapsed = [f for f in zero if f.prior is not None and f.prior > 0]
    return RdLists(year, month, len(firms), tuple(zero), tuple(doubling), tuple(lapsed))


# --- 升规入统 ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Candidate:
    pos: int
    id: str
    months: int  # months the cumulative figure covers (1-本月)
    revenue: float  # cumulative revenue to date, reported or estimated (万元)
    basis: str  # "revenue" (reported), "tax" or "electricity" (estimated from it)
    annualised: float  # revenue × 12 / months
    gap: float  # THRESHOLD − annualised (≤ 0: the threshold is reached)
    figure: float | None = None  # the tax / electricity figure an estimate is made from
    ratio: float | None = None  # the section's median revenue ratio used

    @property
    def estimated(self) -> bool:
        return self.basis != "revenue"

    @property
    def basis_label(self) -> str:
        return BASIS_LABELS[self.basis]


def annualise(cumulative: float, months: int) -> float:
    """Cumulative × 12 / months covered."""
    return cumulative * 12.0 / months


def median(values: Sequence[float]) -> float | None:
    """The middle value (the mean of the two middle ones for an even count); None for none."""
    v = sorted(values)
    if not v:
        return None
    mid = len(v) // 2
    return v[mid] if len(v) % 2 else (v[mid - 1] + v[mid]) / 2.0


def section_ratios(panel: Panel, year: int, month: int, basis: str) -> dict[str, float]:
    """Median revenue/``basis`` ratio by industry section among the county's above-scale firms of ``year``,
    each firm's revenue and ``basis`` figures taken to date at the same month, both > 0."""
    rev, rm = to_date(panel, "cumulative", "revenue", year, month)
    fig = _at(panel, "cumulative", basis, year, rm)
    ok = panel.in_scale(year) & (rev > 0) & (fig > 0)  # NaN compares False
    g = panel.groups["section"]
    out: dict[str, float] = {}
    for code in np.unique(g.codes[ok]):
        sel = ok & (g.codes == code)
        m = median((rev[sel] / fig[sel]).tolist())
        if m is not None:
            out[g.labels[code]] = m
    return out


def scale_up_candidates(panel: Panel, year: int, month: int, among: np.ndarray | None = None,
                        approach: float = APPROACH, threshold: float = THRESHOLD) -> list[Candidate]:
    """Firms not above scale in ``year`` (and in ``among``) whose annualised revenue — reported, else
    estimated — reaches ``approach``; the highest first."""
    looked = _members(panel, among) & ~panel.in_scale(year)
    rev, rm = to_date(panel, "cumulative", "revenue", year, month)
    sections = panel.groups["section"]
    bases = {b: (section_ratios(panel, year, month, b), *to_date(panel, "cumulative", b, year, month))
             for b in ESTIMATE_FROM}
    out = []
    for e in np.flatnonzero(looked):
        c = _estimate(e, rev, rm, bases, sections.labels[sections.codes[e]])
        if c is None:
            continue
        basis, months, revenue, figure, ratio = c
        a = annualise(revenue, months)
        if a - approach >= -_EPS:
            out.append(Candidate(int(e), panel.ids[e], months, revenue, basis, a, threshold - a, figure, ratio))
    out.sort(key=lambda c: (-c.annualised, c.id))
    return out


def _estimate(e: int, rev: np.ndarray, rm: np.ndarray, bases: dict, section: str):
    """(basis, months, revenue, figure, ratio) of one firm, or None when nothing can be said."""
    if rm[e] > 0:
        return "revenue", int(rm[e]), float(rev[e]), None, None
    for b in ESTIMATE_FROM:
        ratios, fig, fm = bases[b]
        ratio = ratios.get(section)
        if fm[e] > 0 and ratio is not None and fig[e] > 0:
            return b, int(fm[e]), float(fig[e]) * ratio, float(fig[e]), ratio
    return None


# --- new above-scale firms -----------------------------------------------------------------------------
def new_above_scale(panel: Panel, year: int, among: np.ndarray | None = None) -> int | None:
    """Firms above scale in ``year`` and not in ``year − 1``; None when last year is not in the panel."""
    if not panel.has_year(year) or not panel.has_year(year - 1):
        return None
    m = _members(panel, among) & panel.in_scale(year) & ~panel.in_scale(year - 1)
    return int(m.sum())
