"""The demo county's 企业服务 台账: 企业诉求 with 限时办结, 乡镇输送用工, 银行融资, 企业荣誉与培育名单 and 升规入统培育.

Deterministic from the demo's seed, on a random stream of its own (the rest of the demo is unchanged by it),
and as things stood at the end of the demo's last month:

- 企业诉求: some 36–55 (a bigger demo proportionally more) received over the twelve months to the demo's last
  day, by category (用工, 融资, the 手续 of 土地/环评/征地拆迁/杆线迁改, 其他) and the department that answers for
  it; most closed within their limit of working days, some late, several still open past it at the end
  (overdue) and some open within it; the enterprise's satisfaction on the closed ones.
- 乡镇输送用工: every town refers workers a few times a year (most around the 春风行动 after the Spring
  Festival), last year and this year to date.
- 银行融资: six to eight banks lending to the above-scale firms, last year and this year to date.
- 荣誉: a few 专精特新中小企业 among the manufacturers, one or two 专精特新“小巨人” among them, 创新型中小企业, some
  湖湘精品 brands, over the last four years.
- 升规入统培育: this year's below-scale firms at a stage, and the firms that entered the scope (已入统).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from kegong.core.codes.industry import classify
from kegong.core.periods import cn_number
from kegong.core.rules.appeals import BY_CODE
from kegong.core.workdays import WorkCalendar, due_date
from kegong.demo.catalog import COUNTY
from kegong.demo.generator import DemoCounty
from kegong.demo.names import org_structure

NOTE = "演示数据"
STEM = COUNTY.removesuffix("县")
CATEGORY_WEIGHTS = {"labour": 0.24, "finance": 0.2, "land": 0.12, "eia": 0.1, "demolition": 0.07, "poles": 0.1,
                    "other": 0.17}
DEPARTMENTS = {
    "labour": ("县人社局",), "finance": ("县金融办", "县金融办", f"人民银行{COUNTY}支行"),
    "land": ("县自然资源局",), "eia": (f"市生态环境局{STEM}分局",), "demolition": ("县自然资源局", "县住建局"),
    "poles": (f"国网{COUNTY}供电公司", f"国网{COUNTY}供电公司", "县交通运输局"),
    "other": ("县发改局", f"国网{COUNTY}供电公司", "县住建局", "县行政审批局", "县税务局"),
}
TITLES = {
    "labour": ("招工难，急需一线操作工{n}人", "缺少数控技工{n}名", "节后返岗用工缺口约{n}人"),
    "finance": ("流动资金周转困难，申请贷款{n}0万元", "技改项目融资需求{n}0万元", "到期贷款续贷{n}0万元"),
    "land": ("扩建项目用地报批进度慢", "厂房不动产权证办理", "新增用地{n}亩指标落实"),
    "eia": ("技改项目环评批复办理", "排污许可证变更", "项目环保竣工验收协调"),
    "demolition": ("厂区扩建征地拆迁协调", "项目红线内房屋拆迁"),
    "poles": ("厂区门口高压线杆迁移", "项目用地内通信杆线迁改", "10千伏线路迁改"),
    "other": ("电力增容报装", "厂区道路破损修复", "天然气管道接入", "出口退税办理进度", "生产许可证换证"),
}
SATISFACTION = (("good", 0.72), ("fair", 0.22), ("bad", 0.06))
BANKS = ((f"{STEM}农村商业银行", 0.25), (f"中国农业银行{COUNTY}支行", 0.2), (f"中国建设银行{COUNTY}支行", 0.15),
         (f"中国工商银行{COUNTY}支行", 0.12), (f"中国邮政储蓄银行{COUNTY}支行", 0.1), (f"中国银行{COUNTY}支行", 0.08),
         (f"长沙银行{STEM}支行", 0.05), (f"湖南银行{STEM}支行", 0.05))
LOAN_KINDS = (("working", 0.7, 300, (6, 12, 12, 12, 24, 36)), ("project", 0.2, 1500, (36, 60, 60, 84, 96)),
              ("other", 0.1, 200, (12, 24, 36)))  # kind, share, median amount (万元), terms (months)
# 春风行动: most referrals just after the Spring Festival
REFERRAL_MONTHS = np.array([0.5, 2.0, 2.0, 1.0, 1.0, 0.8, 0.8, 0.8, 1.0, 0.8, 0.7, 0.6])
STAGES = (("survey", 0.3), ("cultivating", 0.35), ("applying", 0.2), ("failed", 0.15))


@dataclass(frozen=True)
class DemoAppeal:
    uscc: str
    category: str
    title: str
    department: str
    received: dt.date
    days: int
    due: dt.date
    status: str
    closed: dt.date | None
    reply: str
    satisfaction: str


def _last_day(demo: DemoCounty) -> dt.date:
    y, m = demo.last
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def _pick(rng, pairs):
    """One of (item, weight, …) pairs by its weight."""
    total = sum(p[1] for p in pairs)
    u, acc = rng.random() * total, 0.0
    for p in pairs:
        acc += p[1]
        if u < acc:
            return p
    return pairs[-1]


def _above(demo: DemoCounty, year: int) -> list:
    return [e for e in demo.enterprises if e.scope_years.get(year)]


def _workday(day: dt.date, cal: WorkCalendar, last: dt.date) -> dt.date:
    """``day`` or the next working day (the last working day up to ``last`` if that is later)."""
    d = day
    while not cal.is_workday(d):
        d += dt.timedelta(days=1)
    while d > last or not cal.is_workday(d):
        d -= dt.timedelta(days=1)
    return d


# --- 企业诉求 ------------------------------------------------------------------------------------------
def demo_appeals(demo: DemoCounty, cal: WorkCalendar) -> list[DemoAppeal]:
    """The demo's appeals, oldest first, as they stood on the demo's last day."""
    rng = np.random.default_rng([demo.spec.seed, 4401])
    end = _last_day(demo)
    firms = _above(demo, demo.last[0])
    n = round(int(rng.integers(36, 56)) * demo.spec.scale)
    cats = list(CATEGORY_WEIGHTS.items())
    out, seen = [], set()
    for i in range(n):
        e = firms[int(rng.integers(len(firms)))]
        cat = cats[i][0] if i < len(cats) else _pick(rng, cats)[0]  # every category at least once
        title = TITLES[cat][int(rng.integers(len(TITLES[cat])))].format(n=int(rng.integers(2, 9)) * 5)
        back = int(rng.integers(0, 21)) if rng.random() < 0.15 else int(rng.integers(0, 365))  # some just in
        received = _workday(end - dt.timedelta(days=back), cal, end)
        if (e.record.uscc, title, received) in seen:
            continue
        seen.add((e.record.uscc, title, received))
        deps = DEPARTMENTS[cat]
        days = BY_CODE[cat].days
        out.append(_outcome(rng, cal, end, e.record.uscc, cat, title, deps[int(rng.integers(len(deps)))],
                            received, days, due_date(received, days, cal)))
    out.sort(key=lambda a: (a.received, a.uscc, a.title))
    return _some_overdue(out, end)


def _outcome(rng, cal, end, uscc, cat, title, department, received, days, due) -> DemoAppeal:
    u = rng.random()
    if due >= end:  # still within its limit at the end: open, or closed in time
        if u < 0.65 or received >= end:
            return DemoAppeal(uscc, cat, title, department, received, days, due,
                              "working" if rng.random() < 0.7 else "open", None, "", "")
        closed = _between(rng, received, end)
    elif u < 0.8:  # closed in time
        closed = _between(rng, received, due)
    elif u < 0.9:  # closed late
        closed = min(end, due + dt.timedelta(days=int(rng.integers(1, 16))))
    else:  # still open, past its limit
        return DemoAppeal(uscc, cat, title, department, received, days, due, "working", None, "", "")
    closed = _workday(closed, cal, end) if closed > received else closed
    satisfaction = _pick(rng, SATISFACTION)[0]
    reply = f"经{department}协调，已办理完毕" if satisfaction != "bad" else f"{department}已答复，企业对办理时间不满意"
    return DemoAppeal(uscc, cat, title, department, received, days, due, "closed", closed, reply, satisfaction)


def _between(rng, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=int(rng.integers(1, max(2, (last - first).days + 1))))


def _some_overdue(appeals: list[DemoAppeal], end: dt.date) -> list[DemoAppeal]:
    """At least a few (three, or 6 %) of this year's appeals still open past their limit at the end, for the
    year's report and the dashboard: the latest closed ones whose limit passed are kept open instead."""
    want = max(3, round(0.06 * len(appeals)))
    this_year = [i for i, a in enumerate(appeals) if a.received.year == end.year]
    have = sum(appeals[i].status != "closed" and appeals[i].due < end for i in this_year)
    out = list(appeals)
    for i in reversed(this_year):
        if have >= want:
            break
        a = out[i]
        if a.status == "closed" and a.due < end:
            out[i] = DemoAppeal(a.uscc, a.category, a.title, a.department, a.received, a.days, a.due, "working",
                                None, "", "")
            have += 1
    return out


