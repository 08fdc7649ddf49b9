"""The analysis an analyst does by hand for a report: who pulled county output up and down, how broad the
growth is, whether output agrees with electricity and with the published value added, what moved
investment, and the county split by 行业大类, 产业链 and 乡镇 with each part's 拉动.

For a cumulative period 1-M月 and the county (its enterprises above scale in the year), all same-scope:

* firm pulls — each enterprise that reported both this year's and the prior-year cumulative gross output,
  with its own growth (None where the prior is not positive) and its 拉动 = (cur − prior) / county prior ×
  100 (:func:`kegong.core.stats.aggregate.breakdown_by_enterprise`, the ``kegong ranking --by enterprise``
  table); the top N pulling up and the top N pulling down;
* 增长面 (:class:`Breadth`) — of the firms with a growth rate, how many grew (> 0), fell (< 0), fell by more
  than 20% (< −20);
* 以电折产 (:class:`ElectricityCheck`) — county gross-output growth minus industrial electricity growth;
* value added — :func:`kegong.core.stats.indicators.county_checks` (official against the PPI-deflated
  estimate of :mod:`kegong.core.stats.value_added`);
* investment moves (:class:`InvestmentMoves`) — the sections, towns and enterprises whose change of
  industrial investment (万元, missing counts as 0) goes most in the direction of the county's change;
* group tables (:class:`GroupTable`) — :func:`kegong.core.stats.aggregate.breakdown_by` by division, chain,
  town, with each 拉动 also rounded by :func:`round_to_total` so that the column adds up to the growth.

Plain data out (frozen dataclasses); no formatting here (``kegong.reports.analysis`` says it in words).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from kegong.core import numbers
from kegong.core.catalogue import BY_CODE
from kegong.core.periods import Period
from kegong.core.stats.aggregate import breakdown_by, breakdown_by_enterprise
from kegong.core.stats.growth import Num, PartRow, net_addition, present
from kegong.core.stats.indicators import CountyFigures, county_checks, indicator_table
from kegong.core.stats.panel import Panel, Scope
from kegong.core.stats.value_added import ValueAddedCheck

GROSS_OUTPUT, ELECTRICITY, INVESTMENT = "gross_output", "electricity", "industrial_investment"
STEEP_DECLINE_PCT = -20.0  # 增长面: a firm whose growth is below this fell steeply
ELECTRICITY_GAP_PP = 5.0  # |output growth − electricity growth| up to this: the two agree
VALUE_ADDED_GAP_PP = 3.0  # |official − estimate| up to this: the published figure agrees with the output
GROUP_ATTRIBUTES = ("division", "chain", "town")
CONSISTENT, OUTPUT_AHEAD, OUTPUT_BEHIND = "consistent", "output_ahead", "output_behind"


# --- rounding parts to their total ---------------------------------------------------------------------
def round_to_total(values: Sequence[float | Decimal | None], total: float | Decimal | None = None,
                   digits: int = 1) -> list[Decimal | None]:
    """Round parts so that the rounded parts add up to the rounded total (largest-remainder method).

    Each present part is first cut down (floor) to ``digits`` decimals; the units of the last place still
    missing to reach the total rounded half up are then handed out one each to the parts with the largest
    remainders (ties: the earlier part). When the total is not the parts' sum the shortfall may be negative
    or exceed the number of parts: every part then moves by the same whole number of units first.
    ``total`` defaults to the sum of the parts. Missing parts (None, NaN) stay None and take nothing.
    """
    idx = [i for i, v in enumerate(values) if present(v)]
    out: list[Decimal | None] = [None] * len(values)
    if not idx:
        return out
    unit = Decimal(1).scaleb(-digits)
    exact = [_clean(values[i]) for i in idx]
    whole = _clean(total) if present(total) else sum(exact, Decimal(0))
    target = numbers.rounded(whole, digits)
    floors = [(d / unit).to_integral_value(rounding=ROUND_FLOOR) * unit for d in exact]
    short = int(((target - sum(floors, Decimal(0))) / unit).to_integral_value())
    q, r = divmod(short, len(idx))
    order = sorted(range(len(idx)), key=lambda j: (-(exact[j] - floors[j]), j))
    bonus = set(order[:r])
    for j, i in enumerate(idx):
        v = (floors[j] + unit * (q + (1 if j in bonus else 0))).quantize(unit)
        out[i] = v.copy_abs() if v.is_zero() else v
    return out


def _clean(v: float | Decimal) -> Decimal:
    """A part as a Decimal without the binary noise of a computed float (see ``numbers.rounded``)."""
    return numbers.rounded(v, numbers.FLOAT_NOISE) if isinstance(v, float) else Decimal(v)


# --- firms pulling growth up and down ------------------------------------------------------------------
@dataclass(frozen=True)
class FirmPull:
    """One enterprise with both figures: its level, prior, own growth (%, None without a positive prior)
    and its 拉动 of the county's growth (百分点)."""

    id: str
    name: str
    current: float
    prior: float
    growth_pct: float | None
    pull_pp: float


