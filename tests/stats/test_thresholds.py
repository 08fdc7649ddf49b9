"""The dashboard's colours as a rule table."""

import pytest

from kegong.core.stats.thresholds import Threshold, progress_gap, state

T = Threshold("x", blue_gap=2.0, orange_gap=5.0, red_below=0.0)


@pytest.mark.parametrize(("gap", "growth", "expected"), [
    (0.0, 5.0, "green"), (1.2, 5.0, "green"), (-2.0, 5.0, "blue"), (-2.01, 5.0, "orange"), (-5.0, 3.0, "orange"),
    (-5.1, 3.0, "red"), (None, 5.0, "none"), (None, -0.1, "red"), (3.0, -1.0, "red"), (None, None, "none"),
])
def test_state(gap, growth, expected):
    assert state(gap, growth, T) == expected


def test_no_floor_means_only_the_gap_counts():
    assert state(1.0, -10.0, Threshold("x", red_below=None)) == "green"


@pytest.mark.parametrize(("kind", "gap_points", "completion", "time", "expected"), [
    ("growth", -1.5, None, 0.5, -1.5), ("share", 0.3, None, 0.5, 0.3), ("level", None, 0.4, 0.5, -10.0),
    ("count", None, 0.75, 0.5, 25.0), ("level", None, None, 0.5, None),
])
def test_progress_gap(kind, gap_points, completion, time, expected):
    got = progress_gap(kind, gap_points, completion, time)
    assert got == (pytest.approx(expected) if expected is not None else None)
