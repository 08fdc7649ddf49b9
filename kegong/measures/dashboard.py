"""驾驶舱: the figures of the dashboard for one period, gathered from the registry of measures, the targets
and the statistical core — cards (level, growth, change in points, a colour against target and thresholds),
this year's cumulative growth against last year's, the parts of the county compared, target progress, the
alerts, and the enterprises pulling growth up and down most. Plain data for the web to render."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from kegong.core.catalogue import INDICATORS
from kegong.core.numbers import round_half_up
from kegong.core.periods import Period
from kegong.core.stats import thresholds as th
from kegong.core.stats.aggregate import breakdown_by, breakdown_by_enterprise
from kegong.core.stats.indicators import indicator_table
from kegong.core.stats.panel import Scope
from kegong.county.selectors import load_county_figures
from kegong.figures.selectors import load_panel
from kegong.measures.registry import MeasureData, measures
from kegong.measures.sharing import sharing

CARDS = ("gross_output", "value_added_growth", "industrial_investment", "renovation_investment", "electricity",
         "tax", "new_above_scale", "high_tech_enterprises")
COMPARE_BY = {"industry": "section", "division": "division", "town": "town", "park": "park", "chain": "chain"}
PULLERS = 5


@dataclass(frozen=True)
class Card:
    code: str
    name: str
    unit: str
    kind: str
    level: float | None
    growth: float | None
    pp: float | None
    target: str  # the target sentence, or ""
    state: str  # green | blue | orange | red | none
    state_name: str


def measure_data(period: Period) -> MeasureData:
    from kegong.targets.selectors import counts

    panel = load_panel(years=[period.year - 1, period.year])
    return MeasureData(panel, load_county_figures([period.year - 1, period.year]), counts(period.year))


def cards(period: Period, data: MeasureData, progress: dict, limits: dict) -> list[Card]:
    out = []
    with sharing():
        values = {m.code: m.compute(period, Scope.county(), data) for m in measures(CARDS)}
    for m in measures(CARDS):
        v = values[m.code]
        p = progress.get(m.code)
        gap = th.progress_gap(str(p.target.kind), p.gap_points, p.completion, p.time_progress) if p else None
        growth = v.growth if m.kind != "count" else None
        state = th.state(gap, growth, limits.get(m.code) or th.default_threshold(m.code)) if v.has_data else th.NONE
        out.append(Card(m.code, m.name, m.unit, m.kind, v.level, v.growth, v.pp, p.message if p else "", state,
                        th.STATE_NAMES[state]))
    return out


def growth_by_month(data: MeasureData, period: Period, code: str = "gross_output") -> dict:
    """Cumulative growth month by month, this year and last (for the same months)."""
    from kegong.core.catalogue import BY_CODE

    d = BY_CODE[code]
    labels, now, before = [], [], []
    for m in range(2, period.end + 1):
        labels.append(Period.cumulative(period.year, m).span_label())
        for year, series in ((period.year, now), (period.year - 1, before)):
            if data.panel.has_data(year, m):
                (row,) = indicator_table(data.panel, Period.cumulative(year, m), [Scope.county()], [d])
                series.append(round_half_up(row.yoy_pct, 1))
            else:
                series.append(None)
    return {"labels": labels, "series": [{"name": f"{period.year}年", "data": now},
                                         {"name": f"{period.year - 1}年", "data": before}], "name": d.name}


def compare(data: MeasureData, period: Period, by: str) -> list[dict]:
    bd = breakdown_by(data.panel, Scope.county(), COMPARE_BY[by], "gross_output", period.year, period.end)
    rows = sorted((p for p in bd.parts if p.current is not None), key=lambda p: p.rank_level or 0)
    return [{"label": p.label, "current": p.current, "growth": p.growth_pct, "pull": p.pull_pp,
             "share": p.share_pct, "rank": p.rank_level} for p in rows]


def pullers(data: MeasureData, period: Period) -> dict:
    bd = breakdown_by_enterprise(data.panel, Scope.county(), "gross_output", period.year, period.end)
    parts = [p for p in bd.parts if p.pull_pp is not None]
    parts.sort(key=lambda p: p.pull_pp)
    row = lambda p: {"key": p.key, "label": p.label, "pull": p.pull_pp, "growth": p.growth_pct,  # noqa: E731
                     "current": p.current}
    return {"up": [row(p) for p in reversed(parts[-PULLERS:]) if p.pull_pp > 0],
            "down": [row(p) for p in parts[:PULLERS] if p.pull_pp < 0]}


def dashboard(period: Period, by: str = "town") -> dict:
    """Everything the 驾驶舱 shows for ``period`` (a cumulative period with figures); ``indicators`` are the
    county's rows of every indicator (kegong.core.stats.indicators.IndicatorRow)."""
    from kegong.targets.selectors import thresholds
    from kegong.targets.services import targets_overview

    data = measure_data(period)
    overview = targets_overview(period.year, period)
    progress = {p.target.code: p for p in overview.progress}
    return {
        "period": period.key(), "period_label": period.label(), "by": by,
        "cards": [asdict(c) for c in cards(period, data, progress, thresholds())],
        "trend": growth_by_month(data, period),
        "compare": compare(data, period, by),
        "targets": [p.to_dict() for p in overview.progress],
        "alerts": [a.to_dict() for a in overview.alerts],
        "pullers": pullers(data, period),
        "indicators": indicator_table(data.panel, period, [Scope.county()], INDICATORS),
    }
