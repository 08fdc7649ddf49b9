"""The dashboard's colours (绿 / 蓝 / 橙 / 红) for a measure against its target and alert thresholds, as a
rule table staff may override per measure (stored in 年度目标). Pure.

The *gap* is how far the measure is from where its target says it should be by now: for a growth target
the growth minus the target (百分点); for an amount or count target the completion minus the time elapsed
(百分点 of the year). Green: on or ahead; blue: behind by at most ``blue_gap``; orange: by at most
``orange_gap``; red: further behind — or, whatever the target, growth below ``red_below`` (e.g. negative)."""

from __future__ import annotations

from dataclasses import dataclass

GREEN, BLUE, ORANGE, RED, NONE = "green", "blue", "orange", "red", "none"
STATE_NAMES = {GREEN: "达到或超过目标进度", BLUE: "略低于目标进度", ORANGE: "明显滞后", RED: "预警", NONE: "未设目标"}


@dataclass(frozen=True)
class Threshold:
    code: str
    blue_gap: float = 2.0
    orange_gap: float = 5.0
    red_below: float | None = 0.0  # growth (%) under which the card is red; None: no floor


DEFAULTS: tuple[Threshold, ...] = (
    Threshold("gross_output", 2.0, 5.0, 0.0),
    Threshold("value_added_growth", 1.0, 3.0, 0.0),
    Threshold("industrial_investment", 5.0, 10.0, 0.0),
    Threshold("renovation_investment", 5.0, 10.0, 0.0),
    Threshold("electricity", 2.0, 5.0, 0.0),
    Threshold("tax", 3.0, 8.0, 0.0),
    Threshold("new_above_scale", 10.0, 25.0, None),
    Threshold("high_tech_enterprises", 10.0, 25.0, None),
)
DEFAULTS_BY_CODE = {t.code: t for t in DEFAULTS}


def default_threshold(code: str) -> Threshold:
    return DEFAULTS_BY_CODE.get(code, Threshold(code))


def state(gap: float | None, growth: float | None, t: Threshold) -> str:
    """The colour of a card (see the module's rule)."""
    eps = 1e-9
    if growth is not None and t.red_below is not None and growth < t.red_below - eps:
        return RED
    if gap is None:
        return NONE
    if gap >= -eps:
        return GREEN
    if gap >= -t.blue_gap - eps:
        return BLUE
    if gap >= -t.orange_gap - eps:
        return ORANGE
    return RED


def progress_gap(kind: str, gap_points: float | None, completion: float | None, time_progress: float) -> float | None:
    """The gap of a target's progress: growth and share targets by their points, amounts and counts by
    completion against time (both shares of 1, the gap in points)."""
    if kind in ("growth", "share"):
        return gap_points
    if completion is None:
        return None
    return 100 * (completion - time_progress)
