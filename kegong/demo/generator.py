"""Generate a realistic county, deterministically from a seed (pure: no Django, no I/O).

What it models: ~150 above-scale enterprises in mining, manufacturing and power across 13 towns and
2 parks; 3 years of monthly figures up to the last complete month, Jan–Feb reported together, with each
industry's seasonality and a Spring Festival dip; enterprises entering and leaving the above-scale scope
each year, one commissioned this year with no prior-year figures — a firm below the scope in a year has a
规下 size then and only its 纳税 and 用电 reported (kegong.demo.below_scale); prior-year values as reported on the
same form (a few revised); tax, electricity, investment and R&D; county-level published figures (official
value-added growth, PPI, GDP, high-tech value added, total electricity). It plants audit anomalies (a ×10
typo, a missing month) and lists them in ``DemoCounty.planted``.

It scales to a province-size run (``--enterprises 20000``: 21,334 enterprises, ~5 million figures): names
come from a wider vocabulary once a county's is used up (and a numbered 分公司 rather than ever a repeat),
credit codes from a wide counter space past 9,999 enterprises, towns and parks grow with the size past
``SMALL_COUNTY`` enterprises, county-level amounts, targets and facts with ``DemoSpec.scale``, and the
reported figures are computed with numpy in whole cents (rounded exactly as ``f"{x:.2f}"`` rounds).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import repeat

import numpy as np

from kegong.core.codes.uscc import make_uscc
from kegong.core.records import EnterpriseRecord, FigureRecord, RecordSet, ScaleRecord
from kegong.demo import catalog as C
from kegong.demo.below_scale import REPORTED_BELOW, below_years, rescale_below_scale
from kegong.demo.names import Namer, OrgStructure, credit_code_body, org_structure
from kegong.demo.published import with_reported_growth

FLOW_INDICATORS = ("gross_output", "sales_output", "export_delivery", "revenue", "profit", "electricity", "tax",
                   "industrial_investment", "renovation_investment", "rd_spend")


@dataclass(frozen=True)
class DemoSpec:
    seed: int = 2026
    n_enterprises: int = 150
    last: tuple[int, int] | None = None  # (year, month); default: the last complete month

    def last_month(self, today: dt.date | None = None) -> tuple[int, int]:
        if self.last is not None:
            return self.last
        today = today or dt.date.today()
        return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)

    @property
    def scale(self) -> float:
        """How many counties of ~150 enterprises this demo is (at least 1): scales the county-level figures,
        targets and staff facts of a bigger demo; a demo of up to 150 enterprises keeps the county's."""
        return max(1.0, self.n_enterprises / 150)


@dataclass(frozen=True)
class PlantedAnomaly:
    kind: str  # "typo_x10" | "missing_month"
    uscc: str
    indicator: str
    year: int
    month: int


@dataclass
class DemoEnterprise:
    record: EnterpriseRecord
    industry: C.Industry
    scope_years: dict[int, bool]  # year → in the above-scale scope
    entered_year: int
    commissioned_year: int | None = None  # set when commissioned inside the demo's window
    high_tech: bool = False


@dataclass
class DemoCounty:
    spec: DemoSpec
    years: tuple[int, ...]
    last: tuple[int, int]
    enterprises: list[DemoEnterprise]
    records: RecordSet
    county_figures: list[tuple[str, int, int, Decimal, str]] = field(default_factory=list)
    planted: list[PlantedAnomaly] = field(default_factory=list)

    @property
    def name(self) -> str:
        return C.COUNTY