def firm_pulls(panel: Panel, year: int, month: int, indicator: str = GROSS_OUTPUT,
               scope: Scope | None = None) -> tuple[FirmPull, ...]:
    """Every member of ``scope`` (default the county) in ``year`` that reported both the cumulative and the
    prior-year cumulative of ``indicator`` for 1-``month``月, in credit-code order. Empty when the
    scope's prior total is not positive (no growth, no 拉动)."""
    bd = breakdown_by_enterprise(panel, scope or Scope.county(), indicator, year, month)
    return tuple(FirmPull(p.key, p.label, p.current, p.prior, p.growth_pct, p.pull_pp) for p in bd.parts
                 if p.current is not None and p.prior is not None and p.pull_pp is not None)


def top_pulls(pulls: Sequence[FirmPull], n: int = 5) -> tuple[tuple[FirmPull, ...], tuple[FirmPull, ...]]:
    """(leaders, laggards): the ``n`` largest positive pulls, largest first, and the ``n`` most negative,
    most negative first; ties by credit code."""
    up = sorted((f for f in pulls if f.pull_pp > 0), key=lambda f: (-f.pull_pp, f.id))
    down = sorted((f for f in pulls if f.pull_pp < 0), key=lambda f: (f.pull_pp, f.id))
    return tuple(up[:n]), tuple(down[:n])


# --- 增长面 -----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Breadth:
    """增长面 of the firms with a growth rate (``compared``): grew, fell, fell below ``steep_below``%."""

    compared: int
    growing: int
    declining: int
    steep: int
    steep_below: float = STEEP_DECLINE_PCT

    @property
    def flat(self) -> int:
        return self.compared - self.growing - self.declining


def growth_breadth(growths: Sequence[float | None], steep_below: float = STEEP_DECLINE_PCT) -> Breadth:
    """Count the growth rates (missing ones left out) above 0, below 0 and below ``steep_below``."""
    g = [float(x) for x in growths if present(x)]
    return Breadth(compared=len(g), growing=sum(x > 0 for x in g), declining=sum(x < 0 for x in g),
                   steep=sum(x < steep_below for x in g), steep_below=steep_below)


# --- cross-checks --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ElectricityCheck:
    """以电折产: county gross-output growth against industrial electricity growth (%, gap in 百分点)."""

    output_pct: float | None
    electricity_pct: float | None
    gap_pp: float | None  # output − electricity
    threshold_pp: float = ELECTRICITY_GAP_PP

    @property
    def verdict(self) -> str | None:
        """``consistent`` within the threshold, else ``output_ahead`` / ``output_behind``; None without data."""
        return gap_verdict(self.gap_pp, self.threshold_pp)


def gap_verdict(gap: Num | Decimal, threshold: float) -> str | None:
    """``consistent`` when ``|gap| <= threshold``, else ``output_ahead`` (gap > 0) / ``output_behind``."""
    if not present(gap):
        return None
    if abs(float(gap)) <= threshold + 1e-9:
        return CONSISTENT
    return OUTPUT_AHEAD if gap > 0 else OUTPUT_BEHIND


def electricity_check(output_pct: float | None, electricity_pct: float | None,
                      threshold_pp: float = ELECTRICITY_GAP_PP) -> ElectricityCheck:
    gap = output_pct - electricity_pct if present(output_pct) and present(electricity_pct) else None
    return ElectricityCheck(output_pct, electricity_pct, gap, threshold_pp)


def value_added_verdict(va: ValueAddedCheck, threshold_pp: float = VALUE_ADDED_GAP_PP) -> str | None:
    """``consistent`` when the official growth is within ``threshold_pp`` of the estimate, else
    ``output_ahead`` (the official figure above the estimate) / ``output_behind``; None without both."""
    return gap_verdict(va.gap_pp, threshold_pp)


# --- what moved investment -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Mover:
    """A part whose change (current − prior, 万元; missing counts as 0) moved the county's."""

    key: str
    label: str
    change: float
    current: float | None
    prior: float | None
    growth_pct: float | None


@dataclass(frozen=True)
class InvestmentMoves:
    current: float | None
    prior: float | None
    change: float | None
    growth_pct: float | None
    sections: tuple[Mover, ...]
    towns: tuple[Mover, ...]
    enterprises: tuple[Mover, ...]


def movers(parts: Sequence[PartRow], direction: float | None, n: int = 3) -> tuple[Mover, ...]:
    """The ``n`` parts whose change goes furthest in the sign of ``direction`` (the whole's change), largest
    first; with no direction (None or 0) the largest changes either way."""
    sign = (direction > 0) - (direction < 0) if present(direction) else 0
    rows = [p for p in parts if p.net_addition is not None and p.net_addition != 0
            and (sign == 0 or (p.net_addition > 0) == (sign > 0))]
    rows.sort(key=lambda p: (-(p.net_addition * sign if sign else abs(p.net_addition)), p.key))
    return tuple(Mover(p.key, p.label, p.net_addition, p.current, p.prior, p.growth_pct) for p in rows[:n])


