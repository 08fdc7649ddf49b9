"""Alerts (预警) on a period's indicators: growth turned negative, growth fell sharply, a target lagging.

Inputs are plain: anything with ``code``, ``name``, ``yoy_pct`` (cumulative growth of 1-M月, %) and
``yoy_pct_prev`` (the same for the previous cumulative period 1-(M-1)月; none for 1-2月) — the rows of
``kegong.core.stats.indicators.indicator_table`` qualify — and the :class:`~kegong.core.stats.targets.Progress` of the
year's targets.

Rules
    ``turned_negative`` (增速由正转负) — growth was ≥ 0 in the previous period and is < 0 now;
    ``sharp_drop`` (增速大幅回落) — growth fell by more than ``drop_points`` percentage points against the
        previous period (default 5);
    ``target_lag`` (目标进度滞后) — a target whose status is 滞后.
An indicator whose growth turned negative *and* fell sharply gets both alerts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from kegong.core.periods import Period
from kegong.core.stats.targets import Progress, Status


class GrowthLike(Protocol):
    code: str
    name: str
    yoy_pct: float | None
    yoy_pct_prev: float | None


@dataclass(frozen=True)
class Growth:
    code: str
    name: str
    yoy_pct: float | None
    yoy_pct_prev: float | None


class AlertKind(StrEnum):
    TURNED_NEGATIVE = "turned_negative"
    SHARP_DROP = "sharp_drop"
    TARGET_LAG = "target_lag"

    @property
    def label(self) -> str:
        return {"turned_negative": "增速由正转负", "sharp_drop": "增速大幅回落",
                "target_lag": "目标进度滞后"}[self.value]


@dataclass(frozen=True)
class Alert:
    kind: AlertKind
    code: str
    name: str
    period: Period
    figures: dict
    message: str

    def to_dict(self) -> dict:
        return {"kind": str(self.kind), "label": self.kind.label, "code": self.code, "name": self.name,
                "period": self.period.key(), "figures": self.figures, "message": self.message}


def growth_alerts(rows: Iterable[GrowthLike], period: Period, *, drop_points: float = 5.0) -> list[Alert]:
    """Alerts from growth against the previous cumulative period."""
    prev = period.previous_cumulative() if period.is_cumulative else None
    prev_label = prev.span_label() if prev else "上期"
    out: list[Alert] = []
    for r in rows:
        now, before = r.yoy_pct, r.yoy_pct_prev
        if now is None or before is None:
            continue
        figs = {"yoy_pct": round(now, 2), "yoy_pct_prev": round(before, 2), "pp_change": round(now - before, 2)}
        if before >= 0 > now:
            out.append(Alert(AlertKind.TURNED_NEGATIVE, r.code, r.name, period, figs,
                             f"{r.name}{period.span_label()}累计增长 {now:.1f}%，"
                             f"{prev_label}为 {before:.1f}%，增速由正转负"))
        if before - now > drop_points:
            out.append(Alert(AlertKind.SHARP_DROP, r.code, r.name, period, figs,
                             f"{r.name}{period.span_label()}累计增长 {now:.1f}%，较{prev_label}"
                             f"回落 {before - now:.1f} 个百分点（预警线 {drop_points:g} 个百分点）"))
    return out


def target_alerts(progress: Iterable[Progress]) -> list[Alert]:
    """An alert for every target behind its time progress (or below its growth rate)."""
    out = []
    for p in progress:
        if p.status is Status.BEHIND:
            figs = {"actual": p.actual, "target": p.target.value, "completion": p.completion,
                    "time_progress": p.time_progress, "gap_points": p.gap_points}
            out.append(Alert(AlertKind.TARGET_LAG, p.target.code, p.target.name, p.period, figs, p.message))
    return out


def alerts(rows: Iterable[GrowthLike], period: Period, progress: Sequence[Progress] = (), *,
           drop_points: float = 5.0) -> list[Alert]:
    """All alerts of a period: growth first (in the rows' order), then lagging targets."""
    return growth_alerts(rows, period, drop_points=drop_points) + target_alerts(progress)
