"""Targets and time progress, against hand-worked figures (mid-year: 2026年1-6月, time progress 50%)."""

import pytest

from kegong.core.periods import Period
from kegong.core.stats.targets import (
    PRESETS,
    IndicatorTotals,
    Status,
    TargetKind,
    TargetSpec,
    achieved,
    assess,
    convert,
    progress_of,
    required_rest_growth,
)

JUNE = Period.cumulative(2026, 6)
INVEST = TargetSpec(2026, "industrial_investment", "工业投资", TargetKind.LEVEL, 50, "亿元")
NEW = TargetSpec(2026, "new_above_scale", "新增规上企业", TargetKind.COUNT, 12, "家")
HIGH_TECH = TargetSpec(2026, "high_tech_new", "国家高新技术企业", TargetKind.COUNT, 5, "家")
VA = TargetSpec(2026, "value_added_growth", "规上工业增加值增长", TargetKind.GROWTH, 8, "%")


@pytest.mark.parametrize(
    ("target", "period", "actual", "completion", "gap", "status"),
    [
        # level: 28 of 50 亿元 = 56% against 50% elapsed → +6 points ≥ 5 → ahead
        (INVEST, JUNE, 28, 0.56, 6.0, Status.AHEAD),
        # 26 亿元 = 52% → +2 points: reached the time progress, not 5 points beyond → on track
        (INVEST, JUNE, 26, 0.52, 2.0, Status.ON_TRACK),
        # exactly 任务过半
        (INVEST, JUNE, 25, 0.50, 0.0, Status.ON_TRACK),
        # 22 亿元 = 44% → −6 points → behind
        (INVEST, JUNE, 22, 0.44, -6.0, Status.BEHIND),
        # count: 7 of 12 = 58.33% → +8.33 → ahead; 5 of 12 = 41.67% → −8.33 → behind
        (NEW, JUNE, 7, 7 / 12, 100 * (7 / 12 - 0.5), Status.AHEAD),
        (NEW, JUNE, 5, 5 / 12, 100 * (5 / 12 - 0.5), Status.BEHIND),
        # 2 of 5 at 1-9月 (75%): 40% → −35 points
        (HIGH_TECH, Period.cumulative(2026, 9), 2, 0.40, -35.0, Status.BEHIND),
        # 1-2月: time progress 2/12; 1 of 5 = 20% → +3.33 points → on track
        (HIGH_TECH, Period.jan_feb(2026), 1, 0.20, 100 * (0.2 - 2 / 12), Status.ON_TRACK),
        # growth is judged by rate: 9.5% vs 8% → +1.5 points ≥ 1 → ahead; completion 9.5/8
        (VA, JUNE, 9.5, 9.5 / 8, 1.5, Status.AHEAD),
        (VA, JUNE, 8.4, 8.4 / 8, 0.4, Status.ON_TRACK),
        (VA, JUNE, 7.2, 7.2 / 8, -0.8, Status.BEHIND),
        (VA, JUNE, -1.0, -1.0 / 8, -9.0, Status.BEHIND),
    ],
)
def test_assess_table(target, period, actual, completion, gap, status):
    p = assess(target, period, actual)
    assert p.time_progress == pytest.approx(period.end / 12)
    assert p.completion == pytest.approx(completion)
    assert p.gap_points == pytest.approx(gap)
    assert p.status is status
    assert status.label in p.message


def test_mid_year_messages_read_as_the_bureau_writes_them():
    # one sentence for the CLI, the alerts and the documents (kegong.core.stats.targets.sentence)
    ahead = assess(INVEST, JUNE, 28)
    assert ahead.message == "工业投资：全年目标50亿元，1-6月完成28.00亿元，完成率56.0%，快于时间进度6.0个百分点（超前）"
    behind = assess(INVEST, JUNE, 22)
    assert "慢于时间进度6.0个百分点（滞后）" in behind.message
    assert assess(VA, JUNE, 7.2).message == "规上工业增加值增长：全年目标增长8%，1-6月累计增长7.2%，低于目标0.8个百分点（滞后）"
    assert assess(VA, JUNE, -1.0).message.startswith("规上工业增加值增长：全年目标增长8%，1-6月累计下降1.0%，")
    assert assess(NEW, JUNE, 7).message.startswith("新增规上企业：全年目标12家，1-6月完成7家，完成率58.3%")


