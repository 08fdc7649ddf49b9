"""The dashboard's figures made ready for its template: every number formatted by kegong.core.numbers
(the one half-up formatter), the chart data rounded on the server, the period choices."""

from __future__ import annotations

from kegong.core.catalogue import SCOPE_KINDS
from kegong.core.numbers import fmt, fmt_pct, fmt_signed, round_half_up
from kegong.core.periods import Period
from kegong.figures import store
from kegong.measures.dashboard import COMPARE_BY, dashboard

CHOICE_YEARS = 3


def period_choices(latest: tuple[int, int]) -> list[tuple[str, str]]:
    """The cumulative periods with figures, newest first (1-2月 is one period: January has none of its own)."""
    panel = store.panel()
    out = []
    for year in range(latest[0], latest[0] - CHOICE_YEARS, -1):
        for month in range(12 if year < latest[0] else latest[1], 1, -1):
            if panel.has_year(year) and panel.has_data(year, month):
                p = Period.cumulative(year, month)
                out.append((p.key(), p.label()))
    return out


def _card(c: dict) -> dict:
    rate = c["kind"] == "rate"
    count = c["kind"] in ("count", "stock")
    level = (fmt(c["level"], 1) + "%") if rate else fmt(c["level"], 0 if count else 2)
    return {**c, "level_display": level, "unit_display": "" if rate else c["unit"],
            "growth_display": "" if rate or c["growth"] is None else fmt_pct(c["growth"]),
            "pp_display": "" if c["pp"] is None else fmt_signed(c["pp"])}


def total_rows(rows) -> list[dict]:
    """The county table's rows (kegong.core.stats.indicators.IndicatorRow), formatted."""
    return [{"code": r.code, "name": r.name, "unit": r.unit, "cumulative_display": fmt(r.cumulative),
             "yoy_pct": r.yoy_pct, "yoy_display": fmt_pct(r.yoy_pct), "pp_display": fmt_signed(r.pp_change)}
            for r in rows if r.cumulative is not None]


def board_context(period: Period, by: str) -> dict:
    d = dashboard(period, by)
    previous = period.previous_cumulative()
    compare = [{**r, "current_display": fmt(r["current"]), "growth_display": fmt_pct(r["growth"]),
                "pull_display": fmt_signed(r["pull"], 2), "share_display": fmt(r["share"], 1),
                "growth_chart": round_half_up(r["growth"], 1)} for r in d["compare"]]
    pull = {side: [{**r, "pull_display": fmt_signed(r["pull"], 2), "growth_display": fmt_pct(r["growth"]),
                    "current_display": fmt(r["current"])} for r in rows] for side, rows in d["pullers"].items()}
    return {
        "period": period, "period_label": period.label(), "by": by, "by_name": SCOPE_KINDS[by],
        "compare_kinds": [(k, SCOPE_KINDS[k]) for k in COMPARE_BY],
        "previous_label": (previous or period).span_label(),
        "cards": [_card(c) for c in d["cards"]], "totals": total_rows(d["indicators"]), "trend": d["trend"],
        "compare": compare, "compare_chart": {"labels": [r["label"] for r in compare],
                                              "data": [r["growth_chart"] for r in compare],
                                              "title": f"各{SCOPE_KINDS[by]}工业总产值同比增速（%）"},
        "targets": d["targets"], "alerts": d["alerts"], "pullers": pull,
    }
