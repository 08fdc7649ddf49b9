"""The demo county's other 科技创新 台账: the 高新技术企业 applications of each batch, the holders' yearly
火炬统计 and 年报, 科技型中小企业 入库, 研发费用备案, 研发财政奖补, 创新平台, 科技项目, and the statistics bureau's
list of the enterprises in 高新技术产业增加值 — so that the half-year summary's science counts are the counts of
records a user can open, close to what a county of ~150 above-scale firms reports (研发备案 40–50, 奖补 ~20
firms of 5–40 万元 each, a handful of platforms, ~20 tech SMEs 入库 and ~6 first-batch 高企 applicants by June,
~50 firms counted in 高新技术产业增加值); a bigger demo has proportionally more.

Deterministic from the demo's seed, on a random stream of its own (the rest of the demo is unchanged by it),
for the demo's last year and the one before (the counts a year earlier), with only what has happened by the
end of the demo's last month. The applications agree with the certificates (kegong.demo.ledgers): each
certificate was applied for in its batch, and this year's applicants are the firms the province will recognise
in November and December — among them most of the holders whose three years end this year; those that let
theirs lapse are the re-certification reminders. Written matched on each ledger's natural key (bulk_create),
so a second run changes nothing.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
from decimal import Decimal

import numpy as np

from kegong.core.codes.industry import classify
from kegong.demo.generator import DemoCounty
from kegong.demo.ledgers import NOTE, DemoCertificate, high_tech_certificates
from kegong.tech.models import valid_until

DOMAINS = {"electronics": "电子信息", "materials": "新材料", "machinery": "先进制造与自动化", "building": "新材料",
           "solar": "新能源与节能", "wind": "新能源与节能", "hydro": "新能源与节能", "food": "生物与新医药"}
TOPICS = {"electronics": "智能传感器模组", "materials": "高性能复合材料", "machinery": "智能装备数控系统",
          "building": "固废基新型建材", "food": "农产品精深加工", "furniture": "定制家居柔性制造"}
PROGRAMMES = {"province": ("湖南省重点研发计划", "湖南省科技创新计划"), "city": ("市科技计划项目", "市科技创新专项")}
# per year for a county of ~150 firms: 研发备案, 奖补 applicants, tech SMEs 入库 (March–October), failed 高企
# applicants per batch, firms 培育 for the next batch, 市级研发中心 / 科普基地 / 省级工程中心 applications, projects,
# firms on the statistics list besides the certificate holders
PER_YEAR = {"rd_filings": 48, "rd_subsidies": 22, "tech_sme": 40, "failed": 2, "cultivating": 3, "rd_centre": 4,
            "science_base": 2, "engineering": 1, "projects": 5, "stat_others": 20}


def _end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


class _Draw:
    """The random choices of the demo's science records, on their own stream."""

    def __init__(self, demo: DemoCounty):
        self.rng = np.random.default_rng([demo.spec.seed, 4310])
        self.scale = demo.spec.scale

    def n(self, what: str) -> int:
        return max(1, round(PER_YEAR[what] * self.scale))

    def firms(self, pool: list, k: int, exclude: set[str] = frozenset()) -> list:
        """``k`` enterprises of ``pool`` (high-tech firms and those of electronics, materials and equipment
        likelier), none of ``exclude``."""
        pool = [e for e in pool if e.record.uscc not in exclude]
        if not pool or k <= 0:
            return []
        w = np.array([3.0 if e.high_tech else 2.0 if e.industry.key in DOMAINS else 1.0 for e in pool])
        idx = self.rng.choice(len(pool), size=min(k, len(pool)), replace=False, p=w / w.sum())
        return [pool[i] for i in sorted(idx)]

    def day(self, first: dt.date, last: dt.date) -> dt.date:
        return first + dt.timedelta(days=int(self.rng.integers(0, (last - first).days + 1)))

    def money(self, lo: float, hi: float) -> Decimal:
        """An amount in 万元 between ``lo`` and ``hi``, the smaller ones commoner."""
        return Decimal(f"{self.rng.triangular(lo, lo + (hi - lo) / 6, hi):.1f}")


@dataclasses.dataclass
class _World:
    demo: DemoCounty
    draw: _Draw
    end: dt.date  # the demo's last day
    makers: list  # this year's above-scale manufacturers
    firms: list  # this year's above-scale enterprises
    certificates: list[DemoCertificate]  # the whole last year's, those still to come included

    @property
    def years(self) -> tuple[int, int]:
        return self.end.year - 1, self.end.year