def test_margins_are_parameters():
    assert assess(INVEST, JUNE, 26, ahead_margin=2).status is Status.AHEAD
    assert assess(INVEST, JUNE, 24, behind_margin=3).status is Status.ON_TRACK  # −2 within a 3-point band
    assert assess(VA, JUNE, 8.4, growth_ahead_margin=0.3).status is Status.AHEAD


def test_no_data_and_nonpositive_targets():
    p = assess(INVEST, JUNE, None)
    assert p.status is None and p.completion is None and "暂无完成数据" in p.message
    zero = TargetSpec(2026, "x", "某总量", TargetKind.LEVEL, 0, "万元")
    assert assess(zero, JUNE, 10).status is None
    flat = TargetSpec(2026, "g", "某增速", TargetKind.GROWTH, 0, "%")
    p = assess(flat, JUNE, 1.5)
    assert p.completion is None and p.status is Status.AHEAD  # +1.5 points above a 0% target


def test_period_outside_the_target_year_is_refused():
    with pytest.raises(ValueError, match="不在目标年度"):
        assess(INVEST, Period.cumulative(2025, 6), 10)


def test_required_rest_growth_hand_worked():
    # last year 1000 for the year, 450 in 1-6月; this year 495 in 1-6月 (+10%). For +8% the year needs 1080,
    # so 7-12月 need 1080 − 495 = 585 against last year's 550: +6.3636…%
    assert required_rest_growth(8, 495, 450, 1000) == pytest.approx(100 * (585 / 550 - 1))
    assert required_rest_growth(8, 1050, 1000, 1000) is None  # December: nothing left
    p = assess(VA, JUNE, 10.0, cumulative=495, prior_cumulative=450, prior_full_year=1000)
    assert p.required_rest_growth == pytest.approx(6.363636, abs=1e-6)
    assert "后续月份需增长6.4%方能完成全年目标" in p.message


def test_convert_units():
    assert convert(175_000, "万元", "亿元") == pytest.approx(17.5)
    assert convert(5, "亿元", "万元") == pytest.approx(50_000)
    assert convert(3, "家", "家") == 3
    assert convert(3, "家", "亿元") == 3  # not money: passes through
    with pytest.raises(ValueError):
        convert(1, "亿元", "万千瓦时")


TOTALS = {"gross_output": IndicatorTotals(
    "万元",
    cumulative=[None, 200.0, 300.0, 390.0, 440.0, 495.0, *[None] * 6],
    prior_cumulative=[None, 180.0, 270.0, 350.0, 400.0, 450.0, *[None] * 6],
    last_year_cumulative=[None, 170, 260, 340, 390, 440, 530, 620, 700, 800, 890, 980]),
    "industrial_investment": IndicatorTotals("万元", [None, 50_000, 90_000, 120_000, 150_000, 175_000,
                                                      *[None] * 6], [None] * 12, [None] * 12)}


def test_achieved_from_totals_growth_and_level():
    go = TargetSpec(2026, "gross_output", "规上工业总产值增长", TargetKind.GROWTH, 8, "%")
    got = achieved(go, JUNE, totals=TOTALS)
    assert got.source == "figures" and got.actual == pytest.approx(10.0)  # 495 / 450 − 1
    # last year's full year on this year's scope: 450 × 980 / 440
    assert got.prior_full_year == pytest.approx(450 * 980 / 440)
    p = progress_of(go, JUNE, got)
    assert p.status is Status.AHEAD
    assert p.required_rest_growth == pytest.approx(100 * ((450 * 980 / 440) * 1.08 - 495)
                                                   / (450 * 980 / 440 - 450) - 100)
    inv = achieved(INVEST, JUNE, totals=TOTALS)
    assert inv.actual == pytest.approx(17.5)  # 175,000 万元 = 17.5 亿元
    assert progress_of(INVEST, JUNE, inv).status is Status.BEHIND  # 35% against 50%


