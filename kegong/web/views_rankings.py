"""培育 (issue 12): the yearly rankings of the reward schemes — towns by the workers they referred to
enterprises, banks by the amount lent and by the enterprises served (/lists/rankings/, with an .xlsx of all
three) — and the 高新技术企业 certificates due for re-certification within six months (/lists/renewals/,
within the user's read scope). Thin: the rankings are kegong.service.rankings, the reminders
kegong.tech.selectors.renewals_due."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import render

from kegong.core.numbers import fmt
from kegong.imports.exports import write_xlsx
from kegong.service import rankings
from kegong.tech.selectors import renewals_due
from kegong.web.access import requires
from kegong.web.downloads import xlsx_response

YEARS_BACK = 4


def _year(request) -> tuple[int, list[int]]:
    this = dt.date.today().year
    years = [this - i for i in range(YEARS_BACK + 1)]
    try:
        year = int(request.GET.get("year", this))
    except ValueError:
        year = this
    return (year if year in years else this), years


def _cell(v) -> str:
    """A ranking's cell through the one formatter: names as they are, counts whole, 万元 and % with 2 decimals."""
    if v is None or isinstance(v, str):
        return v if v is not None else fmt(None)
    return fmt(v, 0) if isinstance(v, int) else fmt(v)


def _shown(table: rankings.Table) -> dict:
    return {"title": table.title, "headers": table.headers, "rows": [[_cell(v) for v in r] for r in table.rows]}


@requires("dashboard.view")
def list_rankings(request):
    year, years = _year(request)
    tables = [_shown(rankings.ranking_table(kind, year)) for kind in rankings.KINDS]
    return render(request, "web/lists_rankings.html", {
        "year": year, "years": years, "tables": tables, "export": request.access.can("data.export")})


@requires("data.export")
def list_rankings_xlsx(request):
    year, _years = _year(request)
    tables = [rankings.ranking_table(kind, year) for kind in rankings.KINDS]
    sheets = [(t.title.removeprefix(f"{year}年")[:31], list(t.headers), [list(r) for r in t.rows]) for t in tables]
    return xlsx_response(lambda path: write_xlsx(path, sheets, title=f"{year}年用工与融资排名"),
                         f"用工与融资排名-{year}.xlsx", f"kegong-rankings-{year}.xlsx")


@requires("ledgers.view")
def list_renewals(request):
    today = dt.date.today()
    certs = renewals_due(today, request.access.enterprise_q("enterprise__"))
    rows = [{"c": c, "days": (c.valid_until - today).days, "due": c.renewal_due()} for c in certs]
    return render(request, "web/lists_renewals.html", {"today": today, "rows": rows})
