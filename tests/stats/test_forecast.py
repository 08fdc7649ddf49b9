"""Next-month forecasts: the 11-season axis, model choice by back-test, intervals, fallbacks, growth."""

import math

import numpy as np
import pytest
from scipy.stats import t as student_t

from kegong.core.stats.forecast import (
    BY_CODE,
    SEASON,
    ForecastError,
    SeasonalSeries,
    SeriesPoint,
    county_points,
    forecast_cumulative,
    forecast_next,
    month_of,
    months_in,
    one_step,
    season_of,
    to_seasonal,
)
from kegong.core.stats.panel import EnterpriseInfo, FigureRow, panel_from_rows

SHAPE = (1.55, 0.98, 1.02, 1.05, 1.07, 1.01, 0.97, 1.04, 1.08, 1.10, 1.16)  # 1-2月 ≈ two months


def seasonal_points(n: int, *, first_year: int = 2020, growth: float = 0.006, noise: float = 0.0, seed: int = 0,
                    level: float = 1000.0) -> tuple[list[SeriesPoint], list[float]]:
    """A clean multiplicative seasonal series on the 11-season axis: level · (1+g)^t · shape[s] · noise.
    Returns the points and the noise-free values (one more than the points: the truth of the next one)."""
    rng = np.random.default_rng(seed)
    pts, truth = [], []
    for t in range(n + 1):
        year, s = first_year + t // SEASON, t % SEASON
        clean = level * (1 + growth) ** t * SHAPE[s]
        truth.append(clean)
        if t < n:
            pts.append(SeriesPoint(year, month_of(s), clean * (1 + noise * rng.standard_normal())))
    return pts, truth


def test_season_axis():
    assert [season_of(m) for m in (1, 2, 3, 12)] == [0, 0, 1, 10]
    assert [month_of(s) for s in (0, 1, 10)] == [2, 3, 12]
    assert months_in(0) == 2 and months_in(5) == 1
    assert SeasonalSeries.position(2026, 2) + 1 == SeasonalSeries.position(2026, 3)
    assert SeasonalSeries.position(2025, 12) + 1 == SeasonalSeries.position(2026, 2)
    assert SeasonalSeries.year_month(SeasonalSeries.position(2026, 7)) == (2026, 7)


def test_separate_january_and_february_are_combined():
    s = to_seasonal([SeriesPoint(2026, 1, 10.0, 1), SeriesPoint(2026, 2, 12.0, 2), SeriesPoint(2026, 3, 7.0)])
    assert list(s.values) == [22.0, 7.0]
    s2 = to_seasonal([SeriesPoint(2026, 2, 22.0), SeriesPoint(2026, 3, 7.0)])  # 1-2月 reported together
    assert list(s2.values) == [22.0, 7.0] and s2.first == s.first


@pytest.mark.parametrize(
    ("points", "message"),
    [
        ([], "为空"),
        ([SeriesPoint(2026, 2, 5.0, 2), SeriesPoint(2026, 3, 5.0)], "1-2月数据不完整"),
        ([SeriesPoint(2026, 2, 5.0), SeriesPoint(2026, 2, 5.0)], "重复"),
        ([SeriesPoint(2026, 3, 5.0), SeriesPoint(2026, 5, 5.0)], "2026年4月缺期"),
        ([SeriesPoint(2025, 12, 5.0), SeriesPoint(2026, 3, 5.0)], "2026年1-2月缺期"),
        ([SeriesPoint(2026, 3, 5.0), SeriesPoint(2026, 4, 0.0)], "零或负值"),
    ],
)
def test_bad_series_are_refused(points, message):
    with pytest.raises(ForecastError, match=message):
        to_seasonal(points)


