"""Thin views: the 驾驶舱 (dashboard) for any period. The figures come from kegong.measures.dashboard; the
rendered board depends only on the data version, the period and the comparison chosen, so it is rendered
once per (version, period, comparison) and shared by every request (the page around it is the user's own)."""

from __future__ import annotations

import threading

from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe

from kegong.accounts.selectors import access_of
from kegong.core.errors import KegongError
from kegong.core.periods import Period
from kegong.figures import store
from kegong.figures.selectors import latest_period
from kegong.measures.dashboard import COMPARE_BY
from kegong.web.access import forbidden, requires
from kegong.web.board import board_context, period_choices

_fragments: dict[tuple, str] = {}  # (data version, period, comparison), scope → the rendered board
_contexts: dict[tuple, dict] = {}  # (data version, period, comparison) → the board's figures


_computing: dict[tuple, threading.Lock] = {}  # a lock per board being computed
_computing_guard = threading.Lock()


def _lock_for(key) -> threading.Lock:
    """One lock per key: the requests arriving while a board is computed wait for it instead of each computing
    it again (a cold server at 20,000 firms stalled 5–8 s when ~25 users computed the same board at once)."""
    with _computing_guard:
        if len(_computing) > 256:
            _computing.clear()
        return _computing.setdefault(key, threading.Lock())


def _remember(cache: dict, key, value) -> None:
    if len(cache) > 64:
        cache.clear()
    cache[key] = value


def _scope_key(acc):
    return None if acc.reads_all else (acc.read, acc.read_units, acc.enterprise_id)


def _within(context: dict, acc) -> dict:
    """The board for the user: the county's figures for all; the enterprises named (拉动/拖累) only where the
    user may read them — a town's staff see their own firms among the county's pullers, not other towns'."""
    if acc.reads_all:
        return context
    from kegong.enterprises.models import Enterprise

    named = [r["key"] for rows in context["pullers"].values() for r in rows]
    mine = set(Enterprise.objects.filter(acc.enterprise_q(), uscc__in=named).values_list("uscc", flat=True))
    pullers = {side: [r for r in rows if r["key"] in mine] for side, rows in context["pullers"].items()}
    return {**context, "pullers": pullers, "pullers_scoped": True}


def home(request):
    """The dashboard; an enterprise reporter (no dashboard) goes to their own enterprise's page."""
    a = access_of(request.user)
    if request.user.is_authenticated and not a.can("dashboard.view") and a.enterprise_id:
        from kegong.enterprises.models import Enterprise

        uscc = Enterprise.objects.filter(pk=a.enterprise_id).values_list("uscc", flat=True).first()
        try:
            return redirect(reverse("enterprise", args=[uscc]))
        except NoReverseMatch:
            return forbidden(request, "查看驾驶舱")
    return _dashboard(request)


@requires("dashboard.view")
def _dashboard(request):
    latest = latest_period()
    if latest is None:
        return render(request, "web/home.html", {"board_html": "", "empty": True})
    period, error = _chosen_period(request.GET.get("period", ""), latest)
    by = request.GET.get("by", "town")
    by = {"section": "industry"}.get(by, by)  # 门类 is also called section
    by = by if by in COMPARE_BY else "town"
    key = (str(store.root()), store.version(), period.key(), by)
    scope = _scope_key(request.access)
    html = _fragments.get((key, scope))
    if html is None:
        with _lock_for(key):
            context = _contexts.get(key)
            if context is None:
                try:
                    context = board_context(period, by)
                except KegongError as e:  # a period the figures cannot be computed for: say why, show the latest
                    period = Period.cumulative(*latest)
                    error = f"{e}；已显示最新期别 {period.label()}"
                    key = (*key[:2], period.key(), by)
                    context = board_context(period, by)
                _remember(_contexts, key, context)
        html = render_to_string("web/_dashboard.html", _within(context, request.access))
        _remember(_fragments, (key, scope), html)
    return render(request, "web/home.html", {
        "board_html": mark_safe(html),  # noqa: S308 - our own template
        "period": period, "error": error, "choices": period_choices(latest), "by": by,
        "overdue": _overdue_appeals(request)})


def _overdue_appeals(request) -> list:
    """Appeals past their 限时办结 date, within what the user reads (not cached: it changes with the day)."""
    import datetime as dt

    from kegong.service.selectors import overdue

    if not request.access.can("ledgers.view"):
        return []
    key = (dt.date.today(), _scope_key(request.access), _appeals_version())
    hit = _overdue_cache.get(key)
    if hit is None:
        hit = overdue(key[0], request.access.enterprise_q("enterprise__"))
        _remember(_overdue_cache, key, hit)
    return hit


_overdue_cache: dict[tuple, list] = {}


def _appeals_version() -> tuple:
    """What changes when an appeal does: their number and the latest change (one cheap aggregate)."""
    from django.db.models import Count, Max

    from kegong.service.models import Appeal

    got = Appeal.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
    return got["n"], got["last"]


home.kegong_permission = "dashboard.view"


def _chosen_period(text: str, latest: tuple[int, int]) -> tuple[Period, str]:
    """The period asked for (any form kegong.core.periods reads), else the latest, with why."""
    default = Period.cumulative(*latest)
    if not text.strip():
        return default, ""
    try:
        p = Period.parse(text).as_cumulative()
    except KegongError as e:
        return default, f"{e}；已显示最新期别 {default.label()}"
    if (p.year, p.end) > latest:
        return default, f"{p.label()} 还没有数据（数据截至 {default.label()}），已显示最新期别"
    return p, ""
