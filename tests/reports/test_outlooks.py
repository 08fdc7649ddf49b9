"""The 预计 figures beside the forecasts (kegong.reports.outlooks, value_added.outlook_pct) and what the rest
of the year needs per target (targets.rest_of_year, views.rest_text). Expected figures are worked out by
hand from the rules in the module docstrings; the panel is small enough to add up on paper."""

from __future__ import annotations

import pytest

from kegong.core import units
from kegong.core.periods import Period
from kegong.core.stats import targets
from kegong.core.stats.panel import EnterpriseInfo, FigureRow, panel_from_rows
from kegong.core.stats.value_added import outlook_pct
from kegong.reports import outlooks as ol
from kegong.reports.data import CountyMeasure, Outlook, TargetLine
from kegong.reports.views import rest_text

Y = 2026
approx = pytest.approx


# --- value added: the published growth moved by the change the output forecast expects --------------------
@pytest.mark.parametrize(("official", "output", "output_next", "expected"), [
    (7.2, 9.0, 10.5, 8.7),  # 7.2 + (10.5 − 9.0)
    (7.2, 9.0, 9.0, 7.2),  # no change expected
    (7.2, 9.0, 6.0, 4.2),
    (-2.0, 3.0, 1.0, -4.0),
    (0.0, -5.0, -3.0, 2.0),
    (None, 9.0, 10.5, None),
    (7.2, None, 10.5, None),
    (7.2, 9.0, None, None),
    (float("nan"), 9.0, 10.5, None),
])
def test_outlook_pct(official, output, output_next, expected):
    got = outlook_pct(official, output, output_next)
    assert got is None if expected is None else got == approx(expected)


def gross_outlook(growth=10.5, low=8.0, high=13.0, *, note="近12个月回测", fallback=False, mape=7.5,
                  cumulative=500000.0) -> Outlook:
    return Outlook("gross_output", "规上工业总产值", units.WAN_YUAN, "1-7月", cumulative, 480000.0, 520000.0,
                   growth, low, high, 0.8, "季节模型", note, fallback, mape)


def test_value_added_outlook_shifts_point_and_bounds():
    o = ol.value_added_outlook(7.2, 9.0, gross_outlook())
    assert (o.code, o.name, o.unit, o.span) == ("value_added", "规模工业增加值", "%", "1-7月")
    assert (o.growth, o.growth_low, o.growth_high) == (approx(8.7), approx(6.2), approx(11.2))  # each − 1.8
    assert (o.cumulative, o.cumulative_low, o.cumulative_high) == (None, None, None)  # a rate, no amount
    assert (o.level, o.fallback, o.mape) == (0.8, False, 7.5)  # said with the output forecast's honesty
    assert o.model_label == "按总产值预测推算"
    assert o.note == "增加值增速按总产值预测增速的变动推算；近12个月回测"


def test_value_added_outlook_keeps_what_the_output_forecast_lacks():
    o = ol.value_added_outlook(7.2, 9.0, gross_outlook(low=None, high=None, note="", fallback=True, mape=None))
    assert (o.growth, o.growth_low, o.growth_high) == (approx(8.7), None, None)
    assert o.note == "增加值增速按总产值预测增速的变动推算"  # no dangling 「；」
    assert (o.fallback, o.mape) == (True, None)


@pytest.mark.parametrize(("va", "output_pct", "output"), [
    (None, 9.0, gross_outlook()),
    (7.2, None, gross_outlook()),
    (7.2, 9.0, None),
    (7.2, 9.0, gross_outlook(growth=None)),
])
def test_value_added_outlook_needs_all_three(va, output_pct, output):
    assert ol.value_added_outlook(va, output_pct, output) is None


