"""存在问题 with its figures (kegong.reports.problem_facts): where the sentence goes (after the anchor phrase,
else after the paragraph's first sentence, else at its end), which paragraph, and when nothing is said."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kegong.reports import problem_facts as pf

FIGS = pf.ProblemFigures(enterprises=152, high_tech=Decimal("9"))
SAID = "全县规模以上工业企业有152家，国家级高新技术企业只有9家。"

HEAD = "（二）科技创新支撑能力不强。"
ONE = "一是研发投入偏低。"
TWO = "二是高企发展不快。"
THREE = "三是人才引进困难。"
OTHER = "（一）工业经济下行压力较大。部分企业订单不足。"


def test_the_rule_as_data():
    [rule] = pf.RULES
    assert (rule.marker, rule.after) == ("科技创新支撑", TWO)
    assert rule.say(FIGS) == SAID


@pytest.mark.parametrize(("paragraph", "expected"), [
    # the anchor is there: right after it
    (HEAD + ONE + TWO + THREE, HEAD + ONE + TWO + SAID + THREE),
    (HEAD + ONE + TWO, HEAD + ONE + TWO + SAID),  # anchor at the end
    # no anchor: after the paragraph's first sentence
    (HEAD + ONE + THREE, HEAD + SAID + ONE + THREE),
    ("科技创新支撑不足，企业研发意愿不强。" + ONE, "科技创新支撑不足，企业研发意愿不强。" + SAID + ONE),
    # no full stop at all: at the end
    ("科技创新支撑不足", "科技创新支撑不足" + SAID),
])
def test_where_the_sentence_goes(paragraph, expected):
    assert pf.with_figures([OTHER, paragraph], FIGS) == [OTHER, expected]


def test_a_paragraph_without_the_marker_is_left_as_written():
    paragraphs = [OTHER, "（三）要素保障不足。" + TWO]  # the anchor alone does not name the paragraph
    assert pf.with_figures(paragraphs, FIGS) == paragraphs
    assert pf.with_figures([], FIGS) == []


def test_only_the_first_paragraph_the_marker_names():
    first, second = HEAD + ONE + TWO, "科技创新支撑平台偏少。"
    assert pf.with_figures([first, second], FIGS) == [first + SAID, second]


@pytest.mark.parametrize("figures", [
    pf.ProblemFigures(None, Decimal("9")),
    pf.ProblemFigures(152, None),
    pf.ProblemFigures(None, None),
])
def test_missing_figures_say_nothing(figures):
    paragraphs = [OTHER, HEAD + ONE + TWO + THREE]
    assert pf.with_figures(paragraphs, figures) == paragraphs


@pytest.mark.parametrize(("figures", "said"), [
    (pf.ProblemFigures(152, Decimal("9")), SAID),
    (pf.ProblemFigures(152, Decimal("9.0")), SAID),  # a ledger count kept as a Decimal with a place
    (pf.ProblemFigures(0, Decimal("0")), "全县规模以上工业企业有0家，国家级高新技术企业只有0家。"),  # zero is a figure
])
def test_the_figures_in_the_sentence(figures, said):
    assert pf.with_figures([HEAD + TWO], figures) == [HEAD + TWO + said]


def test_said_once_however_often_it_runs():
    once = pf.with_figures([HEAD + ONE + TWO + THREE], FIGS)
    assert pf.with_figures(once, FIGS) == once


def test_the_input_list_is_not_changed():
    paragraphs = [HEAD + TWO]
    pf.with_figures(paragraphs, FIGS)
    assert paragraphs == [HEAD + TWO]


def test_rules_given_by_the_caller():
    rules = (pf.Rule("要素保障", "一是用地紧张。", lambda f: f"规上企业{f.enterprises}家。"),
             pf.Rule("科技创新支撑", TWO, lambda f: None),  # says nothing
             pf.Rule("下行压力", "不存在的短语", lambda f: ""))  # says nothing either
    paragraphs = ["（三）要素保障不足。一是用地紧张。二是融资难。", HEAD + TWO, OTHER]
    assert pf.with_figures(paragraphs, FIGS, rules) == [
        "（三）要素保障不足。一是用地紧张。规上企业152家。二是融资难。", HEAD + TWO, OTHER]


@pytest.mark.parametrize(("enterprises", "facts", "expected"), [
    (152, {"high_tech_enterprises": Decimal("9")}, pf.ProblemFigures(152, Decimal("9"))),
    (152, {}, pf.ProblemFigures(152, None)),
    (None, {"high_tech_enterprises": Decimal("9"), "other": Decimal("1")}, pf.ProblemFigures(None, Decimal("9"))),
])
def test_figures_of(enterprises, facts, expected):
    assert pf.figures_of(enterprises, facts) == expected
