"""Illustrative period facts for the demo county (deterministic from a seed; marked 演示数据)."""

from __future__ import annotations

from decimal import Decimal

import numpy as np

from kegong.core.catalogue import FACTS
from kegong.county.services import county_figure_set

# (low, high) of a plausible half-year value for a county of ~150 above-scale enterprises (the science counts
# are not typed: they are counted from the demo's 台账, kegong.demo.tech_records)
RANGES: dict[str, tuple[float, float]] = {}


def seed_facts(year: int, month: int, seed: int = 2026, scale: float = 1.0) -> int:
    """The facts of one month. ``scale`` (how many counties of ~150 enterprises the demo is) multiplies the
    counts and amounts — not the shares (``*_share``, in %)."""
    rng = np.random.default_rng([seed, year, month])
    n = 0
    for d in FACTS:
        lo, hi = RANGES[d.code]
        if scale != 1.0 and not d.code.endswith("_share"):
            lo, hi = lo * scale, hi * scale
        v = rng.uniform(lo, hi)
        value = Decimal(round(v)) if d.digits == 0 else Decimal(f"{v:.{d.digits}f}")
        county_figure_set(code=d.code, year=year, month=month, value=value, note="演示数据")
        n += 1
    return n
