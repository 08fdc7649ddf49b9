"""The dashboard's 用电折算产值（预估） card (/estimate/card/, fetched by htmx after the page is shown): when a
month's electricity is in and its gross output is not, the county's output growth estimated from electricity
with its interval and back-test error, and the same for the sections and the towns
(kegong.figures.estimates). No pending month: an empty answer, and the card is not there."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from kegong.core.errors import KegongError
from kegong.core.numbers import fmt, fmt_pct
from kegong.core.stats.early_estimate import Estimate, ScopeEstimate
from kegong.figures.estimates import early_estimates
from kegong.reports import phrasing
from kegong.web.access import requires


def interval_text(e: Estimate) -> str:
    """``11.4%～15.0%``; empty without an interval."""
    return f"{phrasing.pct(e.low)}～{phrasing.pct(e.high)}" if e.has_interval else ""


def error_text(e: Estimate) -> str:
    """回测平均误差1.1个百分点（26期）; says so when there is nothing to back-test on."""
    if e.mae_pp is None:
        return "历史数据不足，无法回测"
    return f"回测平均误差{fmt(e.mae_pp, 1)}个百分点（{e.n_backtest}期）"


def _row(s: ScopeEstimate) -> dict:
    c = s.cumulative
    return {"label": s.label, "kind": s.kind, "electricity": fmt_pct(c.electricity_yoy),
            "output": fmt_pct(c.output_yoy), "interval": interval_text(c) or "—",
            "mae": fmt(c.mae_pp, 1), "n": c.n_backtest if c.mae_pp is not None else None,
            "down": c.output_yoy is not None and c.output_yoy < 0}


def _county(s: ScopeEstimate) -> dict:
    c, m = s.cumulative, s.month
    return {"span": s.period.span_label(), "month": s.period.reporting_month().span_label(),
            "electricity": phrasing.growth(c.electricity_yoy), "output": phrasing.growth(c.output_yoy),
            "interval": interval_text(c), "error": error_text(c), "method": c.method,
            "month_electricity": phrasing.growth(m.electricity_yoy), "month_output": phrasing.growth(m.output_yoy),
            "month_interval": interval_text(m), "month_error": error_text(m) if m.mae_pp is not None else ""}


@requires("dashboard.view")
def estimate_card(request):
    try:
        estimates = early_estimates()
    except KegongError as e:
        return render(request, "web/_estimate_card.html", {"error": str(e)})
    county = next((s for s in estimates if s.kind == "all"), None)
    if county is None:
        return HttpResponse("")
    groups = [(title, [_row(s) for s in estimates if s.kind == kind])
              for title, kind in (("分行业门类", "industry"), ("分乡镇（街道）", "town"))]
    return render(request, "web/_estimate_card.html", {
        "period": county.period, "county": _county(county), "groups": [(t, rows) for t, rows in groups if rows]})