def _world(demo: DemoCounty) -> _World:
    last_y, last_m = demo.last
    firms = [e for e in demo.enterprises if e.scope_years[last_y]]
    makers = [e for e in firms if classify(e.record.industry_code).section == "C"]
    whole_year = high_tech_certificates(dataclasses.replace(demo, last=(last_y, 12)))
    return _World(demo, _Draw(demo), _end(last_y, last_m), makers, firms, whole_year)


# --- 高新技术企业申报 and 火炬统计/年报 ------------------------------------------------------------------------------
def _applications(w: _World) -> list[dict]:
    """Every certificate's application, the firms that failed in each batch, and those 培育 for the next."""
    out = []
    for c in w.certificates:
        out.append(_application(w, c.uscc, c.issued.year, c.batch.endswith("第一批"), c.issued, c.number))
    first_year = min((c.issued.year for c in w.certificates), default=w.end.year)
    holders = {c.uscc for c in w.certificates}
    for year in range(first_year, w.end.year + 1):
        for first in (True, False):
            result = next((c.issued for c in w.certificates if c.issued.year == year
                           and c.batch.endswith("第一批") == first), dt.date(year, 11 if first else 12, 25))
            for e in w.draw.firms(w.makers, w.draw.n("failed"), holders):
                out.append(_application(w, e.record.uscc, year, first, result, None))
                holders.add(e.record.uscc)
    for e in w.draw.firms(w.makers, w.draw.n("cultivating"), holders):
        out.append({"uscc": e.record.uscc, "year": w.end.year, "batch": "second", "stage": "cultivating",
                    "applied": None, "result_date": None, "certificate_number": "", "note": NOTE})
    return [a for a in out if a is not None]


def _application(w: _World, uscc: str, year: int, first: bool, result: dt.date, number: str | None) -> dict | None:
    """One application as the ledger holds it at the demo's end: 申报 (first batch by 20 June, second by 20
    August), 评审 from mid-July / mid-September, then 认定 (the certificate) or 未通过 on the batch's day."""
    applied = w.draw.day(dt.date(year, 5, 6), dt.date(year, 6, 20)) if first else \
        w.draw.day(dt.date(year, 7, 20), dt.date(year, 8, 20))
    review = dt.date(year, 7, 15) if first else dt.date(year, 9, 15)
    row = {"uscc": uscc, "year": year, "batch": "first" if first else "second", "applied": applied,
           "result_date": None, "certificate_number": "", "note": NOTE}
    if result <= w.end:
        done = number is not None
        return {**row, "stage": "certified" if done else "rejected", "result_date": result,
                "certificate_number": number or ""}
    if applied > w.end:
        return {**row, "stage": "cultivating", "applied": None} if year == w.end.year else None
    return {**row, "stage": "review" if review <= w.end else "applied"}


def _filings(w: _World) -> list[dict]:
    """火炬统计 (by 31 March) and 高企年报 (by 31 May) about each of the two years before the demo's last, of
    the firms holding a certificate that year; a few late."""
    out = []
    for year in (w.end.year - 2, w.end.year - 1):
        holders = sorted({c.uscc for c in w.certificates
                          if c.issued <= dt.date(year, 12, 31) and valid_until(c.issued) >= dt.date(year, 1, 1)})
        for uscc in holders:
            torch = _filed(w, dt.date(year + 1, 1, 10), dt.date(year + 1, 3, 31))
            report = _filed(w, dt.date(year + 1, 4, 1), dt.date(year + 1, 5, 31))
            out.append({"uscc": uscc, "year": year, "torch_status": torch[0], "torch_date": torch[1],
                        "report_status": report[0], "report_date": report[1], "note": NOTE})
    return out


def _filed(w: _World, first: dt.date, last: dt.date) -> tuple[str, dt.date | None]:
    day = w.draw.day(first, last)
    late = w.draw.rng.random() < 0.05
    if late or day > w.end:
        return "none", None
    checked = day + dt.timedelta(days=20) <= w.end and w.draw.rng.random() < 0.9
    return ("checked" if checked else "filed"), day


