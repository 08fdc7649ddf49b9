"""The monthly briefing's 用电折算产值（预估） sentence, from the early estimates of
:func:`kegong.figures.estimates.early_estimates` (:mod:`kegong.core.stats.early_estimate`). Pure: estimates in,
plain strings and numbers out; every number is written by :mod:`kegong.reports.phrasing`.

``estimate_view(estimates)`` gives

* ``available`` — whether there is a county estimate to say (False: every other key empty);
* ``text`` — “据供电部门7月数据，1-7月全县规模工业用电量同比增长8.9%，据此预估1-7月规模工业总产值同比增长13.2%左右
  （区间增长11.4%～15.0%，回测平均误差1.1个百分点），待统计数据公布后更新。”;
* ``parts`` — one dict per scope (全县 first, then the sections, then the towns): ``scope``, ``kind``, ``label``,
  the numbers (``electricity_yoy``, ``output_yoy``, ``low``, ``high``, ``mae_pp``, ``n_backtest``), ``method``,
  and the phrases ``electricity`` (同比增长8.9%), ``output`` (同比增长13.2%), ``interval`` (11.4%～15.0%),
  ``error`` (回测平均误差1.1个百分点（26期）) and ``text`` (制造业预估同比增长15.8%左右);
* ``period`` (2026年1-7月), ``span`` (1-7月), ``month`` (7月), ``month_text`` — the month's own estimate
  (“7月当月规模工业用电量同比增长11.2%，预估当月规模工业总产值同比增长15.5%左右。”).
"""

from __future__ import annotations

from collections.abc import Sequence

from kegong.core.stats.early_estimate import Estimate, ScopeEstimate
from kegong.reports import phrasing
from kegong.reports.forecast_words import rate_range

FLAT = "与上年同期基本持平"
ORDER = {"all": 0, "industry": 1, "town": 2}


def _growth(rate: float | None) -> str:
    return phrasing.growth(rate, flat=FLAT)


def _about(rate: float | None) -> str:
    """同比增长13.2%左右 (flat: 与上年同期基本持平, no 左右)."""
    said = _growth(rate)
    return said if said == FLAT else f"{said}左右"


def _interval(e: Estimate) -> str:
    """增长11.4%～15.0% / 下降1.2%至增长0.8%: the bounds in the words of growth (forecast_words)."""
    return rate_range(e.low, e.high) if e.has_interval else ""


def _error(e: Estimate) -> str:
    if e.mae_pp is None:
        return ""
    return f"回测平均误差{phrasing.num(e.mae_pp)}个百分点"


def _bracket(e: Estimate) -> str:
    """（区间增长11.4%～15.0%，回测平均误差1.1个百分点） — what of it exists; （未经回测） with no history."""
    said = [s for s in (f"区间{_interval(e)}" if e.has_interval else "", _error(e)) if s]
    return f"（{'，'.join(said)}）" if said else "（历史数据不足，未经回测）"


def _part(s: ScopeEstimate) -> dict:
    c = s.cumulative
    return {"scope": s.scope, "kind": s.kind, "label": s.label, "electricity_yoy": c.electricity_yoy,
            "output_yoy": c.output_yoy, "low": c.low, "high": c.high, "mae_pp": c.mae_pp,
            "n_backtest": c.n_backtest, "method": c.method, "electricity": _growth(c.electricity_yoy),
            "output": _growth(c.output_yoy), "interval": _interval(c),
            "error": f"{_error(c)}（{c.n_backtest}期）" if c.mae_pp is not None else "",
            "text": f"{s.label}预估{_about(c.output_yoy)}"}


def _sentence(county: ScopeEstimate) -> str:
    c, span, month = county.cumulative, county.period.span_label(), county.period.reporting_month().span_label()
    return (f"据供电部门{month}数据，{span}全县规模工业用电量{_growth(c.electricity_yoy)}，据此预估{span}规模工业"
            f"总产值{_about(c.output_yoy)}{_bracket(c)}，待统计数据公布后更新。")


def _month_sentence(county: ScopeEstimate) -> str:
    m, month = county.month, county.period.reporting_month().span_label()
    if m.output_yoy is None or county.period.end <= 2:  # 1-2月: the month is the cumulative
        return ""
    return f"{month}当月规模工业用电量{_growth(m.electricity_yoy)}，预估当月规模工业总产值{_about(m.output_yoy)}。"


def estimate_view(estimates: Sequence[ScopeEstimate]) -> dict:
    """The briefing's context for the early estimate (keys in the module docstring)."""
    county = next((s for s in estimates if s.kind == "all" and s.output_yoy is not None), None)
    if county is None:
        return {"available": False, "text": "", "parts": [], "period": "", "span": "", "month": "",
                "month_text": ""}
    ordered = sorted((s for s in estimates if s.kind in ORDER), key=lambda s: ORDER[s.kind])
    return {"available": True, "text": _sentence(county), "parts": [_part(s) for s in ordered],
            "period": county.period.label(), "span": county.period.span_label(),
            "month": county.period.reporting_month().span_label(), "month_text": _month_sentence(county)}
