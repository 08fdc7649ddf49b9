"""Thin views: they call selectors/services and render."""

from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from kegong.core.numbers import fmt, fmt_pct, fmt_signed
from kegong.core.periods import Period
from kegong.figures import store
from kegong.figures.selectors import home_dashboard
from kegong.web.access import requires

_fragments: dict[tuple[str, str], str] = {}


@requires("dashboard.view")
def home(request):
    """The home dashboard. Its figures change only with the data version, so the board is rendered once
    per version and shared by every request (the page around it is the user's own)."""
    key = (str(store.root()), store.version())
    html = _fragments.get(key)
    if html is None:
        html = render_to_string("web/_home_board.html", {"board": _board()})
        if len(_fragments) > 16:
            _fragments.clear()
        _fragments[key] = html
    return render(request, "web/home.html", {"board_html": mark_safe(html)})  # noqa: S308 - our own template


def _board() -> dict:
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
    return board