def generate_county(spec: DemoSpec, today: dt.date | None = None) -> DemoCounty:
    rng = np.random.default_rng(spec.seed)
    last_y, last_m = spec.last_month(today)
    years = (last_y - 2, last_y - 1, last_y)
    y0, y1, y2 = years
    n = spec.n_enterprises
    # scope dynamics (counts scale with the county's size)
    k = max(1, round(n / 30))
    n_new_y1, n_new_y2, n_left_y1, n_left_y2 = k + 1, k + 3, k, k
    n_core = n - n_new_y1 - n_new_y2 - 1
    plan: list[tuple[dict[int, bool], int, int | None]] = []
    for _ in range(n_core):
        plan.append(({y0: True, y1: True, y2: True}, int(rng.integers(2008, y0)), None))
    for _ in range(n_new_y1):
        plan.append(({y0: False, y1: True, y2: True}, y1, None))
    for _ in range(n_new_y2):
        plan.append(({y0: False, y1: False, y2: True}, y2, None))
    plan.append(({y0: False, y1: False, y2: True}, y2, y2))  # newly commissioned this year
    for _ in range(n_left_y1):
        plan.append(({y0: True, y1: False, y2: False}, int(rng.integers(2008, y0)), None))
    for _ in range(n_left_y2):
        plan.append(({y0: True, y1: True, y2: False}, int(rng.integers(2008, y0)), None))

    shares = np.array([ind.share for ind in C.INDUSTRIES])
    org = org_structure(n)
    namer = Namer(org)
    enterprises: list[DemoEnterprise] = []
    for i, (scope, entered, commissioned) in enumerate(plan):
        ind = C.INDUSTRIES[int(rng.choice(len(C.INDUSTRIES), p=shares / shares.sum()))]
        if commissioned is not None:
            ind = next(x for x in C.INDUSTRIES if x.key == "electronics")
        enterprises.append(_make_enterprise(rng, i, ind, scope, entered, commissioned, namer, org))

    series = _simulate(rng, enterprises, years, spec)
    rescale_below_scale(series, enterprises, years, years[0] - 1, spec.seed)
    records = RecordSet(source="demo", period_key=f"{last_y}-{last_m:02d}")
    records.enterprises = [e.record for e in enterprises]
    for e in enterprises:
        for y in years:
            if e.scope_years[y]:
                records.scale.append(ScaleRecord(e.record.uscc, y, True, e.entered_year))
            elif e.entered_year <= y:
                records.scale.append(ScaleRecord(e.record.uscc, y, False, e.entered_year))
    planted = _plant_targets(rng, enterprises, series, years, last_m)
    with gc_paused():  # millions of records and no reference cycles: the cyclic collector only costs time
        records.figures = _figures(rng, enterprises, series, years, (last_y, last_m), planted)
    records.rows_read = len(records.figures)
    county = DemoCounty(spec=spec, years=years, last=(last_y, last_m), enterprises=enterprises,
                        records=records, planted=planted)
    county.county_figures = with_reported_growth(
        _county_figures(rng, enterprises, series, years, (last_y, last_m), spec.scale))
    return county


@contextlib.contextmanager
def gc_paused():
    """Pause the cyclic garbage collector while creating millions of acyclic objects (each collection of
    the oldest generation would walk all of them again); restored as it was afterwards."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


# --- enterprises -----------------------------------------------------------------------------------
def _registered_on(i: int, entered: int, commissioned: int | None) -> dt.date:
    """注册成立日期: the year before a plant commissioned this year; else 3–17 years before the firm entered the
    scope. Drawn from the firm's position, not the random stream (which draws what it drew before)."""
    year = commissioned - 1 if commissioned is not None else entered - 3 - (i * 7) % 15
    return dt.date(year, 1 + (i * 5) % 12, 1 + (i * 11) % 28)


def _make_enterprise(rng, i: int, ind: C.Industry, scope, entered, commissioned, namer: Namer,
                     org: OrgStructure) -> DemoEnterprise:
    name = namer.name(rng, ind)
    uscc = make_uscc(credit_code_body(i, int(rng.integers(10, 99))))
    town = org.towns[int(rng.integers(len(org.towns)))]
    park = ind.park if (ind.park and rng.random() < 0.7) else None
    if park is not None and org.extra_parks and rng.random() < 0.6:
        park, town = org.extra_parks[int(rng.integers(len(org.extra_parks)))]
    elif park == "家居智造产业园":
        town = "龙溪街道"
    elif park == "青溪经济开发区":
        town = "金山街道"
    contact = C.SURNAMES[int(rng.integers(len(C.SURNAMES)))] + C.GIVEN[int(rng.integers(len(C.GIVEN)))]
    record = EnterpriseRecord(
        uscc=uscc, name=name, industry_code=ind.codes[int(rng.integers(len(ind.codes)))], town=town, park=park,
        chain=ind.chain, contact_person=contact, contact_phone=f"0735-{int(rng.integers(1000000, 9999999))}",
        registered_on=_registered_on(i, entered, commissioned),
    )
    high_tech = ind.key in ("electronics", "materials", "machinery") and rng.random() < 0.45
    return DemoEnterprise(record, ind, dict(scope), entered, commissioned, high_tech)