# --- 乡镇输送用工 and 银行融资 -----------------------------------------------------------------------------
def _years(demo: DemoCounty) -> list[tuple[int, int]]:
    """(year, months to date): last year whole, this year through its last month."""
    y, m = demo.last
    return [(y - 1, 12), (y, m)]


def _day_in(rng, year: int, months: int, weights: np.ndarray | None = None) -> dt.date:
    w = np.ones(months) if weights is None else weights[:months]
    month = 1 + int(rng.choice(months, p=w / w.sum()))
    return dt.date(year, month, int(rng.integers(1, 29)))


def demo_referrals(demo: DemoCounty) -> list[tuple[str, str, dt.date, int]]:
    """(town, uscc, date, workers): every town, a few times a year."""
    rng = np.random.default_rng([demo.spec.seed, 4402])
    used = {e.record.town for e in demo.enterprises}
    towns = [t for t in org_structure(demo.spec.n_enterprises).towns if t in used]
    out, seen = [], set()
    for year, months in _years(demo):
        firms = _above(demo, year)
        by_town: dict[str, list] = {}
        for e in firms:
            by_town.setdefault(e.record.town, []).append(e)
        for town in towns:
            own = by_town.get(town, [])
            for _ in range(max(1, round(int(rng.integers(2, 7)) * months / 12))):
                pool = own if own and rng.random() < 0.5 else firms
                e = pool[int(rng.integers(len(pool)))]
                day = _day_in(rng, year, months, REFERRAL_MONTHS)
                workers = int(rng.integers(50, 121)) if rng.random() < 0.08 else int(rng.integers(3, 41))
                if (town, e.record.uscc, day) not in seen:
                    seen.add((town, e.record.uscc, day))
                    out.append((town, e.record.uscc, day, workers))
    return out


