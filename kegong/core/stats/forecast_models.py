"""The forecast candidates of :mod:`kegong.core.stats.forecast` and the rolling-origin helpers.

Every candidate maps a positive series on the seasonal axis to the forecast of the next point (or, with
``steps``, the sum of the next ``steps`` points — used by the benchmark's split-1-2月 comparison).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from kegong.core.errors import DataError

SEASON = 11  # 1-2月, 3月, …, 12月
MIN_TRAIN = 24  # points a fitted candidate needs (two seasonal years and a little)


class ForecastError(DataError):
    """A series that cannot be forecast; the message is Chinese."""


def _snaive(y: np.ndarray, season: int = SEASON, steps: int = 1) -> float:
    return float(sum(y[len(y) - season + i] for i in range(steps)))


def _snaive_growth(y: np.ndarray, season: int = SEASON, steps: int = 1) -> float:
    return _snaive(y, season, steps) * float(y[-season:].sum() / y[-2 * season:-season].sum())


def _hw_damped(y: np.ndarray, season: int = SEASON, steps: int = 1) -> float:
    """Sum of the next ``steps`` Holt-Winters forecasts (``steps=2`` serves the split-1-2月 comparison)."""
    from statsmodels.tsa.holtwinters import ExponentialSmoothing

    model = ExponentialSmoothing(y, trend="add", damped_trend=True, seasonal="mul", seasonal_periods=season,
                                 initialization_method="estimated")
    return float(model.fit(use_brute=False).forecast(steps).sum())


def _airline(y: np.ndarray, season: int = SEASON, steps: int = 1) -> float:
    """SARIMA(0,1,1)(0,1,1)ₛ on log y, fitted on the differenced series w[t] = (1−B)(1−Bˢ) log y[t]; the
    forecasts are integrated back: log ŷ[T+h] = ŵ[T+h] + log y[T+h−1] + log y[T+h−s] − log y[T+h−s−1]."""
    from statsmodels.tsa.statespace.sarimax import SARIMAX

    ly = list(np.log(y))
    arr = np.asarray(ly)
    w = arr[season + 1:] - arr[season:-1] - arr[1:-season] + arr[:-season - 1]
    res = SARIMAX(w, order=(0, 0, 1), seasonal_order=(0, 0, 1, season), trend="n").fit(disp=False)
    total = 0.0
    for wh in res.forecast(steps):
        nxt = float(wh) + ly[-1] + ly[-season] - ly[-season - 1]
        ly.append(nxt)
        total += math.exp(nxt)
    return total


@dataclass(frozen=True)
class Candidate:
    code: str
    label: str
    min_length: int
    predict: Callable[[np.ndarray], float]


CANDIDATES: tuple[Candidate, ...] = (
    Candidate("snaive", "季节朴素（上年同期）", SEASON, _snaive),
    Candidate("snaive_growth", "季节朴素×年增速", 2 * SEASON, _snaive_growth),
    Candidate("hw_damped", "Holt-Winters 阻尼趋势乘法季节", MIN_TRAIN, _hw_damped),
    Candidate("airline", "航空模型 SARIMA(0,1,1)(0,1,1)₁₁", MIN_TRAIN, _airline),
)
BY_CODE = {c.code: c for c in CANDIDATES}


def one_step(candidate: Candidate, y: np.ndarray) -> float | None:
    """The candidate's forecast of the point after ``y``; None when it fails or gives a non-positive or
    non-finite value."""
    if len(y) < candidate.min_length:
        return None
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            f = candidate.predict(y)
    except (ValueError, np.linalg.LinAlgError, ZeroDivisionError, FloatingPointError):
        return None
    return f if math.isfinite(f) and f > 0 else None


def rolling_forecasts(candidate: Candidate, y: np.ndarray, origins: Sequence[int]) -> np.ndarray:
    """One-step forecasts of ``y[t]`` from ``y[:t]`` for each origin ``t`` (NaN where the candidate fails)."""
    return np.array([np.nan if (f := one_step(candidate, y[:t])) is None else f for t in origins])


def mape(actual: np.ndarray, forecast: np.ndarray) -> float | None:
    """Mean absolute percentage error in %; None if any forecast is missing."""
    if len(actual) == 0 or np.any(~np.isfinite(forecast)):
        return None
    return float(100 * np.mean(np.abs(forecast - actual) / np.abs(actual)))
