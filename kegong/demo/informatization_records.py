"""The demo county's 信息化 台账: 5G建设年度计划, 5G基站 and 企业信息化年度调查.

Deterministic from the demo's seed, on a random stream of its own (the rest of the demo is unchanged by it),
as things stood at the end of the demo's last month:

- 5G建设年度计划: every town a plan for last year and this year, some 150 sites for the county a year (a
  bigger demo proportionally more) at about 30 万元 a site.
- 5G基站: last year's sites built through the year (nearly the plan); this year's built month by month up to
  the demo's last month, the rest 规划 or 在建; most opened one to three months after they were built,
  the latest ones not yet. Four operators: 中国铁塔 builds most towers, the three carriers the rest.
- 企业信息化年度调查: last year's and this year's above-scale enterprises, about 10 % not answering, the rest
  yes at about 95 % 宽带, 60 % 局域网, 40 % 电子商务, 30 % 门户网站, 20 % 上云; an unanswered item or two here
  and there.
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal

import numpy as np

from kegong.demo.generator import DemoCounty

NOTE = "演示数据"
OPERATORS = (("tower", 0.4), ("mobile", 0.3), ("telecom", 0.15), ("unicom", 0.15))
RATES = {"broadband": 0.95, "lan": 0.6, "ecommerce": 0.4, "website": 0.3, "cloud": 0.2}
SITES_A_YEAR = 150
COST = 30.0  # 万元 a site, on average


def _towns() -> list[str]:
    from kegong.enterprises.models import OrgUnit

    return list(OrgUnit.objects.filter(kind=OrgUnit.Kind.TOWN).order_by("order", "name").values_list("name", flat=True))


def demo_g5(demo: DemoCounty, towns: list[str]) -> tuple[list[tuple], list[dict]]:
    """(year, town, sites, investment) plans and the sites (dicts of G5Site fields, town by name)."""
    rng = np.random.default_rng([demo.spec.seed, 4601])
    y, m = demo.last
    end = dt.date(y, m, calendar.monthrange(y, m)[1])
    weights = rng.uniform(0.5, 2.0, len(towns))
    weights /= weights.sum()
    plans, sites = [], []
    for year in (y - 1, y):
        total = round(SITES_A_YEAR * demo.spec.scale * rng.uniform(0.9, 1.1))
        for i, t in enumerate(towns):
            n = max(1, round(total * weights[i]))
            plans.append((year, t, n, Decimal(round(n * COST * rng.uniform(0.9, 1.1)))))
            for k in range(round(n * rng.uniform(0.85, 1.05))):
                sites.append(_site(rng, year, i, t, k, end))
    return plans, sites


def _site(rng, year: int, i: int, town: str, k: int, end: dt.date) -> dict:
    op = OPERATORS[int(rng.choice(len(OPERATORS), p=[w for _o, w in OPERATORS]))][0]
    built = dt.date(year, 1 + int(rng.integers(12)), 1 + int(rng.integers(28)))
    opened = built + dt.timedelta(days=int(rng.integers(20, 100)))
    cost = Decimal(f"{rng.lognormal(np.log(COST), 0.25):.1f}")
    status = "open" if opened <= end else "built" if built <= end else "building" if rng.random() < 0.5 else "planned"
    return {"number": f"QX5G-{year}-{i + 1:02d}{k + 1:03d}", "name": f"{town}{k + 1}号5G站", "town": town,
            "operator": op, "status": status, "built": built if built <= end else None,
            "opened": opened if opened <= end else None, "investment": cost, "note": NOTE}


def demo_survey(demo: DemoCounty) -> list[tuple]:
    """(uscc, year, {item: True / False / None}) for last year's and this year's above-scale firms."""
    rng = np.random.default_rng([demo.spec.seed, 4602])
    y, _m = demo.last
    out = []
    for year in (y - 1, y):
        for e in demo.enterprises:
            if not e.scope_years.get(year) or rng.random() < 0.1:
                continue  # below scale, or did not answer
            answers = {k: (None if rng.random() < 0.03 else bool(rng.random() < p)) for k, p in RATES.items()}
            out.append((e.record.uscc, year, answers))
    return out


def load_informatization_records(demo: DemoCounty) -> dict[str, int]:
    """Write the demo's 信息化 records, matched on their natural keys (a second run changes nothing); how
    many of each were created."""
    from kegong.demo.service_records import _sync
    from kegong.enterprises.models import Enterprise, OrgUnit
    from kegong.informatization.models import G5Plan, G5Site, ItSurvey

    names = _towns()
    if not names:
        return {}
    towns = dict(OrgUnit.objects.filter(kind=OrgUnit.Kind.TOWN).values_list("name", "pk"))
    firms = dict(Enterprise.objects.values_list("uscc", "pk"))
    plans, sites = demo_g5(demo, names)
    plan_rows = [{"year": yr, "town_id": towns[t], "sites": n, "investment": v, "note": NOTE}
                 for yr, t, n, v in plans]
    site_rows = [{**s, "town_id": towns[s["town"]]} for s in sites]
    for s in site_rows:
        del s["town"]
    survey = [{"enterprise_id": firms[u], "year": yr, **a, "note": NOTE} for u, yr, a in demo_survey(demo)
              if u in firms]
    return {
        "g5_plans": _sync(G5Plan, ("year", "town_id"), plan_rows),
        "g5_sites": _sync(G5Site, ("number",), site_rows),
        "it_survey": _sync(ItSurvey, ("enterprise_id", "year"), survey),
    }
