"""The demo county's 示范区 key projects and 新能源 farms.

Deterministic from the demo's seed, on a random stream of its own (the rest of the demo is unchanged by it):
30 projects of the demo's last year across the five categories (总投资 some 100–300 亿元, 年度计划投资 20–40
亿元), about 10 of them 在建 and 6 竣工投产 by enterprises of the 家居智造产业园 (the first park if the demo has
none so named); each started project's completed investment month by month through the demo's last month;
3 wind farms and 2 solar bases built, 2 wind farms and 1 solar base under construction or planned."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np

from kegong.demo.generator import DemoCounty

NOTE = "演示数据"
N_PROJECTS, N_BUILDING, N_OPERATING = 30, 10, 6
THEMES = {
    "生态环境": ("流域综合治理", "矿山生态修复", "农村人居环境整治", "森林质量提升"),
    "生态产业": ("智能家居生产线", "绿色建材产业园", "竹木精深加工", "生态农业示范园"),
    "民生福祉": ("县域医共体建设", "城乡供水一体化", "职业教育实训基地", "养老服务中心"),
    "科技创新": ("科技企业孵化器", "工业互联网平台", "智能制造技改", "研发中心建设"),
    "水生态文明": ("河湖水系连通", "水源地保护", "污水处理厂提标", "海绵城市建设"),
}
INDUSTRIAL = ("生态产业", "科技创新")


def _furniture_park(demo: DemoCounty) -> str | None:
    parks = sorted({e.record.park for e in demo.enterprises if e.record.park})
    return next((p for p in parks if p.startswith("家居")), parks[0] if parks else None)


def _money(v: float) -> Decimal:
    return Decimal(f"{v:.2f}")


def demo_projects(demo: DemoCounty, rng: np.random.Generator) -> list[dict]:
    year = demo.last[0]
    park = _furniture_park(demo)
    firms = [e.record.uscc for e in demo.enterprises if park and e.record.park == park]
    rng.shuffle(firms)
    firms = firms[:N_BUILDING + N_OPERATING]
    totals = rng.lognormal(0, 0.8, N_PROJECTS)
    totals *= rng.uniform(1.0e6, 3.0e6) / totals.sum()  # 万元: 100–300 亿元 together
    shares = rng.uniform(0.1, 0.3, N_PROJECTS)
    plans = totals * shares * rng.uniform(2.0e5, 4.0e5) / (totals * shares).sum()  # 20–40 亿元 together
    names, out = list(THEMES), []
    for i in range(N_PROJECTS):
        owner = firms[i] if i < len(firms) else None
        theme = "生态产业" if owner else names[i % len(names)]
        stage = ("building" if i < N_BUILDING else "operating") if owner else str(
            rng.choice(["pending", "building", "building"]))
        industrial = theme in INDUSTRIAL
        reason = ("工业企业固定资产投资项目，计入工业投资" if industrial else "基础设施、公益类项目，不计入工业投资")
        out.append({"name": f"{THEMES[theme][i % 4]}项目（{i + 1:02d}）", "theme": theme, "year": year,
                    "total_investment": _money(totals[i]), "plan_investment": _money(plans[i]), "stage": stage,
                    "uscc": owner, "park": park if owner else None, "counts_as_industrial": industrial,
                    "industrial_reason": reason, "note": NOTE})
    return out


def demo_progress(demo: DemoCounty, projects: list[dict], rng: np.random.Generator) -> list[dict]:
    """Each started project's months 1月 through the demo's last month (its plan spread over the year)."""
    year, last_m = demo.last
    out = []
    for p in projects:
        if p["stage"] == "pending":
            continue
        pace = rng.uniform(0.75, 1.15)
        for month in range(1, last_m + 1):
            v = float(p["plan_investment"]) / 12 * pace * rng.uniform(0.6, 1.4) * (0.5 if month == 2 else 1.0)
            out.append({"project": (p["name"], year), "year": year, "month": month, "completed": _money(v),
                        "note": NOTE})
    return out


def demo_farms(demo: DemoCounty, towns: list[str], rng: np.random.Generator) -> list[dict]:
    year = demo.last[0]
    plan = [("wind", "built", 3, (48, 100)), ("solar", "built", 2, (20, 60)), ("wind", "building", 1, (50, 100)),
            ("wind", "planned", 1, (50, 100)), ("solar", "building", 1, (20, 60))]
    out, k = [], 0
    for kind, status, n, (lo, hi) in plan:
        for _ in range(n):
            town = towns[k % len(towns)] if towns else None
            k += 1
            mw = Decimal(round(rng.uniform(lo, hi)))
            built = dt.date(year - 1 - int(rng.integers(0, 4)), int(rng.integers(1, 13)), 28) \
                if status == "built" else None
            hours = 2100 if kind == "wind" else 1150  # 年利用小时数
            out.append({"name": f"{town or '青溪'}{'风电场' if kind == 'wind' else '光伏基地'}（{k}期）", "kind": kind,
                        "status": status, "capacity_mw": mw, "town": town, "built": built,
                        "generation": _money(float(mw) * hours / 10) if built else None, "note": NOTE})
    return out


def load_project_records(demo: DemoCounty) -> int:
    """Write the demo's projects, their months and the farms, each matched on its natural key (project name and
    year; project, year and month; farm name), so that a second run changes nothing; how many were created."""
    from kegong.enterprises.models import Enterprise, OrgUnit
    from kegong.projects.models import EnergyFarm, Project, ProjectProgress, ProjectTheme

    rng = np.random.default_rng([demo.spec.seed, 5051])
    towns = list(OrgUnit.objects.filter(kind=OrgUnit.Kind.TOWN).order_by("order", "name")
                 .values_list("name", flat=True))
    parks = dict(OrgUnit.objects.filter(kind=OrgUnit.Kind.PARK).values_list("name", "pk"))
    town_ids = dict(OrgUnit.objects.filter(kind=OrgUnit.Kind.TOWN).values_list("name", "pk"))
    themes = {}
    for i, name in enumerate(THEMES, 1):
        themes[name] = ProjectTheme.objects.get_or_create(name=name, defaults={"order": i})[0].pk
    projects = demo_projects(demo, rng)
    firms = dict(Enterprise.objects.filter(uscc__in=[p["uscc"] for p in projects if p["uscc"]])
                 .values_list("uscc", "pk"))
    rows = [{**{k: v for k, v in p.items() if k not in ("uscc", "park", "theme")},
             "theme_id": themes[p["theme"]], "enterprise_id": firms.get(p["uscc"]),
             "park_id": parks.get(p["park"])} for p in projects]
    created = _sync(Project, ("name", "year"), rows)
    ids = {(n, y): pk for n, y, pk in Project.objects.values_list("name", "year", "pk")}
    progress = [{**{k: v for k, v in r.items() if k != "project"}, "project_id": ids[r["project"]]}
                for r in demo_progress(demo, projects, rng)]
    created += _sync(ProjectProgress, ("project_id", "year", "month"), progress)
    farms = [{**{k: v for k, v in f.items() if k != "town"}, "town_id": town_ids.get(f["town"])}
             for f in demo_farms(demo, towns, rng)]
    return created + _sync(EnergyFarm, ("name",), farms)


def _sync(model, key: tuple[str, ...], rows: list[dict]) -> int:
    existing = {tuple(getattr(o, k) for k in key): o for o in model.objects.all()}
    new, changed, names = [], [], set()
    for values in rows:
        obj = existing.get(tuple(values[f] for f in key))
        if obj is None:
            new.append(model(**values))
        elif any(getattr(obj, f) != v for f, v in values.items()):
            for f, v in values.items():
                setattr(obj, f, v)
            changed.append(obj)
            names |= set(values)
    model.objects.bulk_create(new, batch_size=500)
    if changed:
        model.objects.bulk_update(changed, sorted(names), batch_size=500)
    return len(new)
