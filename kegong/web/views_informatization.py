"""信息化 (issue 13 item 1): for a period, the 5G of each town — the year's plan (sites, investment), the sites
built and opened by the period's last day, built ÷ plan — and the 四率 of the year's 企业信息化调查 with each
rate's numerator and denominator (the year's above-scale enterprises, not those who answered), and 企业上云.
Thin: the reads are kegong.informatization.selectors, the same the g5_* / it_* measures make. A town user
sees their own towns' 5G rows and the rates over the enterprises they read."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import render

from kegong.core.numbers import fmt
from kegong.core.periods import Period
from kegong.core.stats.scopes import Scope
from kegong.informatization import selectors as s
from kegong.web import periods
from kegong.web.access import requires

RATES = (("broadband", "宽带接入率"), ("lan", "内部局域网普及率"), ("ecommerce", "电子商务应用率"),
         ("website", "门户网站建设率"))


def chosen_period(text: str) -> tuple[Period, str]:
    """The period asked for, else the latest month with enterprise figures (kegong.web.periods)."""
    return periods.chosen(text, periods.latest_or_last_month())


def _g5(row: s.G5Row) -> dict:
    return {"town": row.town, "plan_sites": fmt(row.plan_sites, 0), "plan_investment": fmt(row.plan_investment),
            "built": fmt(row.built, 0), "built_investment": fmt(row.built_investment), "opened": fmt(row.opened, 0),
            "share": fmt(row.built_share, 1)}


def _rate(label: str, r: s.SurveyRate | None) -> dict:
    if r is None:
        return {"label": label, "yes": "—", "denominator": "—", "answered": "—", "share": "—"}
    return {"label": label, "yes": fmt(r.yes, 0), "denominator": fmt(r.above_scale, 0),
            "answered": fmt(r.answered, 0), "share": fmt(r.share, 1), "year": r.year}


@requires("dashboard.view")
def informatization(request):
    period, error = chosen_period(request.GET.get("period", ""))
    acc = request.access
    towns = None if acc.reads_all else (set(acc.read_units) if acc.read == "units" else set())
    rows = [_g5(r) for r in s.g5_by_town(period.year, period.end, towns)]
    total = _g5(s.g5_row("全县", period.year, period.end, s.town_q(Scope("all")))) if acc.reads_all else None
    rates = s.survey_rates(period.year, acc.enterprise_q("enterprise__"))
    cloud = rates.get("cloud")
    used = next((r.year for r in rates.values() if r is not None), None)
    return render(request, "web/informatization.html", {
        "period": period, "period_value": period.key(), "choices": periods.choices(dt.date.today(), period),
        "error": error, "rows": rows, "total": total,
        "rates": [_rate(label, rates.get(item)) for item, label in RATES], "cloud": _rate("企业上云", cloud),
        "survey_year": used, "county": acc.reads_all})
