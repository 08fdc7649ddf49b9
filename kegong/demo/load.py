"""Write a generated demo county through the same service an import uses (and its 台账, kegong.demo.ledgers),
and summarise it."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, transaction

from kegong.county.models import CountyFigure
from kegong.demo.assessment_records import load_assessment_records
from kegong.demo.catalog import COUNTY
from kegong.demo.enterprise_years import load_enterprise_years
from kegong.demo.generator import DemoCounty, gc_paused
from kegong.demo.informatization_records import load_informatization_records
from kegong.demo.ledgers import load_certificates
from kegong.demo.project_records import load_project_records
from kegong.demo.service_records import load_service_records
from kegong.demo.sme_records import load_sme_records
from kegong.demo.tech_records import load_tech_records
from kegong.demo.wall_records import load_wall_records
from kegong.enterprises.services import county
from kegong.figures.services import sync_catalogue
from kegong.imports.writer import WriteSummary, write_records


@dataclass
class DemoResult:
    county: DemoCounty
    write: WriteSummary


@transaction.atomic
def load_demo(demo: DemoCounty, progress: Callable[[int], None] | None = None) -> DemoResult:
    with _sqlite_cache(sqlite_cache_mb()), gc_paused():
        return _load(demo, progress)


def sqlite_cache_mb() -> int:
    """The SQLite page cache (MB) while the demo writes: ``KEGONG_DEMO_CACHE_MB``, default 256 (0: leave it)."""
    try:
        return max(0, int(os.environ.get("KEGONG_DEMO_CACHE_MB", "256")))
    except ValueError:
        return 256


@contextlib.contextmanager
def _sqlite_cache(mb: int):
    """On SQLite, a bigger page cache while the demo writes (the default 2 MB holds too little of a
    province-size demo's indexes); the connection's setting is restored afterwards."""
    if connection.vendor != "sqlite" or mb <= 0:
        yield
        return
    with connection.cursor() as cur:
        cur.execute("PRAGMA cache_size")
        before = cur.fetchone()[0]
        cur.execute(f"PRAGMA cache_size = {-1024 * int(mb)}")
    try:
        yield
    finally:
        with connection.cursor() as cur:
            cur.execute(f"PRAGMA cache_size = {int(before)}")


def _load(demo: DemoCounty, progress: Callable[[int], None] | None) -> DemoResult:
    sync_catalogue()
    unit = county()
    if unit.name != COUNTY:
        unit.name = COUNTY
        unit.save(update_fields=["name"])
    seed_tag = f"demo-seed-{demo.spec.seed}-{demo.spec.n_enterprises}-{demo.last[0]}-{demo.last[1]:02d}"
    summary = write_records(demo.records, file_name=f"{seed_tag}（演示数据）", file_hash=seed_tag,
                            progress=progress)
    _county_and_facts(demo)
    load_certificates(demo)
    load_service_records(demo)
    load_tech_records(demo)
    load_wall_records(demo)
    load_informatization_records(demo)
    load_project_records(demo)
    load_enterprise_years(demo)
    load_assessment_records(demo)
    load_sme_records(demo)  # after the 企业年度情况: its field checks read them
    return DemoResult(county=demo, write=summary)


def _county_and_facts(demo: DemoCounty) -> None:
    for code, year, month, value, unit_name in demo.county_figures:
        CountyFigure.objects.update_or_create(code=code, year=year, month=month,
                                              defaults={"value": value, "unit": unit_name, "note": "演示数据"})
    _targets_and_facts(demo)


# The latest year's targets, as a bureau sets them at the start of the year (cf. the seed's 主要目标).
DEMO_TARGETS: tuple[tuple[str, str], ...] = (
    ("value_added_growth", "8"),
    ("high_tech_gdp_share", "12"),
    ("rd_gdp_share", "1.5"),
    ("new_above_scale", "12"),
    ("high_tech_new", "5"),
    ("industrial_investment", "20"),
    ("renovation_investment", "9"),
)
# Targets that are counts or amounts (not rates): a demo bigger than a county scales them.
_SCALED_TARGETS = frozenset({"new_above_scale", "high_tech_new", "industrial_investment", "renovation_investment"})


def _scaled(value: str, scale: float) -> str:
    return value if scale == 1.0 else str(max(1, round(float(value) * scale)))


def _targets_and_facts(demo: DemoCounty) -> None:
    """Targets for the latest year and the staff-kept period facts (sci-tech, 5G, wall materials, the
    demonstration zone) for each of its months, so that every report can be written straight away. A demo
    bigger than a county (``DemoSpec.scale`` > 1) scales the counts and amounts among them."""
    from kegong.demo.facts import seed_facts
    from kegong.targets.services import set_target

    year, last_month = demo.last
    scale = demo.spec.scale
    for code, value in DEMO_TARGETS:
        set_target(year, code, _scaled(value, scale) if code in _SCALED_TARGETS else value, note="演示数据")
    for month in range(2, last_month + 1):
        seed_facts(year, month, seed=demo.spec.seed, scale=scale)


def summary_lines(result: DemoResult) -> list[str]:
    """A short Chinese summary of the county's key figures for the latest month."""
    from kegong.core.numbers import fmt, fmt_pct
    from kegong.figures.selectors import county_overview

    demo = result.county
    w = result.write
    y, m = demo.last
    n_scope = sum(1 for e in demo.enterprises if e.scope_years[y])
    new = sum(1 for e in demo.enterprises if e.scope_years[y] and e.entered_year == y)
    towns = len({e.record.town for e in demo.enterprises})
    parks = len({e.record.park for e in demo.enterprises if e.record.park})
    lines = [
        f"演示县：{demo.name}（种子 {demo.spec.seed}），{towns} 个乡镇街道、{parks} 个园区；"
        f"{y}年规上工业企业 {n_scope} 家（新入规 {new} 家）",
        ("数据已存在，未重复写入" if w.already_imported else
         f"写入：新建企业 {w.enterprises_created} 家，月度数据 {w.figures_written} 条"),
    ]
    overview = county_overview()
    if overview["period"]:
        py, pm = overview["period"]
        lines.append(f"{py}年1-{pm}月主要指标（规上工业，同口径）：")
        for t in overview["totals"]:
            lines.append(f"  {t['name']:<8} {fmt(t['cumulative']):>14} {t['unit']:<5} 同比 {fmt_pct(t['yoy_pct'])}")
    return lines
