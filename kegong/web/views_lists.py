"""培育名单 (issue 12): 研发投入「破零倍增」 (/lists/rd/) and 升规入统 candidates (/lists/scale-up/), each a page
and an .xlsx download (``data.export``). The lists are computed in the core (kegong.core.stats.cultivation)
over the panel store for the latest period with figures; a user sees only the firms of their read scope
(``request.access``). Every number on the pages goes through kegong.core.numbers."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.shortcuts import render

from kegong.core.numbers import fmt, round_half_up
from kegong.core.periods import Period
from kegong.core.stats import cultivation as cv
from kegong.core.stats.panel import Panel
from kegong.enterprises import selectors as register
from kegong.figures import store
from kegong.figures.selectors import latest_period
from kegong.imports.exports import write_xlsx
from kegong.targets.selectors import target_specs
from kegong.web.access import requires
from kegong.web.downloads import xlsx_response


@dataclass(frozen=True)
class Ctx:
    panel: Panel
    year: int
    month: int
    among: np.ndarray | None
    label: str  # 2026年1-6月


def _ctx(request) -> Ctx | None:
    latest = latest_period()
    if latest is None:
        return None
    p = store.panel()
    acc = request.access
    among = None
    if not acc.reads_all:
        readable = set(register.readable(acc.enterprise_q()).values_list("uscc", flat=True))
        among = np.array([u in readable for u in p.ids], dtype=bool)
    return Ctx(p, latest[0], latest[1], among, Period.cumulative(*latest).label())


def _town(p: Panel, pos: int) -> str:
    g = p.groups["town"]
    return g.labels[g.codes[pos]]


def _n(v: float | None) -> float | None:
    return round_half_up(v, 2)


# --- 研发投入「破零倍增」 ----------------------------------------------------------------------------------
SHOWN = 200  # rows a list shows on the page (a province's 破零 list runs to thousands); the .xlsx holds all

def _rd_row(p: Panel, f: cv.RdFirm) -> dict:
    return {"uscc": f.id, "name": p.names[f.pos], "town": _town(p, f.pos),
            "current": fmt(f.current) if f.reported else "未填报", "month": f.month,
            "prior": fmt(f.prior), "ratio": fmt(f.ratio), "f": f}


@requires("enterprises.view")
def list_rd(request):
    c = _ctx(request)
    ctx = {"period": "", "export": request.access.can("data.export")}
    if c is not None:
        lists = cv.rd_lists(c.panel, c.year, c.month, c.among)
        ctx.update({"period": c.label, "year": c.year, "lists": lists, "shown": SHOWN,
                    "unreported": sum(1 for f in lists.zero if not f.reported)})
        for name in ("zero", "doubling", "lapsed"):
            firms = getattr(lists, name)
            ctx[name], ctx[f"{name}_total"] = [_rd_row(c.panel, f) for f in firms[:SHOWN]], len(firms)
    return render(request, "web/lists_rd.html", ctx)


RD_HEADERS = ["企业名称", "统一社会信用代码", "乡镇（街道）", "本年累计研发投入（万元）", "截至月份", "上年同期（万元）",
              "本年/上年同期（倍）"]


@requires("data.export")
def list_rd_xlsx(request):
    c = _ctx(request)
    if c is None:
        sheets = [("破零", RD_HEADERS, [])]
        title, period = "研发投入破零倍增名单（尚无数据）", ""
    else:
        lists = cv.rd_lists(c.panel, c.year, c.month, c.among)

        def rows(firms):
            return [[c.panel.names[f.pos], f.id, _town(c.panel, f.pos),
                     _n(f.current) if f.reported else "未填报", f.month, _n(f.prior), _n(f.ratio)] for f in firms]

        sheets = [("破零", RD_HEADERS, rows(lists.zero)), ("倍增", RD_HEADERS, rows(lists.doubling)),
                  ("上年有今年无", RD_HEADERS, rows(lists.lapsed))]
        title = f"{c.label} 规上工业企业研发投入「破零倍增」名单"
        period = f"{c.year}-{c.month:02d}"
    suffix = f"-{period}" if period else ""
    return xlsx_response(lambda path: write_xlsx(path, sheets, title=title),
                         f"研发投入破零倍增{suffix}.xlsx", f"kegong-rd{suffix}.xlsx")


# --- 升规入统 ------------------------------------------------------------------------------------------
def _cand_row(p: Panel, x: cv.Candidate) -> dict:
    return {"uscc": x.id, "name": p.names[x.pos], "town": _town(p, x.pos), "months": x.months,
            "revenue": fmt(x.revenue), "basis": x.basis_label, "estimated": x.estimated,
            "figure": fmt(x.figure), "ratio": fmt(x.ratio), "annualised": fmt(x.annualised),
            "gap": fmt(x.gap) if x.gap > 0 else "已达到", "reached": x.gap <= 0}


def _new_above(c: Ctx, reads_all: bool) -> dict:
    n = cv.new_above_scale(c.panel, c.year, c.among)
    target = None
    if reads_all:  # the target is the county's
        t = next((t for t in target_specs(c.year) if t.code == "new_above_scale"), None)
        target = None if t is None else fmt(t.value, 0)
    return {"count": None if n is None else fmt(n, 0), "target": target}


@requires("enterprises.view")
def list_scale_up(request):
    c = _ctx(request)
    ctx = {"period": "", "export": request.access.can("data.export"), "rules": cv.SCALE_RULES,
           "threshold": fmt(cv.THRESHOLD, 0), "approach": fmt(cv.APPROACH, 0)}
    if c is not None:
        found = cv.scale_up_candidates(c.panel, c.year, c.month, c.among)
        ctx.update({"period": c.label, "year": c.year, "rows": [_cand_row(c.panel, x) for x in found[:SHOWN]],
                    "rows_total": len(found), "shown": SHOWN,
                    "estimated": sum(1 for x in found if x.estimated),
                    "new_above": _new_above(c, request.access.reads_all)})
    return render(request, "web/lists_scale_up.html", ctx)


SCALE_HEADERS = ["企业名称", "统一社会信用代码", "乡镇（街道）", "累计月数", "营业收入累计（万元）", "口径",
                 "估算依据数值", "营业收入比值（行业中位数）", "年化营业收入（万元）", "距 2000 万元（万元）"]


@requires("data.export")
def list_scale_up_xlsx(request):
    c = _ctx(request)
    rows, title, period = [], "升规入统培育名单（尚无数据）", ""
    if c is not None:
        for x in cv.scale_up_candidates(c.panel, c.year, c.month, c.among):
            rows.append([c.panel.names[x.pos], x.id, _town(c.panel, x.pos), x.months, _n(x.revenue),
                         x.basis_label, _n(x.figure), _n(x.ratio), _n(x.annualised), _n(max(x.gap, 0.0))])
        title = (f"{c.label} 升规入统培育名单：年化营业收入 {fmt(cv.APPROACH, 0)} 万元及以上的规下工业企业"
                 f"（规上起点 {fmt(cv.THRESHOLD, 0)} 万元）")
        period = f"{c.year}-{c.month:02d}"
    suffix = f"-{period}" if period else ""
    rules = [[r.name, r.revenue, r.source] for r in cv.SCALE_RULES]
    sheets = [("升规入统", SCALE_HEADERS, rows), ("口径", ["项目", "年营业收入（万元）", "依据"], rules)]
    return xlsx_response(lambda path: write_xlsx(path, sheets, title=title),
                         f"升规入统培育名单{suffix}.xlsx", f"kegong-scale-up{suffix}.xlsx")
