"""The 预计 figures the summary prints beside the model forecasts (pure: panel and plain data in).

* 规模工业增加值 — the published growth moves with gross output: 预计 = the published 1-M月 growth plus the
  change the gross-output forecast expects (1-(M+1)月 forecast growth − 1-M月 actual growth), its interval
  shifted alike (``kegong.core.stats.value_added.outlook_pct``).
* 高新技术产业增加值 — published by quarter: for the period the document speaks of, the latest published
  level grown with the gross output of the firms on the statistics bureau's list (纳入统计企业); their output
  for a month not yet in is carried forward with the county's gross-output forecast.
* 新增规上工业企业 — those already entered this year plus the 升规入统 candidates whose annualised revenue
  already reaches the statistical threshold (``kegong.core.stats.cultivation``).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np

from kegong.core.periods import Period
from kegong.core.stats import cultivation as cv
from kegong.core.stats.growth import growth_pct
from kegong.core.stats.panel import Panel
from kegong.core.stats.value_added import outlook_pct
from kegong.reports.data import CountyMeasure, Outlook

VALUE_ADDED_NAME = "规模工业增加值"


def value_added_outlook(va_pct: float | None, output_pct: float | None, output: Outlook | None) -> Outlook | None:
    """预计 value-added growth for the gross-output forecast's span (None without the three inputs)."""
    if va_pct is None or output is None or output.growth is None or output_pct is None:
        return None

    def shift(x: float | None) -> float | None:
        return outlook_pct(va_pct, output_pct, x)

    return Outlook("value_added", VALUE_ADDED_NAME, "%", output.span, None, None, None, shift(output.growth),
                   shift(output.growth_low), shift(output.growth_high), output.level,
                   "按总产值预测推算", "增加值增速按总产值预测增速的变动推算" + (f"；{output.note}" if output.note else ""),
                   output.fallback, output.mape)


def ready_to_enter(panel: Panel, period: Period) -> int:
    """升规入统 candidates whose annualised revenue to date reaches the statistical threshold."""
    return sum(1 for c in cv.scale_up_candidates(panel, period.year, period.end) if c.gap <= 0)


@dataclass(frozen=True)
class HighTechOutlook:
    span: str  # 1-6月
    value: float  # 万元
    growth: float | None  # %
    basis: str


def _figures(panel: Panel, pos: np.ndarray, year: int, month: int) -> tuple[np.ndarray, np.ndarray]:
    y, k = panel.year_index(year), panel.indicator_index("gross_output")

    def field(f: str) -> np.ndarray:
        return np.where(panel.reported[f][y, k, month - 1, pos], panel.data[f][y, k, month - 1, pos], np.nan)

    return field("cumulative"), field("prior_cumulative")


def _sums(panel: Panel, ids: Collection[str], year: int, months: tuple[int, ...]) -> list[tuple[float, float]] | None:
    """The listed firms' gross output 1-M月 and its prior-year figure at each of ``months``, over the same
    firms: those with both figures at every one of the months (like for like)."""
    if not panel.has_year(year) or "gross_output" not in panel.indicators:
        return None
    known = set(panel.ids)
    pos = np.array([panel.enterprise_index(i) for i in ids if i in known], dtype=np.int64)
    if not len(pos):
        return None
    pairs = [_figures(panel, pos, year, m) for m in months]
    both = np.logical_and.reduce([~np.isnan(c) & ~np.isnan(p) for c, p in pairs])
    if not both.any():
        return None
    return [(float(c[both].sum()), float(p[both].sum())) for c, p in pairs]


def high_tech_outlook(panel: Panel, period: Period, covers: Period, published: CountyMeasure | None,
                      firms: Collection[str], *, published_growth: float | None = None,
                      output: Outlook | None = None, output_now: tuple[float | None, float | None] = (None, None),
                      ) -> HighTechOutlook | None:
    """预计 high-tech value added for ``covers`` when the latest published figure is for an earlier quarter.

    ``output`` is the county's gross-output forecast and ``output_now`` its 1-M月 (cumulative, growth %):
    they carry the listed firms' output to a month not yet in."""
    if published is None or published.value is None or not firms or published.period.end >= covers.end:
        return None
    sums = _sums(panel, firms, period.year, (published.period.end, period.end))
    if sums is None:
        return None
    (base_cur, base_pri), (now_cur, now_pri) = sums
    if not base_cur or not base_pri or not now_cur or not now_pri:
        return None
    now_pct = growth_pct(now_cur, now_pri)
    if covers.end > period.end:  # the month not yet in
        county_cum, county_pct = output_now
        if output is None or output.cumulative is None or output.growth is None or not county_cum \
                or county_pct is None:
            return None
        now_cur = now_cur * output.cumulative / county_cum
        now_pct = now_pct + (output.growth - county_pct)
    value = published.value * now_cur / base_cur
    start = published_growth if published_growth is not None else published.yoy_pct
    growth = None if start is None else start + (now_pct - growth_pct(base_cur, base_pri))
    return HighTechOutlook(covers.span_label(), value, growth, "按纳入统计企业总产值推算")
