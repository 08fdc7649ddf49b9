"""The demo county's 绩效考评: a scheme of 100 points (and a bonus) for the demo's last year — 工业总产值增速,
工业投资, 国家级高新技术企业数, 工业总产值增速排名, 安全生产 (scored by hand) and a bonus for 科技型中小企业 — each
town's own targets for the measured items, and the bureau's 安全生产 scores.

Deterministic from the demo's seed, on a random stream of its own: a town's growth target is one of 7–12 %;
its 工业投资 target the year's investment of its enterprises so far, at the same pace for the whole year, times
0.8–1.3 (in 亿元, two decimals half-up; none for a town that has invested nothing — the page then says so);
its 高新技术企业 target the certificates valid at last year's end, plus one for about half the towns.
Everything is matched on its natural key, so a second run changes nothing. Written after the ledgers
(kegong.demo.load)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

import numpy as np

from kegong.core.numbers import rounded
from kegong.demo.generator import DemoCounty

NOTE = "演示数据"
SCHEME = "乡镇（街道）工业经济和科技创新工作绩效考评"
# name → the item's fields (kegong.assessment.models.AssessmentItem), in the scheme's order
ITEMS: tuple[tuple[str, dict], ...] = (
    ("工业总产值增速", {"measure": "gross_output", "figure": "growth", "weight": 30, "method": "linear",
                 "lower": 50, "full": 100, "cap": 36, "note": "完成率 = 增速 ÷ 目标增速；完成率50%得0分，100%得满分，超额加分至36分封顶"}),
    ("工业投资", {"measure": "industrial_investment", "figure": "level", "weight": 30, "method": "linear",
              "lower": 30, "full": 100, "floor": 5, "cap": 36, "note": "完成率30%得5分，100%得满分，超额至36分封顶"}),
    ("国家级高新技术企业", {"measure": "high_tech_enterprises", "figure": "level", "weight": 20, "method": "bands",
                   "bands": [[100, 20], [80, 16], [50, 10]], "note": "按有效证书数对年度目标的完成率分档"}),
    ("工业总产值增速排名", {"measure": "gross_output", "figure": "growth", "basis": "actual", "weight": 10,
                   "method": "rank", "step": 1, "floor": 2, "note": "第1名10分，每后一名减1分，最低2分"}),
    ("安全生产", {"measure": "manual", "weight": 10, "method": "manual", "note": "县安委办考核，人工评分"}),
    ("科技型中小企业（加分）", {"measure": "tech_sme", "figure": "level", "basis": "actual", "kind": "bonus",
                     "weight": 3, "method": "linear", "per_unit": 0.5, "note": "每成功申报1家加0.5分，最多加3分"}),
)
SAFETY = (10, 10, 9.5, 9, 8)


def _towns(demo: DemoCounty) -> list[str]:
    return sorted({e.record.town for e in demo.enterprises})


def _investment_pace(demo: DemoCounty) -> dict[str, Decimal]:
    """Each town's 工业投资 of the demo's last year at the pace of its months so far, for twelve months (万元)."""
    year, month = demo.last
    town_of = {e.record.uscc: e.record.town for e in demo.enterprises}
    out: dict[str, Decimal] = defaultdict(Decimal)
    for f in demo.records.figures:
        if f.indicator == "industrial_investment" and f.year == year and f.month == month and f.cumulative:
            out[town_of[f.uscc]] += f.cumulative * 12 / month
    return out


def _high_tech_at(town: str, day: dt.date) -> int:
    from kegong.core.stats.scopes import Scope
    from kegong.tech.selectors import high_tech_count, scope_q

    return high_tech_count(day, scope_q(Scope("town", town)))


def town_targets(demo: DemoCounty) -> list[tuple[str, str, str, str, str]]:
    """(town, code, kind, value, unit) of every town's targets for the demo's last year."""
    year = demo.last[0]
    rng = np.random.default_rng([demo.spec.seed, 1313])
    invested = _investment_pace(demo)
    out = []
    for town in _towns(demo):
        growth, factor, extra = int(rng.choice([7, 8, 9, 10, 12])), float(rng.uniform(0.8, 1.3)), int(rng.integers(0, 2))
        out.append((town, "gross_output", "growth", str(growth), "%"))
        if invested.get(town):
            yi = rounded(invested[town] * Decimal(f"{factor:.4f}") / 10000, 2)
            if yi > 0:
                out.append((town, "industrial_investment", "level", str(yi), "亿元"))
        held = _high_tech_at(town, dt.date(year - 1, 12, 31))
        out.append((town, "high_tech_enterprises", "count", str(max(1, held + extra)), "家"))
    return out


def load_assessment_records(demo: DemoCounty) -> int:
    """Write the scheme, its items, the towns' targets and the 安全生产 scores; how many rows were created."""
    from kegong.assessment.models import AssessmentItem, AssessmentScheme
    from kegong.assessment.services import manual_score_set
    from kegong.targets.services import set_target

    year = demo.last[0]
    scheme, created = AssessmentScheme.objects.get_or_create(
        year=year, name=SCHEME, defaults={"note": f"{year}年度乡镇（街道）考评细则中科工局负责的部分（{NOTE}）"})
    n = int(created)
    for order, (name, fields) in enumerate(ITEMS, 1):
        _, made = AssessmentItem.objects.update_or_create(scheme=scheme, name=name,
                                                          defaults={"order": order, **fields})
        n += int(made)
    for town, code, kind, value, unit in town_targets(demo):
        _, made = set_target(year, code, value, kind=kind, unit=unit, note=NOTE, town=town)
        n += int(made)
    safety = scheme.items.get(name="安全生产")
    given = {s.town.name: s.score for s in safety.manual_scores.select_related("town")}
    rng = np.random.default_rng([demo.spec.seed, 1314])
    for town in _towns(demo):
        score = Decimal(str(rng.choice(SAFETY))).quantize(Decimal("0.01"))
        if given.get(town) != score:  # a second run leaves the scores (and their time) as they are
            _, made = manual_score_set(item=safety, town=town, score=score, note=f"县安委办评分（{NOTE}）")
            n += int(made)
    return n
