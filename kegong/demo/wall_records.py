"""The demo county's 墙材与节能 台账: the wall-material producers, their monthly output and the 新型墙材产品认定
applications.

Deterministic from the demo's seed, on a random stream of its own (the rest of the demo is unchanged by it):
some 4 烧结 (页岩、煤矸石烧结砖) and 5 混凝土 (混凝土砖、砌块) producers, a bigger demo proportionally more — the
demo's 非金属矿物制品业 firms (industry division 30) first, then other firms — all 正常生产 but one 烧结 works
停产 since the end of last year; each producing firm's output of every month of the demo's years up to its
last month, in 万块 折标砖 (less around the Spring Festival and in the rainy season), and one to three
applications for 新型墙材产品认定 a year. The savings are not typed: kegong.wall.measures derives them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np

from kegong.demo.generator import DemoCounty

NOTE = "演示数据"
SINTERED, CONCRETE = 4, 5
# a month's share of a normal month's output: the Spring Festival (February) and the rainy season (June)
SEASON = np.array([0.9, 0.45, 1.0, 1.1, 1.1, 0.85, 1.0, 1.05, 1.1, 1.15, 1.1, 0.9])
MONTHLY = {"sintered": 650.0, "concrete": 22.0}  # a firm's normal month, 万块 折标砖
PRODUCTS = {"sintered": ("烧结页岩多孔砖", "烧结煤矸石空心砌块", "烧结页岩保温砌块"),
            "concrete": ("混凝土多孔砖", "蒸压加气混凝土砌块", "混凝土小型空心砌块")}


def _producers(demo: DemoCounty, rng: np.random.Generator) -> list[dict]:
    scale = demo.spec.scale
    n_s, n_c = max(1, round(SINTERED * scale)), max(1, round(CONCRETE * scale))
    division = [e for e in demo.enterprises if e.record.industry_code.startswith("30")]
    others = [e for e in demo.enterprises if not e.record.industry_code.startswith("30")]
    rng.shuffle(division)
    rng.shuffle(others)
    pool = (division + others)[:n_s + n_c + 1]
    out = []
    for i, e in enumerate(pool):
        kind = "sintered" if i < n_s + 1 else "concrete"
        status = "stopped" if i == n_s else "normal"  # the last 烧结 works: 停产 since the end of last year
        out.append({"uscc": e.record.uscc, "kind": kind, "status": status,
                    "note": NOTE + ("：停产整改" if status == "stopped" else "")})
    return out


def _outputs(demo: DemoCounty, producers: list[dict], rng: np.random.Generator) -> list[dict]:
    last_y, last_m = demo.last
    out = []
    for p in producers:
        size = rng.uniform(0.6, 1.4)
        for year in demo.years:
            if p["status"] == "stopped" and year == last_y:
                continue
            for month in range(1, 13 if year < last_y else last_m + 1):
                v = MONTHLY[p["kind"]] * size * SEASON[month - 1] * rng.uniform(0.85, 1.15)
                out.append({"uscc": p["uscc"], "year": year, "month": month, "output": Decimal(f"{v:.1f}"),
                            "note": NOTE})
    return out


def _applications(demo: DemoCounty, producers: list[dict], rng: np.random.Generator) -> list[dict]:
    last_y, last_m = demo.last
    out = []
    for year in demo.years:
        for i in rng.choice(len(producers), size=min(len(producers), int(rng.integers(1, 4))), replace=False):
            p = producers[int(i)]
            month = int(rng.integers(2, 6))
            done = year < last_y or month + 2 <= last_m
            status = ("certified" if rng.random() < 0.8 else "rejected") if done else "applied"
            out.append({"uscc": p["uscc"], "product": str(rng.choice(PRODUCTS[p["kind"]])), "year": year,
                        "status": status, "date": _date(year, month + (2 if done else 0)), "note": NOTE})
    return out


def _date(year: int, month: int) -> dt.date:
    return dt.date(year, min(month, 12), 15)


def wall_records(demo: DemoCounty) -> dict[str, list[dict]]:
    rng = np.random.default_rng([demo.spec.seed, 3031])
    producers = _producers(demo, rng)
    return {"WallProducer": producers, "WallOutput": _outputs(demo, producers, rng),
            "NewWallMaterialApplication": _applications(demo, producers, rng)}


KEYS = {"WallProducer": (), "WallOutput": ("year", "month"), "NewWallMaterialApplication": ("product", "year")}


def load_wall_records(demo: DemoCounty) -> int:
    """Write the demo's 墙材 records, each matched on its natural key (the enterprise and the ``KEYS``), so that
    a second run changes nothing; how many were created."""
    from django.apps import apps

    from kegong.enterprises.models import Enterprise

    firms = dict(Enterprise.objects.values_list("uscc", "pk"))
    created = 0
    for name, rows in wall_records(demo).items():
        created += _sync(apps.get_model("wall", name), ("enterprise_id", *KEYS[name]), rows, firms)
    return created


def _sync(model, key: tuple[str, ...], rows: list[dict], firms: dict[str, int]) -> int:
    existing = {tuple(getattr(o, k) for k in key): o for o in model.objects.all()}
    new, changed, names = [], [], set()
    for row in rows:
        values = {k: v for k, v in row.items() if k != "uscc"} | {"enterprise_id": firms[row["uscc"]]}
        k = tuple(values[f] for f in key)
        obj = existing.get(k)
        if obj is None:
            new.append(model(**values))
            existing[k] = new[-1]
        elif any(getattr(obj, f) != v for f, v in values.items()):
            for f, v in values.items():
                setattr(obj, f, v)
            changed.append(obj)
            names |= set(values)
    model.objects.bulk_create(new, batch_size=500)
    if changed:
        model.objects.bulk_update([o for o in changed if o.pk], sorted(names), batch_size=500)
    return len(new)
