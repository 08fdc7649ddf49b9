"""Reading the stored world for views, the CLI and the report writer."""

from __future__ import annotations

from django.db.models import Max, Sum

from kegong.figures.models import MonthlyFigure


def latest_period() -> tuple[int, int] | None:
    row = MonthlyFigure.objects.filter(indicator__code="gross_output").aggregate(y=Max("year"))
    if row["y"] is None:
        return None
    m = MonthlyFigure.objects.filter(indicator__code="gross_output", year=row["y"]).aggregate(m=Max("month"))["m"]
    return row["y"], m


def county_overview() -> dict:
    period = latest_period()
    if period is None:
        return {"period": None, "totals": []}
    year, month = period
    rows = (MonthlyFigure.objects.filter(year=year, month=month, enterprise__scale_statuses__year=year,
                                         enterprise__scale_statuses__above_scale=True)
            .values("indicator__code", "indicator__name", "indicator__unit", "indicator__order")
            .annotate(cumulative=Sum("cumulative"), prior=Sum("prior_year_cumulative"))
            .order_by("indicator__order"))
    totals = []
    for r in rows:
        growth = None
        if r["prior"]:
            growth = float(r["cumulative"] / r["prior"] - 1) * 100
        totals.append({"code": r["indicator__code"], "name": r["indicator__name"], "unit": r["indicator__unit"],
                       "cumulative": r["cumulative"], "yoy_pct": growth})
    return {"period": (year, month), "totals": totals}
