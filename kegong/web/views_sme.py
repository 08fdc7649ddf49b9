"""中小微企业 (/sme/): each enterprise's size class for a year (大/中/小/微型 by 国统字〔2017〕213号's 工业 row,
kegong.core.rules.enterprise_size) with its staff, revenue, class and working, the counts by class, filtered
by class and town; and the 信心指数 by quarter and question (kegong.core.stats.confidence). A user sees the
enterprises and surveys of their read scope only (``request.access``). Numbers through kegong.core.numbers."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render

from kegong.core.numbers import fmt
from kegong.core.rules.enterprise_size import BOUNDS, NOTE, SOURCE
from kegong.core.stats.confidence import BOOM_BUST, FORMULA, QUESTIONS
from kegong.enterprises import selectors as register
from kegong.ledgers.base import ledger
from kegong.sme import selectors as s
from kegong.web.access import requires

PER_PAGE = 100


def _int(text: str | None) -> int | None:
    try:
        return int(text or "")
    except ValueError:
        return None


def _row(r: s.SizeRow) -> dict:
    e = r.enterprise
    return {"uscc": e.uscc, "name": e.name, "town": e.town.name, "staff": fmt(r.staff, 0), "staff_from": r.staff_from,
            "revenue": fmt(r.revenue, 2), "revenue_from": r.revenue_from, "size": r.size.name, "code": r.code,
            "working": r.size.working}


def _index_row(c) -> dict:
    def shown(v):
        return {"text": fmt(v, 1), "up": v is not None and v > BOOM_BUST, "down": v is not None and v < BOOM_BUST}
    return {"label": c.label, "enterprises": c.enterprises, "overall": shown(c.overall),
            "questions": [shown(q.index) for q in c.questions]}


def _sizes(request, q) -> dict:
    years = s.size_years()
    year = _int(request.GET.get("year"))
    if year not in years:
        year = years[0] if years else s.default_year()
    towns = register.unit_names("town", within=register.readable(q))
    town = request.GET.get("town", "")
    size = request.GET.get("size", "")
    size = size if size in {c for c, _n in s.CLASSES} else ""  # an unknown class: every class
    rows = s.sizes(year, q & Q(town__name=town) if town in towns else q)
    counts = s.counts(rows)
    shown = [r for r in rows if not size or r.code == size]
    page = Paginator(shown, PER_PAGE).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in (("year", year), ("town", town), ("size", size)) if v})
    return {"year": year, "years": years or [year], "towns": towns, "town": town if town in towns else "",
            "size": size, "classes": [{"code": c, "name": n, "count": counts[c]} for c, n in s.CLASSES],
            "total": len(rows), "page": page, "rows": [_row(r) for r in page.object_list], "query": query,
            "shown": len(shown)}


@requires("enterprises.view")
def sme_overview(request):
    acc = request.access
    ctx = _sizes(request, acc.enterprise_q())
    ctx.update({
        "indices": [_index_row(c) for c in reversed(s.indices(acc.enterprise_q("enterprise__")))],
        "questions": QUESTIONS, "formula": FORMULA, "source": SOURCE, "note": NOTE,
        "bounds": [{"name": {"large": "大型", "medium": "中型", "small": "小型"}[b.size], "staff": fmt(b.staff, 0),
                    "revenue": fmt(b.revenue, 0)} for b in BOUNDS],
        "ledgers": [ledger("sme-confidence"), ledger("sme-size-checks")] if acc.can("ledgers.view") else [],
        "scoped": not acc.reads_all,
    })
    return render(request, "web/sme.html", ctx)
