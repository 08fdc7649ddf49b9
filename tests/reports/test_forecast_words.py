"""How a forecast is said (kegong.reports.forecast_words, views.outlook_view): every row boundary of the
WORDINGS table, the sign convention of ranges, 持平 without 左右, amounts in 亿元 / 万元 / 万千瓦时.

Expected texts are written out by hand from the rules in the module docstrings (half-up rounding, 增长/下降
with the absolute rate, smaller change first)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kegong.core import units
from kegong.reports import forecast_words as fw
from kegong.reports.data import Outlook
from kegong.reports.views import outlook_view

CAUTION = "（回测误差较大，仅供参考）"


def test_the_rule_table_is_ordered_from_strict_to_loose():
    assert [w.style for w in fw.WORDINGS] == ["point", "about", "range", "rough"]
    assert [(w.max_half_width, w.max_mape) for w in fw.WORDINGS] == [
        (2.0, 10.0), (5.0, 20.0), (None, 30.0), (None, None)]
    assert fw.CAUTION == CAUTION


# --- style ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("low", "high", "mape", "fallback", "expected"), [
    # half-width boundary of the point row (2 百分点), a good model
    (8.0, 12.0, 5.0, False, "point"),  # half-width exactly 2.0
    (8.0, 12.02, 5.0, False, "about"),  # 2.01
    (12.0, 8.0, 5.0, False, "point"),  # bounds reversed: the same width
    (12.02, 8.0, 5.0, False, "about"),
    # MAPE boundaries with a narrow interval
    (8.0, 12.0, 10.0, False, "point"),
    (8.0, 12.0, 10.1, False, "about"),
    (8.0, 12.0, 20.0, False, "about"),
    (8.0, 12.0, 20.1, False, "range"),
    (8.0, 12.0, 30.0, False, "range"),
    (8.0, 12.0, 30.1, False, "rough"),
    # half-width boundary of the about row (5 百分点)
    (5.0, 15.0, 5.0, False, "about"),
    (5.0, 15.02, 5.0, False, "range"),
    (5.0, 15.0, 20.0, False, "about"),
    (5.0, 15.02, 30.0, False, "range"),
    (5.0, 15.02, 30.1, False, "rough"),
    (0.0, 40.0, 1.0, False, "range"),  # however good the model, a wide interval is a range
    # without a MAPE: by the interval alone
    (8.0, 12.0, None, False, "point"),
    (5.0, 15.0, None, False, "about"),
    (5.0, 15.02, None, False, "range"),
    (-60.0, 60.0, None, False, "range"),
    # straddling zero and negative intervals: width only
    (-2.0, 2.0, 5.0, False, "point"),
    (-14.0, -10.0, 5.0, False, "point"),
    (-3.0, 5.2, 15.0, False, "about"),
    # no interval: by the back-test alone; a poor model is rough (never a range without bounds)
    (None, None, None, False, "point"),
    (None, None, 10.0, False, "point"),
    (None, None, 10.1, False, "about"),
    (None, None, 20.0, False, "about"),
    (None, None, 20.1, False, "rough"),
    (None, None, 35.0, False, "rough"),
    (None, 12.0, 5.0, False, "point"),  # one bound is no interval
    (8.0, None, 15.0, False, "about"),
    # a fallback model is never a point (nor 左右): its range, or rough without one
    (8.0, 12.0, 5.0, True, "range"),
    (8.0, 12.0, None, True, "range"),
    (5.0, 15.0, 15.0, True, "range"),
    (8.0, 12.0, 25.0, True, "range"),
    (8.0, 12.0, 35.0, True, "rough"),
    (None, None, None, True, "rough"),
    (None, None, 5.0, True, "rough"),
    (None, None, 25.0, True, "rough"),
    # Decimals as the core may hand them over
    (Decimal("8.0"), Decimal("12.0"), Decimal("10"), False, "point"),
    (Decimal("8.0"), Decimal("12.02"), Decimal("10"), False, "about"),
])
def test_style(low, high, mape, fallback, expected):
    assert fw.style(low, high, mape, fallback) == expected


def test_fallback_is_never_a_point():
    grid = [None, 0.0, 1.0, 2.0, 4.0, 10.0, 20.0]
    mapes = [None, 0.0, 5.0, 10.0, 15.0, 20.0, 25.0, 30.0, 40.0]
    for low in grid:
        for high in grid:
            for mape in mapes:
                assert fw.style(low, high, mape, fallback=True) in ("range", "rough"), (low, high, mape)


@pytest.mark.parametrize(("low", "high", "mape", "expected"), [
    (-19.6, -15.6, 5.0, "point"),  # half-width 2.0 exactly as written
    (-25.6, -15.6, 15.0, "about"),  # half-width 5.0 exactly as written
])
def test_style_boundary_is_not_moved_by_float_noise(low, high, mape, expected):
    assert fw.style(low, high, mape) == expected


# --- rate_range: the words of the point, smaller change first --------------------------------------------
@pytest.mark.parametrize(("low", "high", "digits", "expected"), [
    (8.2, 12.7, 1, "增长8.2%～12.7%"),  # both positive
    (12.7, 8.2, 1, "增长8.2%～12.7%"),  # given reversed
    (-34.1, -20.5, 1, "下降20.5%～34.1%"),  # both negative: absolute rates, smaller fall first
    (-20.5, -34.1, 1, "下降20.5%～34.1%"),
    (-3.0, 5.2, 1, "下降3.0%至增长5.2%"),  # straddling zero
    (5.2, -3.0, 1, "下降3.0%至增长5.2%"),
    (0.0, 5.2, 1, "增长0.0%～5.2%"),
    (-5.2, 0.0, 1, "下降0.0%～5.2%"),
    (-0.04, 5.2, 1, "增长0.0%～5.2%"),  # rounds to 0: no 下降0.0%
    (-5.2, 0.04, 1, "下降0.0%～5.2%"),  # rounds to 0: no 增长0.0%
    (-0.05, 5.2, 1, "下降0.1%至增长5.2%"),  # half up
    (8.25, 12.75, 1, "增长8.3%～12.8%"),
    (-8.25, -12.75, 1, "下降8.3%～12.8%"),  # half up away from zero
    (1.234, 5.678, 2, "增长1.23%～5.68%"),
    (Decimal("-3.05"), Decimal("5.25"), 1, "下降3.1%至增长5.3%"),
])
def test_rate_range(low, high, digits, expected):
    assert fw.rate_range(low, high, digits) == expected


# --- growth_said -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(("rate", "low", "high", "mape", "fallback", "expected"), [
    (10.5, 9.0, 12.0, None, False, "同比增长10.5%"),  # point
    (10.5, 9.0, 12.0, 10.0, False, "同比增长10.5%"),
    (10.5, 9.0, 12.0, 12.0, False, "同比增长10.5%左右"),  # MAPE > 10
    (10.5, 6.0, 15.0, 5.0, False, "同比增长10.5%左右"),  # half-width 4.5
    (10.5, 2.0, 19.0, 5.0, False, "同比增长2.0%～19.0%"),  # half-width 8.5: the range only
    (-27.3, -34.1, -20.5, 25.0, False, "同比下降20.5%～34.1%"),  # MAPE > 20
    (-27.3, -34.1, -20.5, 35.0, False, "同比下降20.5%～34.1%" + CAUTION),  # MAPE > 30
    (-27.3, -20.5, -34.1, 35.0, False, "同比下降20.5%～34.1%" + CAUTION),  # reversed
    (-3.05, -4.0, -2.0, 5.0, False, "同比下降3.1%"),  # half up
    (1.1, -3.0, 5.2, 15.0, False, "同比增长1.1%左右"),
    (1.1, -3.0, 5.2, 25.0, False, "同比下降3.0%至增长5.2%"),
    (10.5, None, None, 25.0, False, "同比增长10.5%左右" + CAUTION),  # rough without an interval
    (-2.0, None, None, 15.0, False, "同比下降2.0%左右"),
    (10.5, None, None, None, False, "同比增长10.5%"),
    (10.5, 9.5, 11.5, None, True, "同比增长9.5%～11.5%"),  # fallback: never the point
    (10.5, 9.5, 11.5, 35.0, True, "同比增长9.5%～11.5%" + CAUTION),
    (10.5, None, None, None, True, "同比增长10.5%左右" + CAUTION),
    # 持平: never 持平左右
    (0.04, -3.0, 3.0, 15.0, False, "与上年同期持平"),  # about
    (-0.04, -3.0, 3.0, 15.0, False, "与上年同期持平"),
    (0.0, -1.0, 1.0, None, False, "与上年同期持平"),  # point
    (0.0, None, None, 15.0, False, "与上年同期持平"),
    (0.05, -3.0, 3.0, 15.0, False, "同比增长0.1%左右"),
    # no rate: nothing said
    (None, 9.0, 12.0, None, False, ""),
    (float("nan"), 9.0, 12.0, None, False, ""),
])
def test_growth_said(rate, low, high, mape, fallback, expected):
    assert fw.growth_said(rate, low, high, mape=mape, fallback=fallback) == expected


@pytest.mark.parametrize(("prefix", "rate", "low", "high", "mape", "expected"), [
    ("较上年同期", 10.5, 9.0, 12.0, 12.0, "较上年同期增长10.5%左右"),
    ("", 10.5, 8.2, 12.7, 25.0, "增长8.2%～12.7%"),
    ("", -1.0, -2.0, 0.0, None, "下降1.0%"),
    ("累计", 0.0, -3.0, 3.0, 15.0, "与上年同期持平"),
])
def test_growth_said_prefix(prefix, rate, low, high, mape, expected):
    assert fw.growth_said(rate, low, high, prefix=prefix, mape=mape) == expected


def test_growth_said_digits():
    assert fw.growth_said(10.456, 9.0, 12.0, digits=2) == "同比增长10.46%"
    assert fw.growth_said(10.456, 1.234, 19.876, digits=2) == "同比增长1.23%～19.88%"


def test_rough_flat_without_interval_has_no_about():
    said = fw.growth_said(0.0, None, None, mape=25.0)
    assert "持平左右" not in said
    assert said == "与上年同期持平" + CAUTION


# --- interval_note ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(("low", "high", "level", "expected"), [
    (8.2, 12.7, 80, "（80%区间：增长8.2%～12.7%）"),
    (12.7, 8.2, 80, "（80%区间：增长8.2%～12.7%）"),
    (-34.1, -20.5, 90, "（90%区间：下降20.5%～34.1%）"),
    (-3.0, 5.2, 80, "（80%区间：下降3.0%至增长5.2%）"),
    (8.2, 12.7, None, "（区间：增长8.2%～12.7%）"),
    (8.2, 12.7, 0, "（区间：增长8.2%～12.7%）"),
    (None, 12.7, 80, ""),
    (8.2, None, 80, ""),
    (None, None, None, ""),
])
def test_interval_note(low, high, level, expected):
    assert fw.interval_note(low, high, level) == expected


# --- amount_said -----------------------------------------------------------------------------------------
YI, WAN, KWH = units.WAN_YUAN, units.WAN_YUAN, units.WAN_KWH  # amounts are stored in 万元 / 万千瓦时


@pytest.mark.parametrize(("value", "low", "high", "unit", "rate_style", "expected"), [
    # 万元 of at least 1亿: shown in 亿元
    (88100.0, 81000.0, 95200.0, YI, "point", "8.81亿元"),
    (88100.0, 81000.0, 95200.0, YI, "about", "8.81亿元左右"),
    (88100.0, 81000.0, 95200.0, YI, "range", "8.10亿～9.52亿元"),
    (88100.0, 81000.0, 95200.0, YI, "rough", "8.10亿～9.52亿元"),  # the caution goes with the growth
    (88100.0, 95200.0, 81000.0, YI, "range", "8.10亿～9.52亿元"),  # bounds reversed
    (88150.0, 81005.0, 95195.0, YI, "point", "8.82亿元"),  # half up
    (88150.0, 81005.0, 95195.0, YI, "range", "8.10亿～9.52亿元"),  # 8.1005 → 8.10, 9.5195 → 9.52
    # both bounds in the unit of the larger one
    (10000.0, 9500.0, 10500.0, YI, "range", "0.95亿～1.05亿元"),
    (10000.0, 9500.0, 10500.0, YI, "point", "1.00亿元"),
    # 万元 below 1亿: in 万元
    (8810.0, 8100.0, 9520.0, WAN, "point", "8810.00万元"),
    (8810.0, 8100.0, 9520.0, WAN, "about", "8810.00万元左右"),
    (8810.0, 8100.0, 9520.0, WAN, "range", "8100.00～9520.00万元"),
    (8810.0, 9520.0, 8100.0, WAN, "rough", "8100.00～9520.00万元"),
    # electricity: 万千瓦时, never converted to 亿
    (12345.678, 11000.0, 13690.5, KWH, "point", "12345.68万千瓦时"),
    (12345.678, 11000.0, 13690.5, KWH, "about", "12345.68万千瓦时左右"),
    (123456.0, 110000.0, 136905.0, KWH, "range", "110000.00～136905.00万千瓦时"),
    # a range style without bounds says the amount as the growth's point style does
    (88100.0, None, None, YI, "point", "8.81亿元"),
    (88100.0, 81000.0, None, YI, "about", "8.81亿元左右"),
    # no amount: nothing
    (None, 81000.0, 95200.0, YI, "range", ""),
    (float("nan"), 81000.0, 95200.0, YI, "point", ""),
])
def test_amount_said(value, low, high, unit, rate_style, expected):
    assert fw.amount_said(value, low, high, unit, rate_style=rate_style) == expected


def test_amount_said_digits():
    assert fw.amount_said(88100.0, 81000.0, 95200.0, YI, rate_style="range", digits=1) == "8.1亿～9.5亿元"
    assert fw.amount_said(8810.0, 8100.0, 9520.0, WAN, rate_style="about", digits=0) == "8810万元左右"


def test_rough_amount_without_interval_is_not_a_bare_point():
    assert fw.amount_said(88100.0, None, None, YI, rate_style="rough") == "8.81亿元左右"


# --- outlook_view: the three together ---------------------------------------------------------------------
def _outlook(*, growth=5.0, low=3.5, high=6.5, cum=88100.0, cum_low=81000.0, cum_high=95200.0, mape=5.0,
             fallback=False, level=0.8) -> Outlook:
    return Outlook("industrial_investment", "工业投资", units.WAN_YUAN, "1-7月", cum, cum_low, cum_high, growth,
                   low, high, level, "模型", "", fallback, mape)


@pytest.mark.parametrize(("kw", "style", "text", "interval", "amount_text"), [
    ({}, "point", "预计1-7月同比增长5.0%", "（80%区间：增长3.5%～6.5%）",
     "预计1-7月实现工业投资8.81亿元，同比增长5.0%"),
    ({"mape": 15.0}, "about", "预计1-7月同比增长5.0%左右", "（80%区间：增长3.5%～6.5%）",
     "预计1-7月实现工业投资8.81亿元左右，同比增长5.0%左右"),
    ({"mape": 25.0}, "range", "预计1-7月同比增长3.5%～6.5%", "",
     "预计1-7月实现工业投资8.10亿～9.52亿元，同比增长3.5%～6.5%"),
    ({"mape": 35.0}, "rough", "预计1-7月同比增长3.5%～6.5%" + CAUTION, "",
     "预计1-7月实现工业投资8.10亿～9.52亿元，同比增长3.5%～6.5%" + CAUTION),
    ({"fallback": True}, "range", "预计1-7月同比增长3.5%～6.5%", "",
     "预计1-7月实现工业投资8.10亿～9.52亿元，同比增长3.5%～6.5%"),
    ({"level": 0.9, "low": -2.0, "high": 1.0, "growth": -0.5}, "point", "预计1-7月同比下降0.5%",
     "（90%区间：下降2.0%至增长1.0%）", "预计1-7月实现工业投资8.81亿元，同比下降0.5%"),
])
def test_outlook_view(kw, style, text, interval, amount_text):
    v = outlook_view(_outlook(**kw))
    assert v.style == style
    assert v.text == text
    assert v.named_text == text.replace("预计1-7月", "预计1-7月工业投资")
    assert v.text_interval == text + interval
    assert v.amount_text == amount_text
    assert v.amount_short == amount_text.removeprefix("预计1-7月实现工业投资")
    growth = kw.get("growth", 5.0)
    assert v.point_text == f"预计1-7月同比{'增长' if growth > 0 else '下降'}{abs(growth):.1f}%"  # the bare point
    assert v.level == round(100 * kw.get("level", 0.8))


def test_outlook_view_without_amount_or_growth():
    v = outlook_view(_outlook(cum=None, cum_low=None, cum_high=None, low=None, high=None, mape=None,
                              fallback=True))
    assert v.style == "rough"
    assert v.text == "预计1-7月同比增长5.0%左右" + CAUTION
    assert v.amount_text == v.text and v.amount_short == "同比增长5.0%左右" + CAUTION
    assert v.text_interval == v.text  # no interval, no note
    empty = outlook_view(_outlook(growth=None))
    assert (empty.text, empty.named_text, empty.text_interval, empty.point_text) == ("", "", "", "")