def demo_loans(demo: DemoCounty) -> list[tuple[str, str, dt.date, Decimal, int, str]]:
    """(bank, uscc, granted, amount 万元, term months, kind) from six to eight banks."""
    rng = np.random.default_rng([demo.spec.seed, 4403])
    banks = list(BANKS[:2]) + [BANKS[2 + int(i)] for i in sorted(rng.choice(len(BANKS) - 2, int(rng.integers(4, 7)),
                                                                              replace=False))]
    out, seen = [], set()
    for year, months in _years(demo):
        firms = _above(demo, year)
        for _ in range(round(0.35 * len(firms) * months / 12)):
            e = firms[int(rng.integers(len(firms)))]
            bank = _pick(rng, banks)[0]
            kind, _share, median, terms = _pick(rng, LOAN_KINDS)
            step = 50 if median >= 1000 else 10
            amount = max(step, round(float(rng.lognormal(np.log(median), 0.6)) / step) * step)
            day = _day_in(rng, year, months)
            if (bank, e.record.uscc, day) not in seen:
                seen.add((bank, e.record.uscc, day))
                out.append((bank, e.record.uscc, day, Decimal(amount), terms[int(rng.integers(len(terms)))], kind))
    return out


# --- 荣誉 and 升规入统 -------------------------------------------------------------------------------------
def demo_honours(demo: DemoCounty) -> list[tuple[str, str, str, int, str]]:
    """(uscc, kind, level, year, batch) among this year's above-scale manufacturers."""
    rng = np.random.default_rng([demo.spec.seed, 4404])
    y, m = demo.last
    latest = y if m >= 7 else y - 1  # the year's lists come out in the second half
    years = np.arange(y - 3, latest + 1)
    makers = [e for e in _above(demo, y) if classify(e.record.industry_code).section == "C"]
    out: list[tuple[str, str, str, int, str]] = []
    specialised = []
    for e in makers:
        batch = f"第{'一二'[int(rng.integers(2))]}批"
        if rng.random() < (0.18 if e.high_tech else 0.06):
            year = int(rng.choice(years))
            out.append((e.record.uscc, "specialised", "provincial", year, batch))
            specialised.append((e, year))
        if rng.random() < 0.12:
            out.append((e.record.uscc, "innovative", "provincial", int(rng.choice(years)), batch))
        if rng.random() < 0.05:
            out.append((e.record.uscc, "brand", "provincial", int(rng.choice(years)), ""))
    n_giants = min(len(specialised), round(int(rng.integers(1, 3)) * demo.spec.scale))
    for i in (sorted(rng.choice(len(specialised), n_giants, replace=False)) if n_giants else ()):
        e, year = specialised[int(i)]
        year = min(latest, year + 1)
        out.append((e.record.uscc, "little_giant", "national", year, f"第{cn_number(year - 2018)}批"))
    return out