# --- high-tech value added: the published level grown with the listed firms' output ----------------------
# gross output 1-M月 (cumulative, prior-year cumulative), 万元; A and B are on the list, C is not
OUTPUT = {
    "A": {3: (300.0, 250.0), 5: (520.0, 430.0), 6: (640.0, 520.0)},
    "B": {3: (100.0, 100.0), 5: (180.0, 170.0), 6: (220.0, 200.0)},
    "C": {3: (5000.0, 1000.0), 5: (9000.0, 2000.0), 6: (11000.0, 3000.0)},
}
LISTED = ("A", "B")
Q1 = CountyMeasure("high_tech_value_added", "高新技术产业增加值", units.WAN_YUAN, 50000.0, 44000.0, 12.0,
                   Period.cumulative(Y, 3), reported_yoy_pct=9.5)
# the county: 1-5月 actual 20000 (+8.0%), forecast 1-6月 24500 (+9.0%)
COUNTY_NOW = (20000.0, 8.0)
FORECAST_JUNE = Outlook("gross_output", "规上工业总产值", units.WAN_YUAN, "1-6月", 24500.0, None, None, 9.0, None,
                        None, 0.8)


def firms_panel(output=OUTPUT, indicators=("gross_output",)):
    ents = [EnterpriseInfo(u, f"企业{u}", "C", "39", "城关镇") for u in output]
    rows = [FigureRow(u, "gross_output", Y, m, cumulative=cur, prior_cumulative=pri)
            for u, months in output.items() for m, (cur, pri) in months.items()]
    return panel_from_rows(ents, rows, {Y: list(output)}, indicators=indicators, years=(Y - 1, Y))


def pct(cur, pri):
    return (cur / pri - 1) * 100


# A+B: 1-3月 400 over 350, 1-5月 700 over 600, 1-6月 860 over 720
BASE_PCT, MAY_PCT, JUNE_PCT = pct(400, 350), pct(700, 600), pct(860, 720)


def test_data_to_june_scaled_by_the_firms_output_ratio():
    got = ol.high_tech_outlook(firms_panel(), Period.cumulative(Y, 6), Period.cumulative(Y, 6), Q1, LISTED,
                               published_growth=9.5)
    assert got.span == "1-6月" and got.basis == "按纳入统计企业总产值推算"
    assert got.value == approx(50000 * 860 / 400)  # 107500: C's output is not the listed firms'
    assert got.growth == approx(9.5 + (JUNE_PCT - BASE_PCT))  # 9.5 + (19.44 − 14.29) = 14.66


def test_without_the_published_rate_the_ratio_of_levels_is_moved():
    got = ol.high_tech_outlook(firms_panel(), Period.cumulative(Y, 6), Period.cumulative(Y, 6), Q1, LISTED)
    assert got.growth == approx(12.0 + (JUNE_PCT - BASE_PCT))  # Q1.yoy_pct = 12.0
    no_rate = CountyMeasure(Q1.code, Q1.name, Q1.unit, 50000.0, None, None, Q1.period)
    got = ol.high_tech_outlook(firms_panel(), Period.cumulative(Y, 6), Period.cumulative(Y, 6), no_rate, LISTED)
    assert got.value == approx(107500.0) and got.growth is None


def test_data_to_may_carried_to_june_by_the_county_forecast():
    got = ol.high_tech_outlook(firms_panel(), Period.cumulative(Y, 5), Period.cumulative(Y, 6), Q1, LISTED,
                               published_growth=9.5, output=FORECAST_JUNE, output_now=COUNTY_NOW)
    june = 700 * 24500 / 20000  # the firms' 1-5月 output grown as the county's is forecast to: 857.5
    assert got.span == "1-6月"
    assert got.value == approx(50000 * june / 400)  # 107187.5
    assert got.growth == approx(9.5 + (MAY_PCT + (9.0 - 8.0) - BASE_PCT))  # 9.5 + (17.67 − 14.29) = 12.88


@pytest.mark.parametrize(("output", "output_now"), [
    (None, COUNTY_NOW),
    (Outlook("gross_output", "规上工业总产值", units.WAN_YUAN, "1-6月", None, None, None, 9.0, None, None, 0.8),
     COUNTY_NOW),
    (Outlook("gross_output", "规上工业总产值", units.WAN_YUAN, "1-6月", 24500.0, None, None, None, None, None, 0.8),
     COUNTY_NOW),
    (FORECAST_JUNE, (None, None)),
    (FORECAST_JUNE, (0.0, 8.0)),
    (FORECAST_JUNE, (20000.0, None)),
])
def test_a_month_not_yet_in_needs_the_county_forecast(output, output_now):
    assert ol.high_tech_outlook(firms_panel(), Period.cumulative(Y, 5), Period.cumulative(Y, 6), Q1, LISTED,
                                output=output, output_now=output_now) is None