def _stat_list(w: _World) -> list[dict]:
    """The statistics bureau's list for each quarter ended by the demo's end: the certificate holders valid at
    the quarter's end and firms with high-tech products, a few changing from one quarter to the next."""
    out = []
    for year in w.years:
        others = w.draw.firms(w.firms, w.draw.n("stat_others"), {c.uscc for c in w.certificates})
        for q in range(1, 5):
            day = _end(year, 3 * q)
            if day > w.end:
                break
            valid = {c.uscc for c in w.certificates if c.issued <= day <= valid_until(c.issued)}
            kept = [e for e in others if w.draw.rng.random() < 0.95]
            for e in sorted({*(x.record.uscc for x in kept), *valid}):
                out.append({"uscc": e, "year": year, "quarter": q, "note": NOTE})
    keys = {e.record.uscc: e for e in w.demo.enterprises}
    for row in out:
        row["domain"] = DOMAINS.get(keys[row["uscc"]].industry.key, "高技术服务")
    return out


# --- 科技型中小企业, 研发费用备案 and 奖补, 创新平台, 科技项目 -----------------------------------------------------------
def _tech_smes(w: _World) -> list[dict]:
    """Each year's registrations: 自评 about forty days before 入库, 公示 ten days before, 入库 in a batch between
    March and October (the number: year, the firm's division code, the batch's month, a serial); a couple
    scored under 60 (未通过); one of last year's since revoked."""
    out = []
    for year in w.years:
        serial = 100 + int(w.draw.rng.integers(0, 400))
        for e in w.draw.firms(w.makers, w.draw.n("tech_sme") + w.draw.n("failed")):
            day = w.draw.day(dt.date(year, 3, 1), dt.date(year, 10, 31))
            failed = w.draw.rng.random() < 0.06
            score = int(w.draw.rng.integers(40, 60) if failed else w.draw.rng.integers(60, 96))
            row = {"uscc": e.record.uscc, "year": year, "score": score, "number": "", "note": NOTE}
            if day - dt.timedelta(days=40) > w.end:
                continue
            if day - dt.timedelta(days=10) > w.end:
                out.append({**row, "status": "self", "date": None})
            elif failed:
                out.append({**row, "status": "rejected", "date": day - dt.timedelta(days=10)})
            elif day > w.end:
                out.append({**row, "status": "public", "date": day - dt.timedelta(days=10)})
            else:
                serial += int(w.draw.rng.integers(1, 40))
                number = f"{year}{e.record.uscc[2:8]}{day.month:02d}{serial:06d}"
                out.append({**row, "status": "registered", "date": day, "number": number})
    registered = [r for r in out if r["year"] == w.end.year - 1 and r["status"] == "registered"]
    if registered:
        registered[int(w.draw.rng.integers(len(registered)))].update(status="revoked", note="演示数据：复核不符撤销")
    return out


def _rd(w: _World) -> tuple[list[dict], list[dict]]:
    """研发费用备案 (late February to June) of each year; about half the filers apply for the R&D subsidy (April
    to June, 5–40 万元): last year's granted (most at 60–100 % of the amount applied for) or refused."""
    filings, subsidies = [], []
    for year in w.years:
        filers = w.draw.firms(w.makers, w.draw.n("rd_filings"))
        for e in filers:
            filed = w.draw.day(dt.date(year, 2, 20), dt.date(year, 6, 25))
            amount = Decimal(f"{min(3000.0, max(20.0, w.draw.rng.lognormal(np.log(150), 0.8))):.2f}")
            if filed <= w.end:
                filings.append({"uscc": e.record.uscc, "year": year, "amount": amount, "filed": filed, "note": NOTE})
        for e in w.draw.firms(filers, w.draw.n("rd_subsidies")):
            applied = w.draw.day(dt.date(year, 4, 10), dt.date(year, 6, 20))
            asked = w.draw.money(5, 40)
            row = {"uscc": e.record.uscc, "year": year, "applied_amount": asked, "granted_amount": None,
                   "status": "applied", "applied": applied, "note": NOTE}
            if applied > w.end:
                continue
            if year < w.end.year:
                granted = w.draw.rng.random() < 0.85
                row.update(status="granted" if granted else "rejected",
                           granted_amount=(asked * Decimal(f"{w.draw.rng.uniform(0.6, 1):.2f}")).quantize(
                               Decimal("0.01")) if granted else None)
            elif applied + dt.timedelta(days=30) <= w.end:
                row["status"] = "review"
            subsidies.append(row)
    return filings, subsidies