# --- the monthly truth -----------------------------------------------------------------------------
# County-wide growth by year offset (oldest → latest) and an industry tilt in the latest year.
_YEAR_GROWTH = (0.055, 0.072, 0.094)
_LATEST_TILT = {"mining": -0.16, "building": -0.02, "bricks": -0.08, "electronics": 0.10, "wind": 0.05,
                "solar": 0.18}


def _simulate(rng, enterprises: list[DemoEnterprise], years, spec: DemoSpec) -> dict[str, np.ndarray]:
    """Gross output and the other flows per enterprise and month, from Jan of the year before the first
    stored year (its figures are the first year's prior-year values) to Dec of the last year."""
    n, first = len(enterprises), years[0] - 1
    months = 12 * (years[-1] - first + 1)
    go = np.zeros((n, months))
    for i, e in enumerate(enterprises):
        ind = e.industry
        base = float(rng.lognormal(np.log(ind.size_wan[0]), ind.size_wan[1]))
        if e.entered_year >= years[1]:
            base *= 0.55  # grew into the scope
        level = base
        for yi in range(years[-1] - first + 1):
            y = first + yi
            if yi > 0:
                off = y - years[0]
                g = _YEAR_GROWTH[off] if 0 <= off < 3 else 0.05
                if y == years[-1]:
                    g += _LATEST_TILT.get(ind.key, 0.0)
                g += float(rng.normal(0, 0.08))
                if e.entered_year == y and not e.scope_years.get(y - 1, False):
                    g += 0.35  # crossed the threshold
                if y in e.scope_years and not e.scope_years[y] and e.scope_years.get(y - 1, False):
                    g -= 0.35  # fell below it
                level *= 1 + g
            noise = rng.normal(1, 0.04, 12)
            go[i, 12 * yi: 12 * yi + 12] = level / 12 * np.array(ind.season) * noise
        if e.commissioned_year is not None:
            start = 12 * (e.commissioned_year - first)  # produces from January of its first year
            go[i, :start] = 0.0
            ramp = np.minimum(1.0, 0.45 + 0.08 * np.arange(months - start))
            go[i, start:] *= ramp * 1.8
    out = {"gross_output": go}
    ratio = np.array([rng.uniform(0.92, 0.99) for _ in enterprises])[:, None]
    out["sales_output"] = go * ratio * rng.normal(1, 0.01, go.shape)
    exp_share = np.array([e.industry.export_share * rng.uniform(0.3, 1.5) for e in enterprises])[:, None]
    out["export_delivery"] = out["sales_output"] * exp_share
    out["revenue"] = out["sales_output"] * rng.uniform(1.02, 1.12, (n, 1))
    margin = rng.normal(0.06, 0.04, (n, 1))
    out["profit"] = out["revenue"] * (margin + rng.normal(0, 0.02, go.shape))
    kwh = np.array([e.industry.kwh_per_wan for e in enterprises])[:, None]
    out["electricity"] = go * kwh * rng.lognormal(0, 0.25, (n, 1)) * rng.normal(1, 0.05, go.shape)
    rate = np.array([e.industry.tax_rate for e in enterprises])[:, None] * rng.uniform(0.7, 1.3, (n, 1))
    quarter_bump = np.tile(np.array([1.3, 1, 1, 1.3, 1, 1, 1.3, 1, 1, 1.3, 1, 1]), months // 12)
    out["tax"] = np.clip(out["revenue"] * rate * quarter_bump * rng.normal(1, 0.12, go.shape), 0, None)
    inv, ren = _investment(rng, enterprises, years, months, first)
    out["industrial_investment"], out["renovation_investment"] = inv, ren
    rd = np.array([rng.uniform(0.03, 0.06) if e.high_tech else
                   (rng.uniform(0.008, 0.025) if rng.random() < 0.5 else 0.0) for e in enterprises])[:, None]
    out["rd_spend"] = out["revenue"] * rd * rng.normal(1, 0.1, go.shape).clip(0.5)
    return out


def _investment(rng, enterprises, years, months: int, first: int) -> tuple[np.ndarray, np.ndarray]:
    n = len(enterprises)
    inv = np.zeros((n, months))
    ren = np.zeros((n, months))
    year_factor = {years[-1]: 0.82}  # investment falls in the latest year
    for i in range(n):
        for yi in range(months // 12):
            y = first + yi
            if rng.random() > 0.28:
                continue
            total = float(rng.lognormal(np.log(3500), 0.8)) * year_factor.get(y, 1.0)
            shape = rng.dirichlet(np.ones(12) * 2) * total
            inv[i, 12 * yi: 12 * yi + 12] += shape
            if rng.random() < 0.45:
                ren[i, 12 * yi: 12 * yi + 12] += shape
    return inv, ren


# --- figures as reported ---------------------------------------------------------------------------
def _plant_targets(rng, enterprises: list[DemoEnterprise], series, years, last_m: int) -> list[PlantedAnomaly]:
    """A ×10 typo in a small enterprise's April and a May missing inside another's cumulative."""
    year = years[-1] if last_m >= 6 else years[-2]
    core = [i for i, e in enumerate(enterprises)
            if all(e.scope_years.values()) and e.industry.key in ("furniture", "machinery")]
    core.sort(key=lambda i: series["gross_output"][i].sum())
    a = enterprises[core[int(rng.integers(min(5, len(core))))]]
    b = enterprises[core[len(core) // 2 + int(rng.integers(len(core) // 2))]]
    return [PlantedAnomaly("typo_x10", a.record.uscc, "gross_output", year, 4),
            PlantedAnomaly("missing_month", b.record.uscc, "gross_output", year, 5)]


def _r(x: float) -> Decimal:
    return Decimal(f"{x:.2f}")


def _cents(a: np.ndarray) -> np.ndarray:
    """Each value in whole cents, rounded exactly as ``f"{x:.2f}"`` rounds it (half to even on the exact binary
    value): ``rint(100·x)`` except where 100·x lies within its rounding error of a half, which Python rounds."""
    a = np.asarray(a, dtype=np.float64)
    y = a * 100.0
    out = np.rint(y).astype(np.int64)
    near = np.abs(np.abs(y - np.trunc(y)) - 0.5) <= 1e-9 + np.abs(y) * 1e-15
    if near.any():
        idx = np.nonzero(near)
        out[idx] = [int(f"{x:.2f}".replace(".", "")) for x in a[idx].tolist()]
    return out


def _reports(cents: np.ndarray) -> np.ndarray:
    """Monthly cents (n, 12·years) → reported values (n, years, 11): Jan–Feb together, then Mar … Dec."""
    n, months = cents.shape
    by_year = cents.reshape(n, months // 12, 12)
    out = np.empty((n, months // 12, 11), dtype=np.int64)
    out[:, :, 0] = by_year[:, :, 0] + by_year[:, :, 1]
    out[:, :, 1:] = by_year[:, :, 2:]
    return out


def _figures(rng, enterprises, series, years, last, planted) -> list[FigureRecord]:
    """The reported figures, enterprise by enterprise and indicator by indicator. Amounts are worked out in
    whole cents with numpy (the month's value, the cumulative, the prior-year value as reported — a few
    enterprises revised their prior-year gross output by −3% — and its cumulative) and become Decimals at
    the end; equal amounts of one enterprise's indicator share one Decimal (the prior-year value of a month
    is last year's value of that month), which keeps a province-size demo's memory in check."""
    first = years[0] - 1
    last_y, last_m = last
    pos = {e.record.uscc: i for i, e in enumerate(enterprises)}
    ypos = {y: y - first for y in years}
    revised = np.array([rng.random() < 0.06 for _ in enterprises], dtype=bool)
    matrices = {}
    for code in FLOW_INDICATORS:
        arr = series[code]
        reports = _reports(_cents(arr))
        value = reports.copy()
        for p in planted:
            if p.kind == "typo_x10" and p.indicator == code and p.year in ypos and p.month >= 2:
                value[pos[p.uscc], ypos[p.year], p.month - 2] *= 10
        prior = reports[:, :-1, :]  # the prior-year value of year index k is the value of k − 1
        if code == "gross_output" and revised.any():
            prior = prior.copy()
            prior[revised] = _cents(prior[revised].astype(np.float64) / 100.0 * 0.97)
        matrices[code] = (value, np.cumsum(value, axis=2), prior, np.cumsum(prior, axis=2), arr.any(axis=1))
    missing = {(p.uscc, p.indicator, p.year, p.month) for p in planted if p.kind == "missing_month"}
    missing_runs = {(u, c, y) for u, c, y, _ in missing}
    ends = {y: (last_m if y == last_y else 12) for y in years}
    months = {y: range(2, ends[y] + 1) for y in years}
    starts = {y: [1, *range(3, ends[y] + 1)] for y in years}
    out: list[FigureRecord] = []
    extend = out.extend
    for i, e in enumerate(enterprises):
        uscc = e.record.uscc
        in_scope = [y for y in years if e.scope_years[y]]
        below = [] if e.commissioned_year is not None else below_years(e.scope_years, years)
        if not in_scope and not below:
            continue
        reported = {c: sorted(in_scope + below) if c in REPORTED_BELOW else in_scope for c in FLOW_INDICATORS}
        for code in FLOW_INDICATORS:
            value, cum, prior, prior_cum, nonzero = matrices[code]
            if not nonzero[i]:
                continue
            v_i, c_i = value[i].tolist(), cum[i].tolist()
            p_i, pc_i = prior[i].tolist(), prior_cum[i].tolist()
            runs = []
            distinct: set[int] = set()
            for y in reported[code]:
                k, n = ypos[y], ends[y] - 1
                run = (y, v_i[k][:n], c_i[k][:n], p_i[k - 1][:n], pc_i[k - 1][:n])
                runs.append(run)
                for cents in run[1:]:
                    distinct.update(cents)
            dec = dict(zip(distinct, map(Decimal.scaleb, map(Decimal, distinct), repeat(-2))))
            get = dec.__getitem__
            for y, vs, cs, ps, pcs in runs:
                n = len(vs)
                if e.commissioned_year is None or e.commissioned_year < y:
                    prior_v, prior_c = map(get, ps), map(get, pcs)
                else:
                    prior_v, prior_c = repeat(None, n), repeat(None, n)
                rows = map(FigureRecord, repeat(uscc, n), repeat(code, n), repeat(y, n), months[y], starts[y],
                           map(get, vs), map(get, cs), prior_v, prior_c)
                if (uscc, code, y) in missing_runs:
                    rows = [f for f in rows if (uscc, code, y, f.month) not in missing]
                extend(rows)
    return out


def _county_figures(rng, enterprises, series, years, last, scale: float = 1.0
                    ) -> list[tuple[str, int, int, Decimal, str]]:
    """Published county-level figures: official VA growth, PPI, GDP, high-tech VA, total electricity."""
    first = years[0] - 1
    last_y, last_m = last
    go = series["gross_output"]
    out: list[tuple[str, int, int, Decimal, str]] = []
    gdp_year = 1_500_000.0 * scale  # a county of ~150 above-scale enterprises; more for a bigger demo
    # high-tech industry: the recognised high-tech enterprises and the high-tech products of the others
    ht = np.array([e.high_tech or e.industry.key in ("electronics", "materials", "solar") for e in enterprises])
    for y in range(first, last_y + 1):
        end = last_m if y == last_y else 12
        yi = 12 * (y - first)
        gdp_year *= 1.06
        ppi_level = float(rng.normal(99.6, 1.2))
        for m in range(2, end + 1):
            scope = np.array([e.scope_years.get(y, False) for e in enterprises])
            cur = go[scope, yi: yi + m].sum()
            ppi = round(ppi_level + float(rng.normal(0, 0.3)), 1)
            out.append(("ppi", y, m, Decimal(f"{ppi:.1f}"), "上年同期=100"))
            if y > first:
                prior = go[scope, yi - 12: yi - 12 + m].sum()
                real = (cur / prior) / (ppi / 100) - 1
                va = round(100 * (real * 0.85 + float(rng.normal(0, 0.006))), 1)
                out.append(("value_added_growth", y, m, Decimal(f"{va:.1f}"), "%"))
            total_kwh = series["electricity"][scope, yi: yi + m].sum() / 0.64
            out.append(("electricity_total", y, m, _r(total_kwh * float(rng.normal(1, 0.01))), "万千瓦时"))
            if m % 3 == 0:
                out.append(("gdp", y, m, _r(gdp_year * m / 12 * float(rng.normal(1, 0.01))), "万元"))
                htva = go[scope & ht, yi: yi + m].sum() * 0.28
                out.append(("high_tech_value_added", y, m, _r(htva), "万元"))
    return out