def test_achieved_lookup_order_county_then_counts_then_totals():
    county = {("high_tech_new", 2026, 3): (2.0, "家"), ("value_added_growth", 2026, 6): (8.9, "%"),
              ("industrial_investment", 2026, 6): (30.0, "亿元")}
    ht = achieved(HIGH_TECH, JUNE, county=county)
    assert (ht.actual, ht.source, ht.as_of) == (2.0, "county", 3)  # the latest entry up to June
    assert achieved(HIGH_TECH, Period.jan_feb(2026), county=county).actual is None
    assert achieved(VA, JUNE, county=county).actual == pytest.approx(8.9)
    assert achieved(INVEST, JUNE, county=county, totals=TOTALS).actual == pytest.approx(30.0)  # county wins
    assert achieved(NEW, JUNE, county=county, counts={"new_above_scale": 7}).actual == 7
    missing = achieved(TargetSpec(2026, "rd_spend", "研发投入", TargetKind.LEVEL, 1, "亿元"), JUNE, totals=TOTALS)
    assert missing.actual is None and missing.source == ""


def test_presets_cover_the_usual_targets():
    assert PRESETS["value_added_growth"].kind is TargetKind.GROWTH
    assert PRESETS["industrial_investment"].unit == "亿元"
    # names come from the catalogue (新增规上工业企业数, 成功申报国家高新技术企业数, 工业总产值 …)
    assert {PRESETS["new_above_scale"].name, PRESETS["high_tech_new"].name} == {"新增规上工业企业", "成功申报国家高新技术企业"}
    assert PRESETS["gross_output"].name == "规上工业总产值增长"
    assert PRESETS["value_added_growth"].name == "规上工业增加值增长"
    assert PRESETS["rd_gdp_share"].name == "研发投入占GDP比重"


@pytest.mark.parametrize(("kind", "value", "unit", "figure", "goal"), [
    (TargetKind.GROWTH, 9.05, "%", "9.1%", "9.05%"),
    (TargetKind.SHARE, 1.625, "%", "1.63%", "1.63%"),
    (TargetKind.COUNT, 7.0, "家", "7家", "7家"),
    (TargetKind.LEVEL, 2.675, "亿元", "2.68亿元", "2.68亿元"),
    (TargetKind.LEVEL, 40.0, "亿元", "40.00亿元", "40亿元"),
    (TargetKind.LEVEL, None, "亿元", "—", "—"),
])
def test_figure_and_goal_texts_round_half_up(kind, value, unit, figure, goal):
    from kegong.core.stats.targets import figure_text, goal_text

    assert figure_text(kind, value, unit) == figure and goal_text(kind, value, unit) == goal


@pytest.mark.parametrize(
    ("target", "actual", "status", "gap"),
    [
        (1.5, 1.62, Status.AHEAD, 0.12),  # 研发投入占GDP比重 above its target already at mid-year
        (1.5, 1.50, Status.AHEAD, 0.0),
        (12.0, 11.36, Status.BEHIND, -0.64),  # a share is judged against the target, not time progress
    ],
)
def test_share_targets_are_judged_against_the_target_itself(target, actual, status, gap):
    spec = TargetSpec(2026, "rd_gdp_share", "研发投入占GDP比重", TargetKind.SHARE, target, "%")
    p = assess(spec, Period.cumulative(2026, 6), actual)
    assert p.status is status and p.gap_points == pytest.approx(gap)
    assert p.completion == pytest.approx(actual / target)
    assert ("高于" if gap >= 0 else "低于") in p.message and "个百分点" in p.message
