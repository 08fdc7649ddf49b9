"""乡镇绩效考评 scoring rules (kegong.core.stats.assessment): each method at and around its thresholds, the caps,
bonus and deduction items, and ranks with ties. Expected scores are worked by hand from the rule's words."""

from __future__ import annotations

import pytest

from kegong.core.errors import InputError
from kegong.core.stats.assessment import (
    Band,
    Basis,
    Input,
    ItemKind,
    Method,
    Rule,
    places,
    ranking,
    score_column,
    score_item,
)

# 20 points: 60 % completion → 8 points (the floor), 100 % → 20, linear between, capped at 24 (120 % of 20)
LINEAR = Rule(weight=20, lower=60, full=100, floor=8, cap=24)


@pytest.mark.parametrize(("actual", "target", "score", "band"), [
    (59.99, 100, 0, "低于下限"),          # just below the lower threshold: nothing
    (60, 100, 8, "下限与满分线之间"),     # at the lower threshold: the floor
    (80, 100, 14, "下限与满分线之间"),    # half-way: 8 + 12 × 0.5
    (100, 100, 20, "达到满分线"),         # at the full threshold: the weight
    (110, 100, 23, "达到满分线"),         # beyond: the line goes on, 8 + 12 × 50/40
    (120, 100, 24, "封顶"),               # 8 + 12 × 60/40 = 26 → capped at 24
    (500, 100, 24, "封顶"),
    (45, 50, 17, "下限与满分线之间"),     # completion 90 %: 8 + 12 × 30/40
    (0.33, 0.55, 8, "下限与满分线之间"),  # 100 × 0.33 / 0.55 = 59.999… in floats: decided as the 60.00 % shown
    (0.5999, 1, 0, "低于下限"),           # 59.99 %
])
def test_linear_between_thresholds_with_a_cap(actual, target, score, band):
    s = score_item(LINEAR, Input(actual=actual, target=target))
    assert (s.score, s.band) == (score, band)
    assert s.completion == pytest.approx(100 * actual / target)


def test_a_linear_rule_without_a_cap_stops_at_its_weight():
    rule = Rule(weight=10, lower=0, full=100)
    assert score_item(rule, Input(actual=150, target=100)).score == 10
    assert score_item(rule, Input(actual=33.333, target=100)).score == 3.33  # half-up to two decimals
    assert score_item(rule, Input(actual=33.35, target=100)).score == 3.34  # 3.335 → 3.34


@pytest.mark.parametrize(("inp", "why"), [
    (Input(actual=None, target=10), "无完成数据"),
    (Input(actual=5, target=None), "无目标值"),
    (Input(actual=5, target=0), "无目标值"),
])
def test_nothing_to_score_scores_nought_and_says_why(inp, why):
    s = score_item(LINEAR, inp)
    assert s.score == 0 and not s.has_data and why in s.working


BANDS = Rule(weight=10, method=Method.BANDS, basis=Basis.ACTUAL,
             bands=(Band(0, 2), Band(5, 6), Band(10, 10)))


@pytest.mark.parametrize(("growth", "score"), [
    (-0.01, 0), (0, 2), (4.99, 2), (5, 6), (9.99, 6), (10, 10), (30, 10),
])
def test_stepped_bands_on_the_actual(growth, score):
    assert score_item(BANDS, Input(actual=growth)).score == score


BONUS = Rule(weight=5, method=Method.LINEAR, kind=ItemKind.BONUS, basis=Basis.ACTUAL, per_unit=1, cap=3)
DEDUCT = Rule(weight=5, method=Method.LINEAR, kind=ItemKind.DEDUCTION, basis=Basis.ACTUAL, per_unit=2)


@pytest.mark.parametrize(("rule", "units", "score"), [
    (BONUS, 0, 0), (BONUS, 2, 2), (BONUS, 3, 3), (BONUS, 4, 3),  # 1 a unit, at most 3
    (DEDUCT, 0, 0), (DEDUCT, 1, -2), (DEDUCT, 2.5, -5), (DEDUCT, 4, -5),  # 2 off a unit, at most the weight 5
])
def test_bonus_and_deduction_per_unit_up_to_their_cap(rule, units, score):
    assert score_item(rule, Input(actual=units)).score == score


@pytest.mark.parametrize(("kind", "given", "score"), [
    (ItemKind.BASE, 8.5, 8.5), (ItemKind.BASE, 12, 10), (ItemKind.BASE, -1, 0),
    (ItemKind.DEDUCTION, -3, -3), (ItemKind.DEDUCTION, -20, -10), (ItemKind.DEDUCTION, 2, 0),
])
def test_a_manual_score_is_kept_within_the_items_bounds(kind, given, score):
    rule = Rule(weight=10, method=Method.MANUAL, kind=kind)
    assert score_item(rule, Input(manual=given)).score == score
    assert not score_item(rule, Input()).has_data


def test_rank_scoring_ties_share_a_place_and_the_floor_holds():
    rule = Rule(weight=10, method=Method.RANK, basis=Basis.ACTUAL, step=3, floor=2)
    got = score_column(rule, {"甲镇": Input(actual=9), "乙镇": Input(actual=9), "丙镇": Input(actual=5),
                              "丁镇": Input(actual=1), "戊镇": Input(actual=None)})
    assert {t: s.score for t, s in got.items()} == {"甲镇": 10, "乙镇": 10, "丙镇": 4, "丁镇": 2, "戊镇": 0}
    assert got["丙镇"].band == "第3名" and not got["戊镇"].has_data
    with pytest.raises(InputError):
        score_item(rule, Input(actual=1))


def test_places_are_competition_ranks_on_rounded_values():
    assert places({"a": 90.004, "b": 90.001, "c": 80, "d": None}) == {"a": 1, "b": 1, "c": 3}


def test_ranking_with_ties_orders_a_shared_rank_by_name():
    one = lambda x: [score_item(Rule(weight=100, lower=0, full=100), Input(actual=x, target=100))]  # noqa: E731
    bonus = score_item(BONUS, Input(actual=1))
    r = ranking({"乙镇": one(80), "甲镇": one(80), "丙镇": one(79) + [bonus], "丁镇": one(50)})
    assert [(x.rank, x.town, x.total) for x in r] == [(1, "丙镇", 80), (1, "乙镇", 80), (1, "甲镇", 80),
                                                      (4, "丁镇", 50)]


@pytest.mark.parametrize("bad", [
    dict(weight=10, lower=100, full=60), dict(weight=10), dict(weight=-1, lower=0, full=1),
    dict(weight=10, method=Method.BANDS),
])
def test_an_impossible_rule_is_refused_in_chinese(bad):
    with pytest.raises(InputError):
        Rule(**bad)


def test_the_working_names_the_formula():
    s = score_item(LINEAR, Input(actual=80, target=100))
    assert "完成率80" in s.working and "= 14" in s.working
    assert "封顶" in score_item(LINEAR, Input(actual=130, target=100)).working
