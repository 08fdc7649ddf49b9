"""信心指数: a question's index is (好转% − 恶化%) + 100 over those who answered it; the overall index the mean
of the question indices; per quarter."""

from __future__ import annotations

import pytest

from kegong.core.stats.confidence import (
    BOOM_BUST,
    QUESTION_CODES,
    by_quarter,
    index,
    quarter_of_month,
)


def survey(**answers):
    return {code: answers.get(code) for code in QUESTION_CODES}


@pytest.mark.parametrize(("answers", "expected"), [
    (["up"] * 10, 200),
    (["down"] * 10, 0),
    (["flat"] * 10, 100),
    (["up", "down"], 100),
    (["up", "up", "flat", "down"], 125),  # 50% − 25% + 100
    (["up", "flat", "flat", "flat", "down", "down"], 100 - 100 / 6),  # 16.7% − 33.3% + 100
    (["up", None, "", "down", "down"], 100 - 100 / 3),  # blanks are not counted
    ([None, None], None),
])
def test_a_question_index_is_up_share_minus_down_share_plus_100(answers, expected):
    q = index(2026, 2, [survey(orders=a) for a in answers]).of("orders")
    assert q.index == (pytest.approx(expected) if expected is not None else None)
    if expected is not None:
        assert 0 <= q.index <= 200


@pytest.mark.parametrize(("rows", "overall"), [
    ([survey(overall="up", orders="up"), survey(overall="down", orders="up")], (100 + 200) / 2),
    ([survey(overall="up", profit="down", outlook="flat")], (200 + 0 + 100) / 3),
    ([survey()], None),  # nothing answered
    ([], None),
])
def test_the_overall_index_is_the_mean_of_the_answered_questions(rows, overall):
    ci = index(2026, 1, rows)
    assert ci.overall == (pytest.approx(overall) if overall is not None else None)
    assert ci.enterprises == len(rows)


def test_each_quarter_is_computed_on_its_own_oldest_first():
    rows = [(2026, 2, survey(overall="up")), (2026, 1, survey(overall="down")), (2026, 2, survey(overall="flat")),
            (2025, 4, survey(overall="up"))]
    got = [(c.year, c.quarter, c.enterprises, c.overall) for c in by_quarter(rows)]
    assert got == [(2025, 4, 1, 200), (2026, 1, 1, 0), (2026, 2, 2, 150)]
    assert by_quarter(rows)[-1].label == "2026年二季度"
    assert BOOM_BUST == 100


def test_an_unknown_answer_is_a_programming_error():
    with pytest.raises(ValueError):
        index(2026, 1, [survey(orders="很好")])


@pytest.mark.parametrize(("month", "quarter"), [(1, 1), (3, 1), (4, 2), (6, 2), (9, 3), (10, 4), (12, 4)])
def test_the_quarter_of_a_month(month, quarter):
    assert quarter_of_month(month) == quarter
