"""Thin views: they call selectors/services and render."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from kegong.core.numbers import fmt, fmt_pct, fmt_signed
from kegong.core.periods import Period
from kegong.figures.selectors import home_dashboard


@login_required
def home(request):
    board = home_dashboard()
    if board["period"]:
        y, m = board["period"]
        board["period_label"] = Period.cumulative(y, m).label()
        board["previous_label"] = (Period.cumulative(y, m).previous_cumulative() or Period.cumulative(y, m)).span_label()
        for t in board["totals"]:
            t["cumulative_display"] = fmt(t["cumulative"])
            t["yoy_display"] = fmt_pct(t["yoy_pct"])
            t["pp_display"] = fmt_signed(t["pp_change"])
        for t in board["towns"]:
            t["cumulative_display"] = fmt(t["cumulative"])
            t["yoy_display"] = fmt_pct(t["yoy_pct"])
            t["pull_display"] = fmt_signed(t["pull_pp"], 2)
    return render(request, "web/home.html", {"board": board, "overview": board})