def test_clean_seasonal_series_is_forecast_closely():
    pts, truth = seasonal_points(60, noise=0.01, seed=3)
    f = forecast_next(pts)
    assert (f.year, f.month) == (2025, 7)  # point 60 = 2025, 6th season (July)
    assert f.value == pytest.approx(truth[60], rel=0.03)
    assert not f.fallback and f.model != "snaive" and f.origins == SEASON
    assert f.backtest[f.model] < f.backtest["snaive"]  # chosen only because it beat seasonal naive
    assert f.backtest[f.model] == min(v for v in f.backtest.values() if v is not None)
    assert f.low < f.value < f.high


def test_noise_free_series_is_forecast_almost_exactly():
    pts, truth = seasonal_points(40)  # ends with 2023 Feb-… ; next is the 41st point
    f = forecast_next(pts)
    assert f.value == pytest.approx(truth[40], rel=1e-3)
    assert f.low <= f.value <= f.high


def test_interval_is_the_t_scaled_rms_of_back_test_log_errors():
    # 2023, 2024 flat per month; 2025 one step up from March. Seasonal naive (only candidate) forecasts 11
    # for 2025 Apr-Jun and 2025 Jul; the three back-test errors are all log(12/11).
    pts = [SeriesPoint(2023, 2, 20.0)] + [SeriesPoint(2023, m, 10.0) for m in range(3, 13)]
    pts += [SeriesPoint(2024, 2, 22.0)] + [SeriesPoint(2024, m, 11.0) for m in range(3, 13)]
    pts += [SeriesPoint(2025, 2, 24.0)] + [SeriesPoint(2025, m, 12.0) for m in range(3, 7)]
    f = forecast_next(pts, candidates=[BY_CODE["snaive"]])
    assert (f.year, f.month, f.value, f.model, f.fallback) == (2025, 7, 11.0, "snaive", False)
    assert f.origins == 3 and f.backtest["snaive"] == pytest.approx(100 / 12)  # |11 − 12| / 12
    q = student_t.ppf(0.9, df=3)
    s = math.log(12 / 11)
    assert f.low == pytest.approx(11 * math.exp(-q * s)) and f.high == pytest.approx(11 * math.exp(q * s))


def test_cumulative_and_growth_hand_worked():
    pts = [SeriesPoint(2023, 2, 20.0)] + [SeriesPoint(2023, m, 10.0) for m in range(3, 13)]
    pts += [SeriesPoint(2024, 2, 22.0)] + [SeriesPoint(2024, m, 11.0) for m in range(3, 13)]
    pts += [SeriesPoint(2025, 2, 24.0)] + [SeriesPoint(2025, m, 12.0) for m in range(3, 7)]
    only_snaive = [BY_CODE["snaive"]]
    cf = forecast_cumulative(pts, candidates=only_snaive)
    # 1-6月 = 24 + 4·12 = 72; July forecast 11 → 1-7月 83; last year's 1-7月 = 22 + 5·11 = 77
    assert (cf.year, cf.month, cf.span_label) == (2025, 7, "1-7月")
    assert cf.cumulative == pytest.approx(83) and cf.prior_cumulative == pytest.approx(77)
    assert cf.growth == pytest.approx(100 * (83 / 77 - 1))
    assert cf.cumulative_low == pytest.approx(72 + cf.next.low)
    assert cf.growth_low < cf.growth < cf.growth_high
    # with the comparable base: this year's enterprises reported 70 for last year's 1-6月; last year's own
    # July was 11 on 66 for 1-6月, so the base grows to 70 · (1 + 11/66)
    cf2 = forecast_cumulative(pts, current_cumulative=72.0, prior_cumulative=70.0, candidates=only_snaive)
    assert cf2.prior_cumulative == pytest.approx(70 * (1 + 11 / 66))
    assert cf2.growth == pytest.approx(100 * (83 / (70 * 77 / 66) - 1))
    d = cf2.to_dict()
    assert d["period"] == "2025-07" and d["label"] == "2025年1-7月" and d["model"] == "snaive"


