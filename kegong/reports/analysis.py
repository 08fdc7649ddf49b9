"""The analyst's paragraphs of a report — who pulled output up and down, 增长面, 以电折产, value added against
the output, what moved investment, the 行业大类 / 产业链 / 乡镇 tables — as ready phrases for templates.

``gather_analysis`` reads the published county figures and calls the core
(:func:`kegong.core.stats.analysis.analyse`); ``analysis_view`` says the result in the bureau's words, every
number through :mod:`kegong.reports.phrasing`. The view is plain data (strings, lists of dicts).

A firm's 拉动 is shown with one decimal, or two when one would show 0.0. A gap between two rates is the
difference of the rates as printed (13.7% and 8.5% are 5.2 points apart), and the judgement of the gap is made
on that printed difference, so the words and the figures agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from kegong.core import units
from kegong.core.periods import Period
from kegong.core.stats import analysis as core
from kegong.core.stats.analysis import Analysis, FirmPull, GroupRow, GroupTable, Mover
from kegong.core.stats.indicators import CountyFigures
from kegong.core.stats.panel import Panel, StatsError
from kegong.reports import phrasing as ph

TOP_TOWNS = 3


def gather_analysis(panel: Panel, period: Period, *, figures: CountyFigures | None = None, top: int = 5,
                    moves: int = 3) -> Analysis:
    """The core's analysis of ``period`` (a cumulative period) for the county. ``figures`` are the published
    county figures (default: read from the database for the period's year and the one before)."""
    from kegong.reports.sources import SourceError

    if figures is None:
        from kegong.county.selectors import load_county_figures

        figures = load_county_figures([period.year - 1, period.year])
    try:
        return core.analyse(panel, period, figures, top=top, moves=moves)
    except StatsError as e:
        raise SourceError(str(e)) from None


# --- firms ---------------------------------------------------------------------------------------------
def _pull_digits(pp_value: float | None) -> int:
    r = ph.rounded(pp_value, 1)
    return 2 if r is not None and r == 0 else 1


def _firm(f: FirmPull) -> dict[str, Any]:
    d = _pull_digits(f.pull_pp)
    return {"name": f.name, "uscc": f.id, "growth": ph.growth(f.growth_pct, prefix="", flat="持平", none=""),
            "growth_pct": ph.pct(f.growth_pct), "contribution": ph.num(f.pull_pp, d),
            "contribution_text": ph.pull(f.pull_pp, d)}


def _firms_text(firms: Sequence[dict[str, Any]]) -> str:
    """青溪XX有限公司（增长35.2%，拉动1.2个百分点）、…"""
    return "、".join(f"{x['name']}（{'，'.join(s for s in (x['growth'], x['contribution_text']) if s)}）"
                    for x in firms)


# --- 增长面 ---------------------------------------------------------------------------------------------
def _breadth(a: Analysis) -> tuple[dict[str, Any], str]:
    b = a.breadth
    if not b.compared:
        return {"compared": 0, "growing": 0, "declining": 0, "steep": 0, "flat": 0, "share": ph.NO_DATA}, ""
    head = f"{ph.count(b.compared)}企业中" if b.compared == a.members else f"{ph.count(b.compared)}可比企业中"
    parts = [f"{ph.count(b.growing)}总产值同比增长"]
    if b.flat:
        parts.append(f"{ph.count(b.flat)}持平")
    parts.append(f"{ph.count(b.declining)}下降")
    text = head + "，" + "，".join(parts)
    if b.steep:
        text += f"，其中{ph.count(b.steep)}降幅超过{ph.num(-b.steep_below, 0)}%"
    info = {"compared": b.compared, "growing": b.growing, "declining": b.declining, "steep": b.steep,
            "flat": b.flat, "share": ph.share(b.growing, b.compared)}
    return info, text


# --- cross-checks --------------------------------------------------------------------------------------
def _shown_gap(a: float | None, b: float | None) -> Decimal | None:
    """The difference of two rates as printed (one decimal each)."""
    ra, rb = ph.rounded(a, 1), ph.rounded(b, 1)
    return None if ra is None or rb is None else ra - rb


ELECTRICITY_WORDS = {
    core.CONSISTENT: "两者基本匹配，产值增长有用电支撑",
    core.OUTPUT_AHEAD: "产值增长明显快于用电增长，需关注产值数据是否有用电支撑",
    core.OUTPUT_BEHIND: "用电增长明显快于产值增长，需关注产品价格走低或产值漏报",
}
VALUE_ADDED_WORDS = {
    core.CONSISTENT: "两者基本一致",
    core.OUTPUT_AHEAD: "公布增速明显高于产值所反映的增长，需与统计部门核实增加值率和价格指数",
    core.OUTPUT_BEHIND: "公布增速明显低于产值所反映的增长，需与统计部门核实增加值率和价格指数",
}


def _electricity(a: Analysis) -> tuple[str, str | None]:
    e = a.electricity
    gap = _shown_gap(e.output_pct, e.electricity_pct)
    if gap is None:
        return "", None
    verdict = core.gap_verdict(gap, e.threshold_pp)
    text = (f"总产值{ph.growth(e.output_pct)}，工业用电量{ph.growth(e.electricity_pct)}，"
            f"{ph.rate_gap('总产值增速', '工业用电量增速', gap)}，{ELECTRICITY_WORDS[verdict]}")
    return text, verdict


def _value_added(a: Analysis) -> tuple[str, str | None]:
    va = a.value_added
    estimate = (f"按工业总产值扣除价格因素（PPI {ph.num(va.ppi_index, 1)}）估算"
                f"{ph.growth(va.estimate_pct, prefix='')}") if va.estimate_pct is not None else ""
    if va.official_pct is None:
        return (f"统计部门尚未公布规上工业增加值增速，{estimate}" if estimate else ""), None
    official = f"规上工业增加值{ph.growth(va.official_pct)}（统计部门公布）"
    if not estimate:
        return f"{official}，缺少价格指数，无法按产值估算核对", None
    gap = _shown_gap(va.official_pct, va.estimate_pct)
    verdict = core.gap_verdict(gap, core.VALUE_ADDED_GAP_PP)
    return (f"{official}，{estimate}，{ph.rate_gap('公布增速', '估算增速', gap)}，"
            f"{VALUE_ADDED_WORDS[verdict]}"), verdict


# --- investment ----------------------------------------------------------------------------------------
def _movers_text(ms: Sequence[Mover]) -> str:
    return "、".join(f"{m.label}（{ph.net_change(m.change, units.WAN_YUAN)}）" for m in ms)


def _mover(m: Mover) -> dict[str, Any]:
    return {"name": m.label, "key": m.key, "change": ph.yuan_wan(m.change),
            "change_text": ph.net_change(m.change, units.WAN_YUAN), "growth": ph.growth(m.growth_pct, prefix="",
                                                                                        flat="持平", none="")}


def _investment(a: Analysis) -> tuple[dict[str, Any], str]:
    inv = a.investment
    if inv is None or inv.change is None:
        return {"sections": [], "towns": [], "enterprises": []}, ""
    info = {k: [_mover(m) for m in getattr(inv, k)] for k in ("sections", "towns", "enterprises")}
    head = f"工业投资{ph.growth(inv.growth_pct)}，{ph.net_change(inv.change, units.WAN_YUAN)}"
    verb = "增加较多" if inv.change > 0 else "减少较多" if inv.change < 0 else "变化较大"
    lines = [f"{label}看，{_movers_text(getattr(inv, k))}{verb}"
             for k, label in (("sections", "分行业"), ("towns", "分乡镇"), ("enterprises", "分企业"))
             if getattr(inv, k)]
    return info, head + ("。" + "；".join(lines) if lines else "")


# --- group tables --------------------------------------------------------------------------------------
def _row(r: GroupRow) -> dict[str, Any]:
    return {"key": r.key, "name": r.label, "output": ph.yi(r.current), "output_text": ph.yuan_yi(r.current),
            "growth": ph.pct(r.growth_pct), "growth_text": ph.growth(r.growth_pct),
            "share": ph.pct(r.share_pct), "contribution": ph.num(r.pull_shown, 1),
            "contribution_text": ph.pull(r.pull_shown), "contribution_rate": ph.pct(r.contribution_pct)}


TOP_DIVISIONS = 3  # 行业大类 named in the text (the largest by output)
TOP_CHAINS = 4  # 产业链 likewise


def _table(t: GroupTable) -> list[dict[str, Any]]:
    return [_row(r) for r in t.rows]


def _group_phrase(r: GroupRow) -> str:
    return (f"{r.label}（总产值{ph.yuan_yi(r.current)}，{ph.growth(r.growth_pct, prefix='', flat='持平')}，"
            f"{ph.pull(r.pull_shown)}）")


def groups_text(t: GroupTable, n: int | None = None) -> str:
    """The groups by output (the residual — no chain, no division — left out), the first ``n`` or all:
    家居智造（总产值12.30亿元，增长15.2%，拉动2.1个百分点）、…"""
    rows = [r for r in t.rows if not r.key.endswith(":")]
    return "、".join(_group_phrase(r) for r in rows[:n])


def _town_phrase(r: GroupRow) -> str:
    return (f"{r.label}（总产值占全县{ph.pct(r.share_pct)}，{ph.growth(r.growth_pct, prefix='', flat='持平')}，"
            f"贡献率{ph.pct(r.contribution_pct)}）")


def leading_and_lagging(t: GroupTable, n: int = TOP_TOWNS) -> tuple[list[GroupRow], list[GroupRow]]:
    """The ``n`` towns pulling county growth most (positive pulls, largest first) and the ``n`` with the
    lowest growth rates (declines first), none of them a leader; the residual (no town) left out."""
    towns = [r for r in t.rows if not r.key.endswith(":")]
    lead = sorted((r for r in towns if r.pull_pp is not None and r.pull_pp > 0),
                  key=lambda r: (-r.pull_pp, r.key))[:n]
    rest = [r for r in towns if r not in lead and r.growth_pct is not None]
    lag = sorted(rest, key=lambda r: (r.growth_pct, r.key))[:n]
    return lead, lag


def _towns_text(t: GroupTable) -> str:
    lead, lag = leading_and_lagging(t)
    parts = []
    if lead:
        parts.append("、".join(_town_phrase(r) for r in lead) + "拉动全县增长居前")
    if lag:
        falling = all(r.growth_pct is not None and ph.rounded(r.growth_pct, 1) < 0 for r in lag)
        parts.append("、".join(_town_phrase(r) for r in lag) + ("总产值下降" if falling else "增速靠后"))
    return "；".join(parts)


def analysis_view(analysis: Analysis) -> dict[str, Any]:
    """The analysis as template names (see the module's docstring for the rules)."""
    a = analysis
    leaders, laggards = [_firm(f) for f in a.leaders], [_firm(f) for f in a.laggards]
    breadth, breadth_text = _breadth(a)
    electricity_text, electricity_verdict = _electricity(a)
    va_text, va_verdict = _value_added(a)
    investment, investment_text = _investment(a)
    return {
        "leaders": leaders, "laggards": laggards,
        "leaders_text": _firms_text(leaders), "laggards_text": _firms_text(laggards),
        "breadth": breadth, "breadth_text": breadth_text,
        "electricity_check_text": electricity_text, "electricity_verdict": electricity_verdict,
        "value_added_check_text": va_text, "value_added_verdict": va_verdict,
        "investment": investment, "investment_text": investment_text,
        "divisions": _table(a.divisions), "chains": _table(a.chains), "towns": _table(a.towns),
        "towns_text": _towns_text(a.towns),
        "divisions_text": groups_text(a.divisions, TOP_DIVISIONS), "chains_text": groups_text(a.chains, TOP_CHAINS),
    }
