"""Thin views: they call selectors/services and render."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from kegong.cli.texttable import fmt_num
from kegong.core.periods import Period
from kegong.figures.selectors import home_dashboard


def _signed(v: float | None, nd: int = 1, suffix: str = "") -> str:
    return "—" if v is None else f"{round(v, nd) + 0.0:+.{nd}f}{suffix}"


@login_required
def home(request):
    board = home_dashboard()
    if board["period"]:
        y, m = board["period"]
        board["period_label"] = Period.cumulative(y, m).label()
        board["previous_label"] = (Period.cumulative(y, m).previous_cumulative() or Period.cumulative(y, m)).span_label()
        for t in board["totals"]:
            t["cumulative_display"] = fmt_num(t["cumulative"])
            t["yoy_display"] = _signed(t["yoy_pct"], suffix="%")
            t["pp_display"] = _signed(t["pp_change"])
        for t in board["towns"]:
            t["cumulative_display"] = fmt_num(t["cumulative"])
            t["yoy_display"] = _signed(t["yoy_pct"], suffix="%")
            t["pull_display"] = _signed(t["pull_pp"], 2)
    return render(request, "web/home.html", {"board": board, "overview": board})
