"""The demo county's 中小微企业 台账: two quarters of 信心指数 questionnaires and a handful of size 认定 field checks.

Deterministic from the demo's seed, on a random stream of its own (the rest of the demo is unchanged by it):

- 信心指数调查: some 60 enterprises (a bigger demo proportionally more) answer the survey of each of the last
  two quarters ended by the demo's last month (2026年一、二季度 for a demo through 2026-06): a cautious first
  quarter (the Spring Festival, orders slow; an overall index a little under 100) and a better second one
  (production and orders up; over 100), 融资 and 用工 the tightest; now and then a question left blank.
- 规模认定现场核查: about six of the enterprises that declared the last complete year (企业年度情况) are checked in
  March–April of the demo's last year; the staff found is the declared staff give or take a few, the revenue
  found the year's 营业收入 of the monthly figures (else the declared 销售收入); the declared size is the size
  the figures give — but one firm declared a class smaller than its figures (不通过) and one still owes its
  social-insurance records (待补充).
- 企业年度情况 whose 职工总数 was left blank get one, from the declared 销售收入 at 60–120 万元 a head.

Written after the 企业年度情况 (kegong.demo.enterprise_years); matched on enterprise and quarter, on enterprise
and date, so a second run writes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np

from kegong.core.rules.enterprise_size import RANK, SIZES, classify
from kegong.core.stats.confidence import QUESTION_CODES
from kegong.demo.enterprise_years import declared_years, monthly_totals
from kegong.demo.generator import DemoCounty

NOTE = "演示数据"
SURVEYED, CHECKED = 60, 6
# P(好转), P(恶化) per question in the earlier and the later of the two quarters
MOOD = {
    "overall": ((0.28, 0.32), (0.40, 0.22)), "production": ((0.25, 0.35), (0.45, 0.18)),
    "orders": ((0.22, 0.38), (0.42, 0.22)), "employment": ((0.18, 0.30), (0.25, 0.28)),
    "financing": ((0.15, 0.35), (0.20, 0.30)), "profit": ((0.20, 0.40), (0.33, 0.27)),
    "outlook": ((0.38, 0.20), (0.45, 0.15)),
}
BLANK = 0.02
CENT = Decimal("0.01")
INSPECTORS = ("刘建国、陈晓燕", "王志强、李娜", "周敏、赵刚")


def quarters(demo: DemoCounty) -> list[tuple[int, int]]:
    """The last two quarters ended by the demo's last month, oldest first."""
    y, m = demo.last
    q = m // 3
    if q == 0:
        y, q = y - 1, 4
    before = (y, q - 1) if q > 1 else (y - 1, 4)
    return [before, (y, q)]


def surveys(demo: DemoCounty, rng: np.random.Generator) -> list[dict]:
    n = min(len(demo.enterprises), max(1, round(SURVEYED * demo.spec.scale)))
    firms = sorted(demo.enterprises[i].record.uscc for i in rng.choice(len(demo.enterprises), n, replace=False))
    out = []
    for later, (year, quarter) in enumerate(quarters(demo)):
        for uscc in firms:
            row = {"uscc": uscc, "year": year, "quarter": quarter, "note": NOTE}
            for code in QUESTION_CODES:
                up, down = MOOD[code][later]
                u = rng.random()
                row[code] = "" if rng.random() < BLANK else "up" if u < up else "down" if u < up + down else "flat"
            out.append(row)
    return out


def _declared(computed: str, mismatch: bool) -> str:
    """The size declared: the computed one, or (``mismatch``) the class below it (微型's: 小型)."""
    if not mismatch:
        return computed
    return SIZES[RANK[computed] + 1][0] if computed != "micro" else "small"


def size_checks(demo: DemoCounty, declared: list[tuple[str, int | None, Decimal | None]],
                totals: dict, rng: np.random.Generator) -> list[dict]:
    """``declared``: (uscc, staff, sales) of the last complete year's declarations, by credit code."""
    year = declared_years(demo)[-1]
    n = min(len(declared), max(1, round(CHECKED * demo.spec.scale)))
    picked = [declared[i] for i in sorted(rng.choice(len(declared), n, replace=False))] if declared else []
    out = []
    for k, (uscc, staff, sales) in enumerate(picked):
        found = None if staff is None else max(1, staff + int(rng.integers(-3, 4)))
        revenue = totals.get((uscc, "revenue", year), sales)
        assets = Decimal(str(round(0.6 + rng.random(), 2)))
        computed = classify(found, revenue).size
        mismatch, pending = k == 1 and computed is not None, k == 2 or computed is None
        conclusion = "failed" if mismatch else "pending" if pending else "passed"
        out.append({"uscc": uscc, "date": dt.date(year + 1, 3 + k % 4, 1 + (8 + 3 * k) % 28), "year": year,
                    "declared": _declared(computed or "small", mismatch), "staff": found,
                    "revenue": None if revenue is None else Decimal(revenue).quantize(CENT),
                    "assets": None if revenue is None else (Decimal(revenue) * assets).quantize(CENT),
                    "conclusion": conclusion, "inspectors": INSPECTORS[k % len(INSPECTORS)],
                    "note": NOTE + ("：申报规模与核查数测算的规模不符" if mismatch else "：缺社保缴纳证明，待补充" if pending
                                    else "")})
    return out


def _fill_staff(year_rows) -> None:
    """A 职工总数 left blank: the declared 销售收入 at 60–120 万元 a head (by the credit code: no draw)."""
    for y in year_rows:
        if y.staff is None and y.sales:
            per_head = 60 + sum(map(ord, y.enterprise.uscc)) % 61
            y.staff = max(1, int(y.sales / per_head))
            y.save(update_fields=["staff"])


def load_sme_records(demo: DemoCounty) -> int:
    """Write the demo's questionnaires and field checks (and the missing 职工总数); how many records were created."""
    from kegong.enterprises.models import Enterprise, EnterpriseYear
    from kegong.sme.models import ConfidenceSurvey, SizeCheck

    rng = np.random.default_rng([demo.spec.seed, 4305])
    firms = dict(Enterprise.objects.values_list("uscc", "pk"))
    have = set(ConfidenceSurvey.objects.values_list("enterprise_id", "year", "quarter"))
    new = [ConfidenceSurvey(enterprise_id=firms[r.pop("uscc")], **r) for r in surveys(demo, rng)]
    new = [s for s in new if (s.enterprise_id, s.year, s.quarter) not in have]
    ConfidenceSurvey.objects.bulk_create(new, batch_size=1000)
    year = declared_years(demo)[-1]
    rows = list(EnterpriseYear.objects.filter(year=year).select_related("enterprise").order_by("enterprise__uscc"))
    _fill_staff(rows)
    checks = size_checks(demo, [(y.enterprise.uscc, y.staff, y.sales) for y in rows], monthly_totals((year,)), rng)
    have_checks = set(SizeCheck.objects.values_list("enterprise_id", "date"))
    created = len(new)
    for c in checks:
        e = firms[c.pop("uscc")]
        if (e, c["date"]) not in have_checks:
            SizeCheck(enterprise_id=e, **c).save()  # its size computed on save
            created += 1
    return created
