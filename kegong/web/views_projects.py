"""项目完成情况 (issue 13 item 3): for a period and a scheme year, each project's year plan, what it completed in
that year through the period, the completion beside the time progress and 滞后 flagged (the core's target
judgement), the totals by category, and an .xlsx download. Thin: the reads and the judgement are
kegong.projects.selectors; numbers formatted by kegong.core.numbers."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import render

from kegong.core.numbers import fmt, round_half_up
from kegong.imports.exports import write_xlsx
from kegong.projects import selectors as s
from kegong.web import periods
from kegong.web.access import requires
from kegong.web.downloads import xlsx_response
from kegong.web.views_informatization import chosen_period

HEADERS = ["项目类别", "项目名称", "项目业主", "年度计划投资（万元）", "本年完成投资（万元）", "完成率（%）", "时间进度（%）",
           "进度"]


def _year(text: str, default: int) -> int:
    try:
        return int(text) if text.strip() else default
    except ValueError:
        return default


def _chosen(request) -> dict:
    period, error = chosen_period(request.GET.get("period", ""))
    year = _year(request.GET.get("year", ""), period.year)
    try:
        span, rows = s.completions(period, year)
    except ValueError as e:
        error, year = f"{e}；已显示 {period.year} 年的项目", period.year
        span, rows = s.completions(period, year)
    return {"period": period, "year": year, "span": span, "rows": rows, "error": error,
            "totals": s.theme_totals(span, rows)}


def _status(r: s.ProjectCompletion) -> str:
    if r.progress.status is None:
        return "无年度计划" if not r.plan else ""
    return r.progress.status.label


def _cells(r: s.ProjectCompletion) -> dict:
    owner = r.project.enterprise.name if r.project is not None and r.project.enterprise else ""
    return {"theme": r.theme, "name": r.name, "owner": owner, "plan": fmt(r.plan), "done": fmt(r.done),
            "rate": fmt(r.rate, 1), "time": fmt(r.time_progress, 1), "status": _status(r), "behind": r.behind}


@requires("reports.view")
def projects_progress(request):
    c = _chosen(request)
    years = sorted({*s.scheme_years(), c["period"].year}, reverse=True)
    return render(request, "web/projects.html", {
        **c, "period_value": c["period"].key(), "choices": periods.choices(dt.date.today(), c["period"]),
        "years": years, "items": [_cells(r) for r in c["rows"]],
        "sums": [_cells(r) for r in c["totals"]], "behind": sum(1 for r in c["rows"] if r.behind),
        "export": request.access.can("data.export")})


@requires("data.export")
def projects_progress_xlsx(request):
    c = _chosen(request)

    def row(r: s.ProjectCompletion, total: bool = False) -> list:
        d = _cells(r)
        head = [r.name, "", ""] if total else [d["theme"], d["name"], d["owner"]]
        return [*head, round_half_up(r.plan, 2), round_half_up(r.done, 2), round_half_up(r.rate, 1),
                round_half_up(r.time_progress, 1), d["status"]]

    def write(path):
        title = f"{c['year']}年项目完成情况（{c['span'].label()}）"
        write_xlsx(path, [("项目完成情况", HEADERS, [row(r) for r in c["rows"]]),
                          ("按类别合计", HEADERS, [row(r, True) for r in c["totals"]])], title=title)

    name = f"项目完成情况-{c['year']}-{c['span'].key()}"
    return xlsx_response(write, f"{name}.xlsx", f"kegong-projects-{c['year']}-{c['span'].key()}.xlsx")
