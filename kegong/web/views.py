"""Thin views: they call selectors/services and render."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from kegong.figures.selectors import county_overview
from kegong.stats.periods import Period


@login_required
def home(request):
    overview = county_overview()
    if overview["period"]:
        y, m = overview["period"]
        overview["period_label"] = Period.cumulative(y, m).label()
        for t in overview["totals"]:
            t["cumulative_display"] = f"{float(t['cumulative']):,.2f}"
            t["yoy_display"] = "—" if t["yoy_pct"] is None else f"{t['yoy_pct']:+.1f}%"
    return render(request, "web/home.html", {"overview": overview})