@pytest.mark.parametrize(("published", "covers", "firms"), [
    (CountyMeasure(Q1.code, Q1.name, Q1.unit, 110000.0, 98000.0, 12.2, Period.cumulative(Y, 6)),
     Period.cumulative(Y, 6), LISTED),  # the half year is published: nothing to expect
    (CountyMeasure(Q1.code, Q1.name, Q1.unit, 160000.0, 140000.0, 14.3, Period.cumulative(Y, 9)),
     Period.cumulative(Y, 6), LISTED),  # published beyond the period spoken of
    (None, Period.cumulative(Y, 6), LISTED),
    (CountyMeasure(Q1.code, Q1.name, Q1.unit, None, None, None, Period.cumulative(Y, 3)),
     Period.cumulative(Y, 6), LISTED),
    (Q1, Period.cumulative(Y, 6), ()),  # nobody on the list
    (Q1, Period.cumulative(Y, 6), ("X", "Y")),  # nobody on the list in the panel
])
def test_nothing_to_expect(published, covers, firms):
    assert ol.high_tech_outlook(firms_panel(), Period.cumulative(Y, 6), covers, published, firms) is None


def test_nothing_without_the_output_figures():
    june = Period.cumulative(Y, 6)
    assert ol.high_tech_outlook(firms_panel(indicators=("gross_output", "revenue")), Period.cumulative(Y + 1, 6),
                                june, Q1, LISTED) is None  # a year not in the panel
    no_output = panel_from_rows([EnterpriseInfo("A", "企业A", "C", "39", "城关镇")], [], {Y: ["A"]},
                                indicators=("revenue",), years=(Y,))
    assert ol.high_tech_outlook(no_output, june, june, Q1, ("A",)) is None
    no_prior = {u: {m: (cur, None) for m, (cur, _) in months.items()} for u, months in OUTPUT.items()}
    assert ol.high_tech_outlook(firms_panel(no_prior), june, june, Q1, LISTED) is None


def test_a_firm_without_a_prior_year_figure_is_left_out_of_both_sums():
    output = {**OUTPUT, "D": {3: (900.0, None), 6: (1900.0, None)}}  # new this year: no prior-year figure
    got = ol.high_tech_outlook(firms_panel(output), Period.cumulative(Y, 6), Period.cumulative(Y, 6), Q1,
                               LISTED + ("D",), published_growth=9.5)
    assert got.value == approx(107500.0)


def test_a_firm_missing_at_the_later_month_does_not_shrink_the_figure():
    output = {"A": OUTPUT["A"], "B": {3: OUTPUT["B"][3]}, "C": OUTPUT["C"]}  # B has not reported 1-6月 yet
    got = ol.high_tech_outlook(firms_panel(output), Period.cumulative(Y, 6), Period.cumulative(Y, 6), Q1, LISTED,
                               published_growth=9.5)
    # like for like (the firms in at both months: A alone), or nothing said
    assert got is None or (got.value == approx(50000 * 640 / 300)
                           and got.growth == approx(9.5 + (pct(640, 520) - pct(300, 250))))


# --- 预计新增: candidates whose annualised revenue reaches the threshold -----------------------------------
def test_ready_to_enter():
    from kegong.core.stats.cultivation import THRESHOLD
    six = THRESHOLD / 2  # half the threshold in 1-6月 annualises to it exactly
    revenue = {"E0": 5000.0, "E1": six, "E2": six - 1, "E3": six * 1.2, "E4": six * 0.8}
    ents = [EnterpriseInfo(u, f"企业{u}", "C", "39", "城关镇") for u in revenue]
    rows = [FigureRow(u, "revenue", Y, 6, cumulative=v) for u, v in revenue.items()]
    panel = panel_from_rows(ents, rows, {Y: ["E0"]}, indicators=("revenue", "tax", "electricity"), years=(Y,))
    # E0 is above scale already; E1 reaches the threshold exactly, E3 passes it; E2 and E4 fall short
    assert ol.ready_to_enter(panel, Period.cumulative(Y, 6)) == 2