def test_after_december_the_cumulative_restarts_with_jan_feb():
    pts = [SeriesPoint(2023, 2, 20.0)] + [SeriesPoint(2023, m, 10.0) for m in range(3, 13)]
    pts += [SeriesPoint(2024, 2, 22.0)] + [SeriesPoint(2024, m, 11.0) for m in range(3, 13)]
    pts += [SeriesPoint(2025, 2, 24.0)] + [SeriesPoint(2025, m, 12.0) for m in range(3, 13)]
    cf = forecast_cumulative(pts, prior_cumulative=130.0, candidates=[BY_CODE["snaive"]])
    assert (cf.year, cf.month) == (2026, 2)
    assert cf.cumulative == pytest.approx(24.0)  # 1-2月 = the forecast itself (same season last year)
    assert cf.prior_cumulative == pytest.approx(24.0) and cf.growth == pytest.approx(0.0)


def test_short_series_falls_back_to_seasonal_naive_with_a_flag():
    pts, _ = seasonal_points(15, noise=0.02, seed=1)
    f = forecast_next(pts)
    assert f.fallback and f.model == "snaive" and "季节朴素" in f.note
    assert f.value == pytest.approx(pts[-SEASON].value)
    assert f.low is not None and f.low < f.value < f.high  # four past seasonal-naive errors
    assert f.backtest == {}


def test_very_short_series_falls_back_to_naive_scaled_to_the_period_length():
    pts = [SeriesPoint(2025, 9, 10.0), SeriesPoint(2025, 10, 11.0), SeriesPoint(2025, 11, 12.0),
           SeriesPoint(2025, 12, 13.0)]
    f = forecast_next(pts)
    assert f.fallback and f.model == "naive" and (f.year, f.month) == (2026, 2)
    assert f.value == pytest.approx(26.0)  # December's 13 a month, for the two months of 1-2月
    assert f.low is not None and f.low < f.value < f.high
    two = forecast_next(pts[:2])
    assert two.value == pytest.approx(11.0) and two.low is None and two.high is None  # too few errors


def test_a_failing_candidate_is_skipped_not_fatal():
    def broken(y):
        raise ValueError("boom")

    from kegong.core.stats.forecast import Candidate

    bad = Candidate("broken", "坏模型", 2, broken)
    assert one_step(bad, np.ones(30)) is None
    pts, truth = seasonal_points(40, noise=0.01)
    f = forecast_next(pts, candidates=[BY_CODE["snaive"], bad])
    assert f.model == "snaive" and f.backtest["broken"] is None


def test_county_points_from_a_panel():
    ents = [EnterpriseInfo("A", "甲公司", "C", "13", "城关镇"), EnterpriseInfo("B", "乙公司", "C", "13", "城关镇")]
    rows = [FigureRow("A", "gross_output", 2025, m, cumulative=20.0 + 10 * (m - 2)) for m in range(2, 13)]
    rows += [FigureRow("B", "gross_output", 2025, m, cumulative=1000.0 * m) for m in range(2, 13)]  # out of scope
    rows += [FigureRow("A", "gross_output", 2026, 2, cumulative=22.0, prior_cumulative=20.0),
             FigureRow("A", "gross_output", 2026, 3, cumulative=33.0, prior_cumulative=30.0),
             FigureRow("B", "gross_output", 2026, 2, cumulative=4.0),
             FigureRow("B", "gross_output", 2026, 3, cumulative=6.0)]
    panel = panel_from_rows(ents, rows, {2025: ["A"], 2026: ["A", "B"]})
    pts, cum, prior = county_points(panel, "gross_output", 2026, 3)
    assert [(p.year, p.month, p.value) for p in pts] == (
        [(2025, 2, 20.0)] + [(2025, m, 10.0) for m in range(3, 13)] + [(2026, 2, 26.0), (2026, 3, 13.0)])
    assert pts[0].start == 1 and pts[1].start == 3
    assert (cum, prior) == (39.0, 30.0)
    pts2, _, _ = county_points(panel, "gross_output", 2025, 12)
    assert len(pts2) == SEASON
