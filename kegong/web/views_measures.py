"""台账计数 (issue 12: a count in a report is the count of records a user can open): every measure counted
from a ledger, for a chosen period, with its value — the number the reports and the dashboard print — and,
one measure at a time, the records it counts (/measures/<code>/?period=2026-06). A user who does not read
the whole county sees the records of their own enterprises and their count, not the county's value."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from kegong.core.errors import KegongError
from kegong.core.numbers import fmt
from kegong.core.periods import Period
from kegong.core.stats.scopes import Scope
from kegong.enterprises import selectors as register
from kegong.ledgers.base import ledger
from kegong.measures.registry import REGISTRY, Measure, measure
from kegong.web.access import requires

YEARS = 3


def period_choices(today: dt.date) -> list[tuple[str, str]]:
    """The cumulative periods of this year up to the last month ended, and of the years before, newest first."""
    out = []
    for year in range(today.year, today.year - YEARS, -1):
        last = today.month - 1 if year == today.year else 12
        out += [(p.key(), p.label()) for p in (Period.cumulative(year, m) for m in range(last, 1, -1))]
    return out


def _chosen(request) -> tuple[Period, str]:
    today = dt.date.today()
    default = Period.cumulative(today.year, today.month - 1) if today.month > 2 else Period.cumulative(today.year - 1, 12)
    text = request.GET.get("period", "").strip()
    if not text:
        return default, ""
    try:
        return Period.parse(text).as_cumulative(), ""
    except KegongError as e:
        return default, f"{e}；已显示 {default.label()}"


def ledger_measures() -> list[Measure]:
    measure("high_tech_enterprises")  # every app's measures registered (the registry's loader)
    return [m for m in REGISTRY.values() if m.ledger]


def _value(m: Measure, v: float | None) -> str:
    return fmt(v, 2 if m.kind == "amount" else 0)


def _readable(request, rows: list) -> list:
    if request.access.reads_all:
        return rows
    ids = set(register.readable(request.access.enterprise_q()).values_list("pk", flat=True))
    return [r for r in rows if r.enterprise_id in ids]


@requires("ledgers.view")
def measure_index(request):
    period, error = _chosen(request)
    county = request.access.reads_all
    rows = []
    for m in ledger_measures():
        lg = ledger(m.ledger)
        if county:
            shown = _value(m, m.compute(period, Scope.county()).level)
        else:
            records = m.records(period, Scope.county())
            shown = "—" if records is None else f"{len(_readable(request, records))} 条"
        rows.append({"m": m, "ledger": lg, "value": shown})
    return render(request, "web/measures.html", {
        "period": period, "error": error, "choices": period_choices(dt.date.today()), "rows": rows,
        "county": county})


def _record_url(m: Measure, obj) -> str | None:
    lg = ledger(m.ledger)
    if lg is None or not isinstance(obj, lg.model):
        return None
    try:
        return reverse("ledger_record", args=[lg.slug, obj.pk])
    except NoReverseMatch:
        return None


def _label(obj) -> str:
    """A record as its row says it beside its enterprise's name (the name not said twice)."""
    text = str(obj)
    name = obj.enterprise.name
    if text.startswith(name):
        text = text[len(name):].strip(" ：:，,")
    elif text.endswith(f"（{name}）"):
        text = text[: -len(name) - 2].strip()
    return text or str(obj)


@requires("ledgers.view")
def measure_records(request, code: str):
    m = REGISTRY.get(code) if code in {x.code for x in ledger_measures()} else None
    if m is None:
        raise Http404("没有这个台账计数")
    period, error = _chosen(request)
    records = m.records(period, Scope.county())
    rows = [] if records is None else _readable(request, records)
    county = request.access.reads_all
    level = m.compute(period, Scope.county()).level
    value = _value(m, level) if county else None
    return render(request, "web/measure_records.html", {
        "m": m, "ledger": ledger(m.ledger), "period": period, "error": error,
        "choices": period_choices(dt.date.today()), "county": county, "value": value, "recorded": records is not None,
        "unlisted": records is None and level is not None,  # counted from records not of one enterprise
        "rows": [{"obj": r, "url": _record_url(m, r), "label": _label(r)} for r in rows],
        "enterprises": len({r.enterprise_id for r in rows})})