# --- what the rest of the year needs ----------------------------------------------------------------------
@pytest.mark.parametrize(("kind", "target", "actual", "done", "expected"), [
    ("level", 50.0, 28.0, 6, (22.0, 6, 22.0 / 6)),
    ("level", 40.0, 27.68, 6, (12.32, 6, 12.32 / 6)),
    ("level", 50.0, 28.0, 11, (22.0, 1, 22.0)),
    ("level", 50.0, 28.0, 0, (22.0, 12, 22.0 / 12)),
    ("count", 12, 7, 6, (5.0, 6, 5.0 / 6)),
    (targets.TargetKind.COUNT, 12, 7, 9, (5.0, 3, 5.0 / 3)),
    ("count", 12, 12, 6, None),  # reached exactly
    ("count", 12, 13, 6, None),
    ("level", 50.0, 50.0, 6, None),
    ("level", 50.0, None, 6, None),  # nothing known
    ("level", 50.0, 28.0, 12, None),  # no month left
    ("growth", 8.0, 7.2, 6, None),  # a rate is not pro-rated
    ("share", 2.1, 1.6, 6, None),
])
def test_rest_of_year(kind, target, actual, done, expected):
    got = targets.rest_of_year(kind, target, actual, done)
    if expected is None:
        assert got is None
    else:
        assert (got.amount, got.months, got.per_month) == (approx(expected[0]), expected[1], approx(expected[2]))


def target(code: str, tgt: float, actual: float | None, *, required: float | None = None) -> TargetLine:
    p = targets.PRESETS[code]
    return TargetLine(code=code, name=p.name, kind=str(p.kind), target=tgt, unit=p.unit, actual=actual,
                      completion=None, time_progress=0.5, gap_points=None, status_label=None, message="",
                      required_rest_growth=required)


@pytest.mark.parametrize(("t", "month", "expected"), [
    # level (亿元): the rest and its monthly mean, two decimals
    (target("industrial_investment", 40, 27.68), 6, "工业投资需再完成12.32亿元（后6个月月均2.05亿元）"),
    (target("industrial_investment", 50, 28), 9, "工业投资需再完成22.00亿元（后3个月月均7.33亿元）"),
    (target("rd_spend", 2, 1.1), 11, "研发投入需再完成0.90亿元（后1个月月均0.90亿元）"),
    # count (家)
    (target("new_above_scale", 12, 7), 6, "新增规上工业企业还需5家"),
    (target("high_tech_new", 5, 2), 9, "成功申报国家高新技术企业还需3家"),
    # growth: the growth the rest of the year needs (core's required_rest_growth)
    (target("value_added_growth", 8, 7.2, required=7.43), 6, "规上工业增加值后续月份需增长7.4%"),
    (target("value_added_growth", 8, 9.5, required=-2.05), 6, "规上工业增加值后续月份需下降2.1%"),
    (target("gross_output", 10, 8.0, required=12.35), 9, "规上工业总产值后续月份需增长12.4%"),
    (target("value_added_growth", 8, 7.2), 6, ""),  # not known
    # reached, unknown or nothing left: nothing said
    (target("industrial_investment", 40, 41.5), 6, ""),
    (target("industrial_investment", 40, 40), 6, ""),
    (target("new_above_scale", 12, 12), 6, ""),
    (target("new_above_scale", 12, None), 6, ""),
    (target("new_above_scale", 12, 7), 12, ""),
    (target("rd_gdp_share", 1.5, 1.2), 6, ""),  # a share is not pro-rated
])
def test_rest_text(t, month, expected):
    assert rest_text(t, Period.cumulative(Y, month)) == expected
