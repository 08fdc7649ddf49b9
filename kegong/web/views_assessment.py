"""绩效考评 (/assessment/): the towns ranked on the year's scheme for a chosen period — 排名, 乡镇, 总分 and each
item's score with its working (kegong.assessment.selectors) — and the same table as .xlsx with the working on a
second sheet. Leaders, staff and town users see the whole ranking (a town user's own town marked)."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import render

from kegong.assessment import selectors
from kegong.core.errors import KegongError
from kegong.core.numbers import fmt, fmt_plain, round_half_up
from kegong.core.periods import Period
from kegong.enterprises.models import OrgUnit
from kegong.imports.exports import write_xlsx
from kegong.web import periods
from kegong.web.access import requires
from kegong.web.downloads import xlsx_response


def _chosen(request) -> tuple[Period, str]:
    """The period asked for, else the latest month with enterprise figures (kegong.web.periods)."""
    return periods.chosen(request.GET.get("period", ""), periods.latest_or_last_month())


def _scheme_pk(request) -> int | None:
    try:
        return int(request.GET.get("scheme", ""))
    except ValueError:
        return None


def _board(request):
    """(period, scheme, board, error) for the request."""
    period, error = _chosen(request)
    scheme = selectors.scheme_for(period.year, _scheme_pk(request))
    if scheme is not None and scheme.year != period.year:
        period = Period.cumulative(scheme.year, 12 if scheme.year < period.year else period.end)
    if scheme is None:
        return period, None, None, error
    try:
        return period, scheme, selectors.board(scheme, period), error
    except KegongError as e:
        return period, scheme, None, str(e)


def _own_towns(request) -> set[str]:
    units = request.access.read_units
    if request.access.reads_all or not units:
        return set()
    return set(OrgUnit.objects.filter(pk__in=units, kind=OrgUnit.Kind.TOWN).values_list("name", flat=True))


def _choices(period: Period) -> list[tuple[str, str]]:
    return periods.choices(dt.date.today(), period)


@requires("dashboard.view")
def assessment(request):
    period, scheme, board, error = _board(request)
    mine = _own_towns(request)
    rows = [{"row": r, "mine": r.town in mine, "total": fmt(r.total, 2)} for r in board.rows] if board else []
    return render(request, "web/assessment.html", {
        "period": period, "scheme": scheme, "board": board, "rows": rows, "error": error,
        "choices": _choices(period), "schemes": selectors.schemes(period.year),
        "weight": fmt_plain(board.weight, 2) if board else ""})


def _n(v: float | None, nd: int = 2) -> float | None:
    return None if v is None else float(round_half_up(v, nd))


def sheets_of(board: selectors.Board) -> list:
    head = ["排名", "乡镇（街道）", "总分", *[f"{i.name}（{fmt_plain(i.weight, 2)}分）" for i in board.items]]
    ranking = [[r.rank, r.town, r.total, *[c.score.score for c in r.cells]] for r in board.rows]
    working = [[r.rank, r.town, c.item.name, c.score.score, _n(c.score.actual), _n(c.score.target),
                _n(c.score.completion), c.score.band, c.working] for r in board.rows for c in r.cells]
    return [("考评排名", head, ranking),
            ("计分过程", ["排名", "乡镇（街道）", "考评项目", "得分", "完成值", "目标值", "完成率（%）", "档次", "计分过程"],
             working)]


@requires("dashboard.view")
def assessment_xlsx(request):
    period, scheme, board, error = _board(request)
    if board is None:
        title = error or f"{period.year}年尚无考评方案"
        sheets = [("考评排名", ["排名", "乡镇（街道）", "总分"], [])]
    else:
        title = f"{scheme.year}年{scheme.name}（{period.label()}）"
        sheets = sheets_of(board)
    return xlsx_response(lambda path: write_xlsx(path, sheets, title=title),
                         f"绩效考评-{period.key()}.xlsx", f"kegong-assessment-{period.key()}.xlsx")


TOP = 3


@requires("dashboard.view")
def assessment_card(request):
    """The dashboard's 绩效考评 card, fetched by the page after it is shown (htmx, ``hx-trigger="load"``): the
    scheme's first towns and, for a town user, their own place — the board takes longer than the dashboard's
    figures, so it never holds the page up."""
    period, scheme, board, error = _board(request)
    own = _own_towns(request)
    rows = list(board.rows) if board is not None else []
    mine = [r for r in rows if r.town in own]
    shown = rows[:TOP] + [r for r in mine if r not in rows[:TOP]]
    return render(request, "web/_assessment_card.html", {
        "period": period, "scheme": scheme, "error": error, "towns": len(rows), "own": own,
        "rows": [{"rank": r.rank, "town": r.town, "total": fmt(r.total, 2)} for r in shown]})