def investment_moves(panel: Panel, year: int, month: int, n: int = 3,
                     indicator: str = INVESTMENT) -> InvestmentMoves:
    """The county's change of ``indicator`` and the top ``n`` sections, towns and enterprises behind it."""
    county = Scope.county()
    ents = breakdown_by_enterprise(panel, county, indicator, year, month)
    change = net_addition(ents.current, ents.prior)
    by = {a: breakdown_by(panel, county, a, indicator, year, month).parts for a in ("section", "town")}
    return InvestmentMoves(ents.current, ents.prior, change, ents.growth_pct, movers(by["section"], change, n),
                           movers([p for p in by["town"] if p.key != "town:"], change, n),
                           movers(ents.parts, change, n))


# --- group tables --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class GroupRow:
    key: str  # the scope: division:39, chain:电子信息, town:城关镇
    label: str
    current: float | None
    prior: float | None
    growth_pct: float | None
    share_pct: float | None
    pull_pp: float | None
    contribution_pct: float | None
    pull_shown: Decimal | None  # pull_pp rounded so that the column adds up to the growth (1 decimal)


@dataclass(frozen=True)
class GroupTable:
    attribute: str
    indicator: str
    current: float | None
    prior: float | None
    growth_pct: float | None
    rows: tuple[GroupRow, ...]  # by level, largest first; a residual (未归入产业链, no town) last


def group_table(panel: Panel, attribute: str, year: int, month: int, indicator: str = GROSS_OUTPUT,
                digits: int = 1) -> GroupTable:
    """The county split by ``attribute`` (``kegong ranking --by``'s breakdown) with pulls rounded to total."""
    bd = breakdown_by(panel, Scope.county(), attribute, indicator, year, month)
    shown = round_to_total([p.pull_pp for p in bd.parts], bd.growth_pct, digits) \
        if bd.growth_pct is not None else [None] * len(bd.parts)
    rows = [GroupRow(p.key, p.label, p.current, p.prior, p.growth_pct, p.share_pct, p.pull_pp,
                     p.contribution_pct, s) for p, s in zip(bd.parts, shown)]
    rows.sort(key=lambda r: (r.key.endswith(":"), -(r.current or 0.0), r.key))
    return GroupTable(attribute, indicator, bd.current, bd.prior, bd.growth_pct, tuple(rows))


# --- the whole analysis --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Analysis:
    period: Period
    output_current: float | None
    output_prior: float | None
    output_growth_pct: float | None
    members: int  # enterprises in the county scope
    leaders: tuple[FirmPull, ...]
    laggards: tuple[FirmPull, ...]
    breadth: Breadth
    electricity: ElectricityCheck
    value_added: ValueAddedCheck
    investment: InvestmentMoves | None
    divisions: GroupTable
    chains: GroupTable
    towns: GroupTable


def analyse(panel: Panel, period: Period, figures: CountyFigures | None = None, *, top: int = 5,
            moves: int = 3) -> Analysis:
    """The county's analysis for ``period`` (a cumulative period the panel has data for; StatsError or
    PeriodError otherwise). ``figures`` are the published county figures (value-added growth, PPI) as
    ``kegong.county.selectors.load_county_figures`` gives them; without them the value-added check has
    only the output side."""
    y, m = period.year, period.end
    codes = [c for c in (GROSS_OUTPUT, ELECTRICITY) if c in panel.indicators]
    rows = {r.code: r for r in indicator_table(panel, period, [Scope.county()], [BY_CODE[c] for c in codes])}
    out, power = rows.get(GROSS_OUTPUT), rows.get(ELECTRICITY)
    pulls = firm_pulls(panel, y, m) if out is not None else ()
    leaders, laggards = top_pulls(pulls, top)
    va, _ratios = county_checks(panel, period, figures if figures is not None else {})
    tables = {a: group_table(panel, a, y, m) for a in GROUP_ATTRIBUTES}
    return Analysis(
        period=period, output_current=out.cumulative if out else None,
        output_prior=out.cumulative_prior_year if out else None, output_growth_pct=out.yoy_pct if out else None,
        members=int(panel.mask(Scope.county(), y).sum()), leaders=leaders, laggards=laggards,
        breadth=growth_breadth([f.growth_pct for f in pulls]),
        electricity=electricity_check(out.yoy_pct if out else None, power.yoy_pct if power else None),
        value_added=va,
        investment=investment_moves(panel, y, m, moves) if INVESTMENT in panel.indicators else None,
        divisions=tables["division"], chains=tables["chain"], towns=tables["town"])
