"""主要目标 lines (kegong.reports.goals): the seed's four lines from TargetLine objects, the precision each
target's value is written with, a line with one of its two targets, and targets no line names (by kind)."""

from __future__ import annotations

import pytest

from kegong.core import units
from kegong.core.stats.targets import PRESETS
from kegong.reports import goals as gl
from kegong.reports.data import TargetLine
from kegong.reports.views import goal_view, goal_views

SEED = ("1．全年规模工业增加值累计增长8%左右；2．全年高新技术产业增加值占GDP比重12.0%以上，成功申报国家高新技术企业5家以上；"
        "3．全年研发投入占GDP比重达到1.50%以上；4．全年新增规上工业企业12家以上")


def line(code: str, target: float, *, name: str | None = None, kind: str | None = None,
         unit: str | None = None) -> TargetLine:
    """A target as the core hands it over; name, kind and unit from the preset when there is one."""
    p = PRESETS.get(code)
    return TargetLine(code=code, name=name or (p.name if p else code), kind=kind or str(p.kind), target=target,
                      unit=unit if unit is not None else p.unit, actual=None, completion=None, time_progress=0.5,
                      gap_points=None, status_label=None, message="")


SEED_TARGETS = [line("value_added_growth", 8), line("high_tech_gdp_share", 12), line("high_tech_new", 5),
                line("rd_gdp_share", 1.5), line("new_above_scale", 12)]


def numbered(goals: list[gl.Goal]) -> str:
    return "；".join(f"{i}．{g.text}" for i, g in enumerate(goals, 1))


def test_the_seed_four_lines():
    got = gl.goals(SEED_TARGETS)
    assert numbered(got) == SEED
    assert [g.codes for g in got] == [("value_added_growth",), ("high_tech_gdp_share", "high_tech_new"),
                                      ("rd_gdp_share",), ("new_above_scale",)]


def test_the_seed_lines_whatever_order_the_targets_come_in():
    assert numbered(gl.goals(list(reversed(SEED_TARGETS)))) == SEED
    assert numbered(gl.goals(SEED_TARGETS[2:] + SEED_TARGETS[:2])) == SEED


@pytest.mark.parametrize(("code", "target", "expected"), [
    ("value_added_growth", 8, "全年规模工业增加值累计增长8%左右"),  # as set: no trailing zeros
    ("value_added_growth", 8.0, "全年规模工业增加值累计增长8%左右"),
    ("value_added_growth", 7.5, "全年规模工业增加值累计增长7.5%左右"),
    ("value_added_growth", 7.25, "全年规模工业增加值累计增长7.25%左右"),
    ("value_added_growth", 7.255, "全年规模工业增加值累计增长7.26%左右"),  # at most two decimals, half up
    ("high_tech_gdp_share", 12, "全年高新技术产业增加值占GDP比重12.0%以上"),  # one decimal
    ("high_tech_gdp_share", 12.25, "全年高新技术产业增加值占GDP比重12.3%以上"),
    ("high_tech_gdp_share", 12.24, "全年高新技术产业增加值占GDP比重12.2%以上"),
    ("high_tech_new", 5, "成功申报国家高新技术企业5家以上"),  # whole
    ("rd_gdp_share", 1.5, "全年研发投入占GDP比重达到1.50%以上"),  # two decimals
    ("rd_gdp_share", 2, "全年研发投入占GDP比重达到2.00%以上"),
    ("rd_gdp_share", 2.125, "全年研发投入占GDP比重达到2.13%以上"),
    ("new_above_scale", 12, "全年新增规上工业企业12家以上"),
    ("new_above_scale", 12.0, "全年新增规上工业企业12家以上"),
])
def test_phrase_precision(code, target, expected):
    assert gl.phrase(line(code, target)) == expected


@pytest.mark.parametrize(("present", "codes", "text"), [
    (["high_tech_new"], ("high_tech_new",), "成功申报国家高新技术企业5家以上"),
    (["high_tech_gdp_share"], ("high_tech_gdp_share",), "全年高新技术产业增加值占GDP比重12.0%以上"),
    (["high_tech_new", "high_tech_gdp_share"], ("high_tech_gdp_share", "high_tech_new"),
     "全年高新技术产业增加值占GDP比重12.0%以上，成功申报国家高新技术企业5家以上"),  # the line's order
])
def test_a_shared_line_with_the_targets_set(present, codes, text):
    by_code = {t.code: t for t in SEED_TARGETS}
    got = gl.goals([by_code[c] for c in present])
    assert got == [gl.Goal(codes, text)]


def test_a_seed_line_without_its_targets_is_left_out():
    got = gl.goals([line("new_above_scale", 12), line("value_added_growth", 8)])
    assert numbered(got) == "1．全年规模工业增加值累计增长8%左右；2．全年新增规上工业企业12家以上"
    assert gl.goals([]) == []


@pytest.mark.parametrize(("t", "expected"), [
    # growth: the name without its trailing 增长, then 增长 … 左右
    (line("gross_output", 10), "全年规上工业总产值增长10%左右"),
    (line("power_growth", 6.5, name="工业用电量", kind="growth", unit="%"), "全年工业用电量增长6.5%左右"),
    (line("power_growth", 6.5, name="工业用电量增长", kind="growth", unit="%"), "全年工业用电量增长6.5%左右"),
    # level / share: 达到 … 以上, as set (at most two decimals)
    (line("industrial_investment", 50), "全年工业投资达到50亿元以上"),
    (line("industrial_investment", 45.5), "全年工业投资达到45.5亿元以上"),
    (line("rd_spend", 1.255), "全年研发投入达到1.26亿元以上"),
    (line("digital_share", 2.1, name="数字经济核心产业增加值占GDP比重", kind="share", unit="%"),
     "全年数字经济核心产业增加值占GDP比重达到2.1%以上"),
    # count: whole, … 以上
    (line("tech_projects", 10, name="实施技改项目", kind="count", unit=units.ITEMS), "全年实施技改项目10个以上"),
    (line("tech_projects", 10.0, name="实施技改项目", kind="count", unit=units.ITEMS), "全年实施技改项目10个以上"),
])
def test_a_target_no_phrase_names_is_said_by_its_kind(t, expected):
    assert gl.phrase(t) == expected


def test_other_targets_follow_the_seed_lines_in_their_own_order():
    extra = [line("industrial_investment", 50), line("gross_output", 10)]
    got = gl.goals([extra[0]] + SEED_TARGETS + [extra[1]])
    assert numbered(got) == SEED + "；5．全年工业投资达到50亿元以上；6．全年规上工业总产值增长10%左右"
    assert [g.codes for g in got[4:]] == [("industrial_investment",), ("gross_output",)]


def test_goal_views():
    views = goal_views(SEED_TARGETS + [line("industrial_investment", 50)])
    assert [v.code for v in views] == ["value_added_growth", "high_tech_gdp_share", "rd_gdp_share",
                                       "new_above_scale", "industrial_investment"]
    assert views[1].text == "全年高新技术产业增加值占GDP比重12.0%以上，成功申报国家高新技术企业5家以上"
    assert goal_view(line("high_tech_new", 5)).text == "成功申报国家高新技术企业5家以上"  # one target alone
