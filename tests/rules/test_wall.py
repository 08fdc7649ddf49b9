"""墙材与节能: the savings of an output of 新型墙材, per 亿块标砖, exact in Decimal and rounded half-up."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kegong.core.rules.wall import DEFAULT_BY_CODE, DEFAULTS, Coefficient, half_up, savings, to_yi

D = Decimal


def test_each_default_has_its_published_source_and_year():
    assert {c.code for c in DEFAULTS} == {"land", "coal", "waste"}
    assert DEFAULT_BY_CODE["land"].value == 165 and "165亩" in DEFAULT_BY_CODE["land"].source
    for c in DEFAULTS:
        assert c.source and c.year == 2006 and "/亿块标砖" in c.unit
    # the coal and waste coefficients are the published provincial return's, per 亿块
    assert half_up(D("82.88") * 10000 / D("133.66"), -2) == DEFAULT_BY_CODE["coal"].value
    assert half_up(D("1229.46") * 10000 / D("133.66"), -3) == DEFAULT_BY_CODE["waste"].value


@pytest.mark.parametrize(("output_wan", "land", "coal", "waste"), [
    ("0", "0", "0", "0"),
    ("10000", "165", "6200", "92000"),  # 1 亿块
    ("16000", "264", "9920", "147200"),  # 1.6 亿块
    ("1", "0.0165", "0.62", "9.2"),  # 1 万块
    ("1234.56", "20.370240", "765.4272", "11357.952"),
])
def test_savings_are_exact(output_wan, land, coal, waste):
    s = savings(D(output_wan))
    assert (s.land, s.coal, s.waste) == (D(land), D(coal), D(waste))


def test_a_changed_coefficient_is_used_and_the_others_stay_default():
    s = savings(D("20000"), {"land": D("130")})
    assert (s.land, s.coal) == (D(260), D(12400))
    own = Coefficient("coal", "节约能源", D("8000"), "吨标煤/亿块标砖", "本县墙改办", 2025)
    assert savings(5000, {"coal": own}).coal == D(4000)


@pytest.mark.parametrize(("value", "digits", "rounded"), [
    ("0.125", 2, "0.13"), ("0.135", 2, "0.14"), ("2.5", 0, "3"), ("264.4999", 0, "264"), ("0.005", 2, "0.01"),
])
def test_half_up(value, digits, rounded):
    assert half_up(D(value), digits) == D(rounded)


def test_a_negative_output_is_refused_and_wan_to_yi_is_exact():
    with pytest.raises(ValueError, match="负数"):
        savings(D("-1"))
    assert to_yi(D("16043")) == D("1.6043")