def _platforms(w: _World) -> list[dict]:
    """Applications for 市级技术研发中心, 市级科普基地 and 省级工程技术研究中心 (March to May): last year's recognised
    in December (most) or not."""
    out = []
    for year in w.years:
        taken: set[str] = set()
        for kind, level, what in (("rd_centre", "city", "rd_centre"), ("science_base", "city", "science_base"),
                                  ("engineering", "province", "engineering")):
            for e in w.draw.firms(w.makers, w.draw.n(what), taken):
                taken.add(e.record.uscc)
                month = int(w.draw.rng.integers(3, 6))
                if dt.date(year, month, 1) > w.end:
                    continue
                row = {"uscc": e.record.uscc, "kind": kind, "level": level, "year": year, "status": "applied",
                       "recognised": None, "name": "", "note": NOTE}
                if year < w.end.year:
                    ok = w.draw.rng.random() < 0.75
                    row.update(status="recognised" if ok else "rejected",
                               recognised=dt.date(year, 12, int(w.draw.rng.integers(5, 28))) if ok else None)
                out.append(row)
    return out


def _projects(w: _World) -> list[dict]:
    """Projects sought from the province and the city each year (省 30–100 万元, 市 5–30 万元)."""
    out = []
    for year in w.years:
        for e in w.draw.firms(w.makers, w.draw.n("projects")):
            level = "province" if w.draw.rng.random() < 0.4 else "city"
            programme = PROGRAMMES[level][int(w.draw.rng.integers(2))]
            amount = w.draw.money(30, 100) if level == "province" else w.draw.money(5, 30)
            done = w.draw.rng.random()
            status = ("applied" if year == w.end.year else
                      "accepted" if done < 0.3 else "approved" if done < 0.8 else "rejected")
            name = f"{TOPICS.get(e.industry.key, '绿色低碳生产工艺')}关键技术研发与产业化"
            out.append({"uscc": e.record.uscc, "name": name, "level": level, "programme": programme,
                        "amount": amount, "status": status, "year": year, "note": NOTE})
    return out


# --- writing ------------------------------------------------------------------------------------------------
def tech_records(demo: DemoCounty) -> dict[str, list[dict]]:
    """The demo's science records by ledger model name, each a dict of the model's fields (``uscc`` for the
    enterprise)."""
    w = _world(demo)
    filings, subsidies = _rd(w)
    return {"HighTechApplication": _applications(w), "HighTechFiling": _filings(w),
            "HighTechStatEnterprise": _stat_list(w), "TechSmeRegistration": _tech_smes(w), "RdFiling": filings,
            "RdSubsidy": subsidies, "InnovationPlatform": _platforms(w), "TechProject": _projects(w)}


KEYS = {"HighTechApplication": ("year", "batch"), "HighTechFiling": ("year",), "HighTechStatEnterprise": ("year", "quarter"),
        "TechSmeRegistration": ("year",), "RdFiling": ("year",), "RdSubsidy": ("year",),
        "InnovationPlatform": ("kind", "level", "year"), "TechProject": ("name", "year")}


def load_tech_records(demo: DemoCounty) -> int:
    """Write the demo's science records, each ledger matched on its natural key (the enterprise and the
    ``KEYS``), so that a second run changes nothing; how many were created."""
    from django.apps import apps

    from kegong.enterprises.models import Enterprise

    firms = dict(Enterprise.objects.values_list("uscc", "pk"))
    created = 0
    for name, rows in tech_records(demo).items():
        created += _sync(apps.get_model("tech", name), ("enterprise_id", *KEYS[name]), rows, firms)
    return created


def _sync(model, key: tuple[str, ...], rows: list[dict], firms: dict[str, int]) -> int:
    # whole tables rather than ``__in`` lists: a province-size demo has tens of thousands of records
    existing = {tuple(getattr(o, k) for k in key): o for o in model.objects.all()}
    new, changed, names = [], [], set()
    for row in rows:
        values = {k: v for k, v in row.items() if k != "uscc"} | {"enterprise_id": firms[row["uscc"]]}
        obj = existing.get(tuple(values[k] for k in key))
        if obj is None:
            new.append(model(**values))
            existing[tuple(values[k] for k in key)] = new[-1]
        elif any(getattr(obj, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(obj, k, v)
            changed.append(obj)
            names |= set(values)
    model.objects.bulk_create(new, batch_size=500)
    if changed:
        model.objects.bulk_update([o for o in changed if o.pk], sorted(names), batch_size=500)
    return len(new)
