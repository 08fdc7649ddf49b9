"""Table-driven tests of how figures are phrased."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kegong.core.periods import Period
from kegong.reports import phrasing as ph


@pytest.mark.parametrize(("rate", "expected"), [
    (12.3, "同比增长12.3%"),
    (12.34, "同比增长12.3%"),
    (12.35, "同比增长12.4%"),  # half up, not banker's
    (Decimal("0.25"), "同比增长0.3%"),
    (-3.1, "同比下降3.1%"),
    (-3.15, "同比下降3.2%"),
    (0, "与上年同期持平"),
    (0.04, "与上年同期持平"),
    (-0.04, "与上年同期持平"),
    (-0.05, "同比下降0.1%"),
    (150.0, "同比增长150.0%"),
    (None, "上年同期无可比数据"),
    (float("nan"), "上年同期无可比数据"),
])
def test_growth(rate, expected):
    assert ph.growth(rate) == expected


def test_growth_never_says_negative_increase():
    for r in [-0.05, -1, -3.1, -99.9, Decimal("-12.349")]:
        text = ph.growth(r)
        assert "下降" in text and "-" not in text and "增长" not in text


@pytest.mark.parametrize(("kwargs", "expected"), [
    ({"rate": 5.5, "prefix": "较上年同期"}, "较上年同期增长5.5%"),
    ({"rate": -5.5, "prefix": ""}, "下降5.5%"),
    ({"rate": 12.345, "digits": 2}, "同比增长12.35%"),
])
def test_growth_options(kwargs, expected):
    rate = kwargs.pop("rate")
    assert ph.growth(rate, **kwargs) == expected


@pytest.mark.parametrize(("delta", "against", "expected"), [
    (1.2, "上月", "较上月提高1.2个百分点"),
    (-0.8, "1-5月", "较1-5月回落0.8个百分点"),
    (0.04, "1-5月", "与1-5月持平"),
    (0, "上月", "与上月持平"),
    (None, "上月", ""),
])
def test_pp_change(delta, against, expected):
    assert ph.pp_change(delta, against=against) == expected


def test_pp_change_is_in_points_not_percent():
    assert "%" not in ph.pp_change(3.3) and "个百分点" in ph.pp_change(3.3)
    assert ph.pp_change(2, against="1-5月", subject="增速") == "增速较1-5月提高2.0个百分点"


@pytest.mark.parametrize(("value", "expected"), [(1.25, "+1.3"), (-0.8, "-0.8"), (0, "0.0"), (None, "—")])
def test_pp_signed(value, expected):
    assert ph.pp(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    (2.34, "拉动全县增长2.3个百分点"), (-0.44, "下拉全县增长0.4个百分点"), (0.01, "对全县增长无拉动")])
def test_contribution(value, expected):
    assert ph.contribution(value) == expected


@pytest.mark.parametrize(("fn", "value", "expected"), [
    (ph.yi, 1234567, "123.46"),
    (ph.yi, Decimal("1234550"), "123.46"),  # half up
    (ph.yuan_yi, 1234567.0, "123.46亿元"),
    (ph.yuan_yi, 5000, "0.50亿元"),
    (ph.yuan_wan, 12345.678, "12345.68万元"),
    (ph.kwh_wan, 23456.7, "23456.70万千瓦时"),
    (ph.yuan_yi, None, "—"),
])
def test_amounts(fn, value, expected):
    assert fn(value) == expected


@pytest.mark.parametrize(("value", "unit", "expected"), [
    (1234567, "万元", "123.46亿元"),
    (9999.994, "万元", "9999.99万元"),
    (23456.7, "万千瓦时", "23456.70万千瓦时"),
    (12, "兆瓦", "12.00兆瓦"),
])
def test_amount_by_unit(value, unit, expected):
    assert ph.amount(value, unit) == expected


def test_electricity_is_energy_never_power():
    text = ph.amount(100, "万千瓦时")
    assert text.endswith("万千瓦时")
    assert "万千瓦" not in text.replace("万千瓦时", "")


@pytest.mark.parametrize(("delta", "unit", "expected"), [
    (1234.5, "万千瓦时", "净增1234.50万千瓦时"),
    (-56, "万元", "净减少56.00万元"),
    (0.001, "万元", "与上年同期持平"),
])
def test_net_change(delta, unit, expected):
    assert ph.net_change(delta, unit) == expected


@pytest.mark.parametrize(("args", "expected"), [
    ((152,), "152家"), ((12, "个"), "12个"), ((None,), "—")])
def test_count(args, expected):
    assert ph.count(*args) == expected


@pytest.mark.parametrize(("period", "label", "span", "common", "previous"), [
    (Period(2026, 1, 6), "2026年1-6月", "1-6月", "上半年", "1-5月"),
    (Period(2026, 1, 2), "2026年1-2月", "1-2月", "1-2月", "上年同期"),
    (Period(2026, 1, 3), "2026年1-3月", "1-3月", "一季度", "1-2月"),
    (Period(2026, 1, 12), "2026年1-12月", "1-12月", "全年", "1-11月"),
])
def test_dates(period, label, span, common, previous):
    assert ph.period_label(period) == label
    assert ph.span_label(period) == span
    assert ph.common_label(period) == common
    assert ph.previous_label(period) == previous


def test_cn_date():
    assert ph.cn_date(2026, 7, 10) == "2026年7月10日"


@pytest.mark.parametrize(("kwargs", "expected"), [
    ({"rate": 10.46, "span": "1-7月"}, "预计1-7月同比增长10.5%"),
    ({"rate": -2.0, "span": "1-7月"}, "预计1-7月同比下降2.0%"),
    ({"rate": 10.5, "span": "1-7月", "low": 8.2, "high": 12.7, "level": 80, "with_interval": True},
     "预计1-7月同比增长10.5%（80%区间8.2%～12.7%）"),
    ({"rate": 1.0, "span": "1-7月", "low": -1.5, "high": 3.5, "with_interval": True},
     "预计1-7月同比增长1.0%（区间-1.5%～3.5%）"),
    ({"rate": None, "span": "1-7月"}, ""),
])
def test_forecast(kwargs, expected):
    assert ph.forecast(**kwargs) == expected


@pytest.mark.parametrize(("part", "whole", "expected"), [(1, 4, "25.0%"), (1, 0, "—"), (None, 3, "—")])
def test_share(part, whole, expected):
    assert ph.share(part, whole) == expected


def test_num_grouping_and_negative_zero():
    assert ph.num(1234567.891, 2, grouping=True) == "1,234,567.89"
    assert ph.num(-0.0001, 1) == "0.0"


@pytest.mark.parametrize(("rate", "expected"), [
    (15, "增长明显"), (9.96, "增长明显"), (9.94, "稳步增长"), (0.04, "基本持平"), (-0.3, "有所下降"),
    (-10, "下降明显"), (None, "情况")])
def test_lead_matches_sign(rate, expected):
    assert ph.lead(rate) == expected


@pytest.mark.parametrize(("rate", "expected"), [
    (8, "工业企业发展势头良好"), (2, "工业经济运行总体平稳"), (-0.1, "工业经济运行承压"), (None, "工业经济运行情况")])
def test_headline(rate, expected):
    assert ph.headline(rate) == expected


@pytest.mark.parametrize(("value", "digits", "expected"), [
    (8, 2, "8"), (8.0, 2, "8"), (8.5, 2, "8.5"), (1.25, 2, "1.25"), (12.004, 2, "12"), (12, 0, "12"), (None, 2, "—")])
def test_plain(value, digits, expected):
    assert ph.plain(value, digits) == expected
