"""大中小微型 by 国统字〔2017〕213号's 工业 row, at each boundary: a class needs the lower bounds of both
measures (else the next class down); 微型 needs only one figure below the 小型 bounds; a missing figure
leaves the class unknown unless the other figure already makes it 微型."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kegong.core.rules.enterprise_size import BOUNDS, SOURCE, classify


@pytest.mark.parametrize(("staff", "revenue", "size"), [
    # 大型: X ≥ 1000 且 Y ≥ 40000
    (1000, 40000, "large"),
    (5000, 100000, "large"),
    (999, 40000, "medium"),  # one person short of 大型: 中型
    (1000, Decimal("39999.99"), "medium"),
    # 中型: 300 ≤ X < 1000 且 2000 ≤ Y < 40000
    (300, 2000, "medium"),
    (300, 40000, "medium"),
    (299, 2000, "small"),
    (300, Decimal("1999.99"), "small"),
    # 小型: 20 ≤ X < 300 且 300 ≤ Y < 2000
    (20, 300, "small"),
    (20, 50000, "small"),  # revenue of a 大型, staff of a 小型: the lower one
    (1500, 300, "small"),
    # 微型: X < 20 或 Y < 300 (one is enough)
    (19, 300, "micro"),
    (20, Decimal("299.99"), "micro"),
    (19, 100000, "micro"),
    (5000, 10, "micro"),
    (0, 0, "micro"),
])
def test_the_class_is_the_highest_whose_lower_bounds_both_figures_reach(staff, revenue, size):
    assert classify(staff, revenue).size == size


@pytest.mark.parametrize(("staff", "revenue", "size", "said"), [
    (350, 1500, "small", ["从业人员 350 人，达到中型下限（300 人）", "营业收入 1,500 万元，达到小型下限（300 万元）",
                          "取较低一档：小型"]),
    (1200, 45000, "large", ["两项同时达到该档下限：大型"]),
    (15, 50000, "micro", ["从业人员 15 人，低于小型下限（20 人）", "微型只须一项低于小型下限"]),
    (None, 200, "micro", ["营业收入 200 万元，低于小型下限（300 万元）", "从业人员未知不影响"]),
    (10, None, "micro", ["营业收入未知不影响"]),
    (None, 5000, None, ["营业收入 5,000 万元，达到中型下限", "从业人员未知，无法划分"]),
    (400, None, None, ["营业收入未知，无法划分"]),
    (None, None, None, ["从业人员和营业收入都未知"]),
])
def test_the_working_says_how_and_what_is_missing(staff, revenue, size, said):
    c = classify(staff, revenue)
    assert c.size == size
    assert c.known == (size is not None)
    for part in said:
        assert part in c.working, c.working


def test_an_enterprise_outside_industry_is_not_classified_by_the_industry_row():
    c = classify(50, 800, section="F")
    assert c.size is None and "不属于工业" in c.working
    assert classify(50, 800, section="C").name == "小型"


def test_the_bounds_are_the_published_table():
    assert [(b.size, b.staff, b.revenue) for b in BOUNDS] == [
        ("large", 1000, 40000), ("medium", 300, 2000), ("small", 20, 300)]
    assert "国统字〔2017〕213号" in SOURCE


@pytest.mark.parametrize("staff", [None, 0, 19, 20, 299, 300, 999, 1000, 5000])
@pytest.mark.parametrize("revenue", [None, 0, "299.99", 300, "1999.99", 2000, "39999.99", 40000, 90000])
@pytest.mark.parametrize("section", [None, "C", "F"])
def test_the_class_without_its_working_is_the_same_class(staff, revenue, section):
    from decimal import Decimal

    from kegong.core.rules.enterprise_size import size_of

    rev = None if revenue is None else Decimal(str(revenue))
    assert size_of(staff, rev, section) == classify(staff, rev, section).size
