"""台账计数 (issue 12: a count in a report is the count of records a user can open): every measure counted
from a ledger, for a chosen period, with its value — the number the reports and the dashboard print — and,
one measure at a time, the records it counts (/measures/<code>/?period=2026-06). A user who does not read
the whole county sees the records of their own enterprises and their count, not the county's value."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from kegong.core.periods import Period
from kegong.core.stats.scopes import Scope
from kegong.enterprises import selectors as register
from kegong.ledgers.base import ledger
from kegong.measures.listing import default_period, ledger_measure, measure_rows, readable, shown
from kegong.measures.registry import Measure
from kegong.web import periods
from kegong.web.access import requires


def period_choices(today: dt.date) -> list[tuple[str, str]]:
    return periods.choices(today)


def chosen_period(request) -> tuple[Period, str]:
    """The period asked for, else the last month ended (kegong.web.periods)."""
    return periods.chosen(request.GET.get("period", ""), default_period(dt.date.today()))


def readable_ids(request) -> set[int] | None:
    """The enterprises whose records the user may open; None for a reader of the whole county."""
    if request.access.reads_all:
        return None
    return set(register.readable(request.access.enterprise_q()).values_list("pk", flat=True))


@requires("ledgers.view")
def measure_index(request):
    period, error = chosen_period(request)
    county = request.access.reads_all
    rows = []
    for r in measure_rows(period, enterprise_ids=readable_ids(request)):
        if county:
            text = shown(r.measure, r.level)
        else:
            text = "—" if r.records is None else f"{len(r.records)} 条"
        rows.append({"m": r.measure, "ledger": ledger(r.measure.ledger), "value": text})
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


def _firm(obj):
    """The enterprise a record is of: the record itself (a count of firms: 家居产业园在建企业), its enterprise, or
    None (a project or a wind farm of no firm of the register)."""
    return obj if hasattr(obj, "uscc") else getattr(obj, "enterprise", None)


def _label(obj) -> str:
    """A record as its row says it beside its enterprise's name (the name not said twice)."""
    text = str(obj)
    firm = _firm(obj)
    if firm is None:
        return text
    if firm is obj:  # a count of firms: the row's name column says it all
        return "—"
    name = firm.name
    if text.startswith(name):
        text = text[len(name):].strip(" ：:，,")
    elif text.endswith(f"（{name}）"):
        text = text[: -len(name) - 2].strip()
    if text.startswith("（") and text.endswith("）") and text.count("（") == 1:
        text = text[1:-1]  # 某公司（2026年信息化调查） → 2026年信息化调查
    return text or str(obj)


@requires("ledgers.view")
def measure_records(request, code: str):
    m = ledger_measure(code)
    if m is None:
        raise Http404("没有这个台账计数")
    period, error = chosen_period(request)
    county = request.access.reads_all
    everything = m.records(period, Scope.county())
    ids = readable_ids(request)
    rows = [] if everything is None else [r for r in everything if readable(r, ids)]
    level = m.compute(period, Scope.county()).level
    value = shown(m, level) if county else None
    return render(request, "web/measure_records.html", {
        "m": m, "ledger": ledger(m.ledger), "period": period, "error": error,
        "choices": period_choices(dt.date.today()), "county": county, "value": value,
        "recorded": everything is not None,
        "unlisted": everything is None and level is not None,  # counted from records not of one enterprise
        "rows": [{"obj": r, "firm": _firm(r), "url": _record_url(m, r), "label": _label(r)} for r in rows],
        "enterprises": len({f.pk for f in map(_firm, rows) if f is not None})})