def demo_scale_up(demo: DemoCounty) -> list[tuple[str, int, str, dt.date | None]]:
    """(uscc, year, stage, expected month): this year's below-scale firms at a stage; the firms that entered
    the scope this year and last year as 已入统."""
    rng = np.random.default_rng([demo.spec.seed, 4405])
    y, m = demo.last
    out = []
    for e in demo.enterprises:
        for year in (y - 1, y):
            if e.scope_years.get(year) and e.entered_year == year:
                out.append((e.record.uscc, year, "entered", dt.date(year, 1, 1)))
        if not e.scope_years.get(y) and e.entered_year <= y:
            stage = _pick(rng, STAGES)[0]
            month = m + 1 + int(rng.integers(0, 3))
            expected = dt.date(y + (month > 12), (month - 1) % 12 + 1, 1) if stage in ("cultivating", "applying") else None
            out.append((e.record.uscc, y, stage, expected))
    return out


# --- loading -------------------------------------------------------------------------------------------
def load_service_records(demo: DemoCounty) -> dict[str, int]:
    """Write the demo's 企业服务 records, matched on each ledger's natural key (a second run changes nothing);
    how many of each were created."""
    from kegong.enterprises.models import Enterprise, OrgUnit
    from kegong.service.calendar import work_calendar
    from kegong.service.models import Appeal, BankLoan, EnterpriseHonour, ScaleUpCandidate, WorkerReferral

    firms = dict(Enterprise.objects.values_list("uscc", "pk"))
    towns = dict(OrgUnit.objects.filter(kind=OrgUnit.Kind.TOWN).values_list("name", "pk"))
    appeals = [{"enterprise_id": firms[a.uscc], "category": a.category, "title": a.title, "department": a.department,
                "received": a.received, "days": a.days, "due": a.due, "status": a.status, "closed": a.closed,
                "reply": a.reply, "satisfaction": a.satisfaction} for a in demo_appeals(demo, work_calendar())]
    referrals = [{"town_id": towns[t], "enterprise_id": firms[u], "date": d, "workers": w, "note": NOTE}
                 for t, u, d, w in demo_referrals(demo)]
    loans = [{"bank": b, "enterprise_id": firms[u], "granted": d, "amount": a, "term": t, "kind": k, "note": NOTE}
             for b, u, d, a, t, k in demo_loans(demo)]
    honours = [{"enterprise_id": firms[u], "kind": k, "level": lv, "year": y, "batch": b, "note": NOTE}
               for u, k, lv, y, b in demo_honours(demo)]
    scale_up = [{"enterprise_id": firms[u], "year": y, "stage": s, "expected": x, "note": NOTE}
                for u, y, s, x in demo_scale_up(demo)]
    return {
        "appeals": _sync(Appeal, ("enterprise_id", "title", "received"), appeals),
        "referrals": _sync(WorkerReferral, ("town_id", "enterprise_id", "date"), referrals),
        "loans": _sync(BankLoan, ("bank", "enterprise_id", "granted"), loans),
        "honours": _sync(EnterpriseHonour, ("enterprise_id", "kind", "level", "year"), honours),
        "scale_up": _sync(ScaleUpCandidate, ("enterprise_id", "year"), scale_up),
    }


def _sync(model, key: tuple[str, ...], rows: list[dict]) -> int:
    """Create the rows not there (bulk), bring those that are up to date; how many were created."""
    if not rows:
        return 0
    existing = {tuple(getattr(o, k) for k in key): o for o in model.objects.all()}
    new, changed = [], []
    for r in rows:
        obj = existing.get(tuple(r[k] for k in key))
        if obj is None:
            new.append(model(**r))
        elif any(getattr(obj, f) != v for f, v in r.items()):
            for f, v in r.items():
                setattr(obj, f, v)
            changed.append(obj)
    model.objects.bulk_create(new, batch_size=500)
    if changed:
        model.objects.bulk_update(changed, [f for f in rows[0] if f not in key], batch_size=500)
    return len(new)
