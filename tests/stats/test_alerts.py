"""Alerts: growth turned negative, fell by more than N points, targets lagging."""

import pytest

from kegong.core.periods import Period
from kegong.core.stats.alerts import AlertKind, Growth, alerts, growth_alerts, target_alerts
from kegong.core.stats.targets import TargetKind, TargetSpec, assess

JUNE = Period.cumulative(2026, 6)


@pytest.mark.parametrize(
    ("now", "before", "kinds"),
    [
        (-0.5, 1.2, {AlertKind.TURNED_NEGATIVE}),  # fell 1.7 points: negative, not sharp
        (-4.0, 2.0, {AlertKind.TURNED_NEGATIVE, AlertKind.SHARP_DROP}),  # −6 points and negative
        (3.0, 9.0, {AlertKind.SHARP_DROP}),  # −6 points, still positive
        (4.0, 9.0, set()),  # exactly 5 points: the line is "more than"
        (-2.0, -1.0, set()),  # already negative
        (0.0, 1.0, set()),  # zero is not negative
        (8.0, 2.0, set()),  # rising
        (None, 2.0, set()),
        (2.0, None, set()),  # 1-2月 has no previous period
    ],
)
def test_growth_alert_table(now, before, kinds):
    found = growth_alerts([Growth("gross_output", "工业总产值", now, before)], JUNE)
    assert {a.kind for a in found} == kinds


def test_drop_threshold_is_a_parameter_and_messages_are_chinese():
    row = Growth("electricity", "工业用电量", 6.5, 9.0)
    assert not growth_alerts([row], JUNE)
    (a,) = growth_alerts([row], JUNE, drop_points=2)
    assert a.message == "工业用电量1-6月累计增长 6.5%，较1-5月回落 2.5 个百分点（预警线 2 个百分点）"
    assert a.figures == {"yoy_pct": 6.5, "yoy_pct_prev": 9.0, "pp_change": -2.5}
    neg = growth_alerts([Growth("profit", "利润总额", -1.0, 0.5)], Period.cumulative(2026, 3))[0]
    assert neg.message == "利润总额1-3月累计增长 -1.0%，1-2月为 0.5%，增速由正转负"
    assert neg.to_dict()["period"] == "2026-03" and neg.to_dict()["label"] == "增速由正转负"


def test_lagging_targets_alert():
    invest = TargetSpec(2026, "industrial_investment", "工业投资", TargetKind.LEVEL, 50, "亿元")
    va = TargetSpec(2026, "value_added_growth", "规上工业增加值增长", TargetKind.GROWTH, 8, "%")
    progress = [assess(invest, JUNE, 22), assess(va, JUNE, 9.5), assess(invest, JUNE, None)]
    found = target_alerts(progress)
    assert [(a.kind, a.code) for a in found] == [(AlertKind.TARGET_LAG, "industrial_investment")]
    assert found[0].figures["gap_points"] == pytest.approx(-6.0)
    both = alerts([Growth("gross_output", "工业总产值", -1.0, 2.0)], JUNE, progress)
    assert [a.kind for a in both] == [AlertKind.TURNED_NEGATIVE, AlertKind.TARGET_LAG]
