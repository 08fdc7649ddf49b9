"""The demo county's 台账: 高新技术企业证书 for a fifth to a quarter of its above-scale manufacturers.

Deterministic from the demo's seed, on a random stream of its own (the rest of the demo is unchanged by it).
The province recognises 高新技术企业 in two batches a year (late November and mid-December) and a certificate
is valid for three years. A holder's cycle falls on one of the three years before last (recognised then,
recognised again three years later, most of them — a few let it lapse); a few firms are recognised for the
first time last year or this year. Firms in electronics, new materials and equipment are the likeliest
holders. So the ledger holds the batches of the last five years (2022–2026 for a 2026 demo), and only the
certificates issued by the end of the demo's last month. Numbers as the province writes them: GR + year +
43 (湖南) + a serial. For the 150-firm demo of 2026-06 some 25–40 enterprises hold a valid certificate; a
bigger demo has proportionally more.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

import numpy as np

from kegong.core.codes.industry import classify
from kegong.demo.generator import DemoCounty

PROVINCE = "43"
LIKELY = ("electronics", "materials", "machinery")  # the industries of most high-tech firms
BATCHES = (("第一批", 11, (18, 28)), ("第二批", 12, (8, 20)))  # batch, month, range of the issue day
# the year a holder's cycle starts, counted back from the demo's last year (4: 2022 for a 2026 demo, then
# 2025 …), and how likely each is: the first three are established holders, the last two new ones
CYCLE_START = ((4, 0.25), (3, 0.25), (2, 0.25), (1, 0.15), (0, 0.10))
RENEWED = 0.85  # the share recognised again when the three years are up
NOTE = "演示数据"


@dataclass(frozen=True)
class DemoCertificate:
    uscc: str
    number: str
    issued: dt.date
    batch: str
    note: str = NOTE


def _holds_chance(e) -> float:
    if e.high_tech:
        return 0.85
    return 0.3 if e.industry.key in LIKELY else 0.15


def high_tech_certificates(demo: DemoCounty) -> list[DemoCertificate]:
    """The demo's 高新技术企业 certificates, oldest first."""
    rng = np.random.default_rng([demo.spec.seed, 4300])
    last_y, last_m = demo.last
    end = dt.date(last_y, last_m, calendar.monthrange(last_y, last_m)[1])
    back = np.array([b for b, _w in CYCLE_START])
    weights = np.array([w for _b, w in CYCLE_START])
    days = {(y, b): dt.date(y, month, int(rng.integers(lo, hi + 1)))
            for y in range(last_y - int(back.max()), last_y + 1) for b, (_name, month, (lo, hi)) in enumerate(BATCHES)}
    planned: list[tuple[dt.date, int, int, str]] = []  # (issued, batch, enterprise index, uscc)
    for i, e in enumerate(demo.enterprises):
        if not e.scope_years[last_y] or classify(e.record.industry_code).section != "C":
            continue
        if rng.random() >= _holds_chance(e):
            continue
        year = last_y - int(rng.choice(back, p=weights / weights.sum()))
        batch = int(rng.integers(len(BATCHES)))
        while year <= last_y:
            planned.append((days[(year, batch)], batch, i, e.record.uscc))
            if rng.random() >= RENEWED:
                break
            year += 3
    planned = [p for p in planned if p[0] <= end]
    planned.sort()
    out, serial = [], {}
    for issued, batch, _i, uscc in planned:
        y = issued.year
        if y not in serial:  # where the county's certificates start in the province's numbering that year
            serial[y] = 100 + int(rng.integers(0, 300))
        serial[y] += int(rng.integers(1, 30))
        out.append(DemoCertificate(uscc, f"GR{y}{PROVINCE}{serial[y]:06d}", issued, f"{y}年{BATCHES[batch][0]}"))
    return out


def load_certificates(demo: DemoCounty) -> int:
    """Write the demo's certificates (matched on the number, so a second run changes nothing); how many were
    created."""
    from kegong.enterprises.models import Enterprise
    from kegong.tech.models import HighTechCertificate

    certs = high_tech_certificates(demo)
    # whole tables rather than ``__in`` lists: a province-size demo has thousands of certificates
    firms = dict(Enterprise.objects.values_list("uscc", "pk"))
    existing = {c.number: c for c in HighTechCertificate.objects.all()}
    new = []
    for c in certs:
        values = {"enterprise_id": firms[c.uscc], "issued": c.issued, "batch": c.batch, "note": c.note}
        obj = existing.get(c.number)
        if obj is None:
            new.append(HighTechCertificate(number=c.number, **values))
        elif any(getattr(obj, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(obj, k, v)
            obj.save()
    HighTechCertificate.objects.bulk_create(new, batch_size=500)
    return len(new)
