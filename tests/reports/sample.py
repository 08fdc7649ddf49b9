"""A small ReportData built by hand (no database): for template, context and writer tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kegong.core.catalogue import FACTS, INDICATORS, TEXTS
from kegong.core.periods import Period
from kegong.core.stats.growth import growth_pct, net_addition, pp_change
from kegong.reports.data import CountyMeasure, Measure, Outlook, Part, ReportData, TargetLine, Text
from kegong.reports.defaults import DEFAULT_TEXTS


def measure(code: str, cur: float, prior: float, prev_growth: float | None = None) -> Measure:
    d = next(d for d in INDICATORS if d.code == code)
    g = growth_pct(cur, prior)
    return Measure(code=code, name=d.name, unit=d.unit, cumulative=cur, cumulative_prior_year=prior, yoy_pct=g,
                   yoy_pct_prev=prev_growth, pp_change=pp_change(g, prev_growth), month=cur / 6,
                   month_prior_year=prior / 6, month_yoy_pct=g, net_change=net_addition(cur, prior))


def sample_data(*, facts: bool = True) -> ReportData:
    period = Period.cumulative(2026, 6)
    county = {
        "gross_output": measure("gross_output", 1_234_567.0, 1_100_000.0, 11.0),
        "electricity": measure("electricity", 23_456.7, 21_000.0, 10.0),
        "tax": measure("tax", 45_678.9, 41_000.0, 9.0),
        "industrial_investment": measure("industrial_investment", 150_000.0, 170_000.0, -8.0),
        "renovation_investment": measure("renovation_investment", 40_000.0, 38_000.0, 6.0),
        "rd_spend": measure("rd_spend", 21_000.0, 19_000.0, 9.0),
        "revenue": measure("revenue", 1_180_000.0, 1_090_000.0, 8.0),
    }
    sections = []
    for key, label, share, g in (("B", "采矿业", 0.1, -4.0), ("C", "制造业", 0.8, 13.0),
                                 ("D", "电力、热力、燃气及水生产和供应业", 0.1, 5.0)):
        cur = 1_234_567.0 * share
        prior = cur / (1 + g / 100)
        sections.append(Part(key=key, label=label, members=int(150 * share), pull_pp=(cur - prior) / 1_100_000 * 100,
                             rank_growth=None, measures={
                                 "gross_output": measure("gross_output", cur, prior),
                                 "tax": measure("tax", 45_678.9 * share, 45_678.9 * share / (1 + g / 100))}))
    towns = []
    for i, name in enumerate(("城关镇", "龙溪街道", "金山街道", "白沙镇", "青山镇")):
        g = 15 - 6 * i
        cur = 200_000.0 + 10_000 * i
        prior = cur / (1 + g / 100)
        towns.append(Part(key=name, label=name, members=30 - i, pull_pp=(cur - prior) / 1_100_000 * 100,
                          rank_growth=i + 1, measures={"gross_output": measure("gross_output", cur, prior)}))
    trend = {c: [(f"1-{m}月", county[c].yoy_pct - (6 - m) * 0.5) for m in range(2, 7)]
             for c in ("gross_output", "electricity", "tax", "industrial_investment")}
    outlooks = {"gross_output": Outlook("gross_output", "工业总产值", "万元", "1-7月", 1_450_000.0, 1_420_000.0,
                                        1_480_000.0, 12.1, 9.8, 14.5, 0.8, "季节朴素", "")}
    targets = [
        TargetLine("value_added_growth", "规上工业增加值增长", "growth", 8.0, "%", 9.1, 9.1 / 8, 0.5, 1.1, "超前",
                   "", 7.2),
        TargetLine("industrial_investment", "工业投资", "level", 40.0, "亿元", 15.0, 15 / 40, 0.5, -12.5, "滞后", ""),
        TargetLine("new_above_scale", "新增规上企业", "count", 12, "家", 7, 7 / 12, 0.5, 8.3, "超前", ""),
    ]
    return ReportData(
        county_name="青溪县", period=period, issued=dt.date(2026, 7, 10), enterprises=150, new_enterprises=7,
        county=county, sections=sections, towns=towns, trend=trend, value_added_pct=9.1,
        value_added_source="official",
        county_figures={"electricity_total": CountyMeasure("electricity_total", "全社会用电量", "万千瓦时",
                                                           36_650.0, 33_000.0, growth_pct(36_650.0, 33_000.0),
                                                           period)},
        outlooks=outlooks, targets=targets,
        facts={f.code: Decimal(3 + i) for i, f in enumerate(FACTS)} if facts else {},
        texts={t.kind: Text(t.kind, DEFAULT_TEXTS[t.kind], "default") for t in TEXTS},
    )
