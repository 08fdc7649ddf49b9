"""The template context: phrases built from the data, documentation complete."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from kegong.reports import context as C
from kegong.reports import phrasing as ph
from tests.reports.sample import sample_data

DOC = (Path(C.__file__).parent / "CONTEXT.md").read_text(encoding="utf-8")


def test_every_top_level_name_is_documented():
    ctx = C.build_context(sample_data())
    for key in ctx:
        assert f"`{key}`" in DOC, key
    for key in ctx["period"]:
        assert f"`period.{key}`" in DOC, key
    for key in ctx["industry"]:
        assert f"`{key}`" in DOC or f"`industry.{key}`" in DOC, key
    for key in ctx["prose"]:
        assert f"`{key}`" in DOC, key
    for key in ctx["facts"]:
        assert f"`{key}`" in DOC, key
    for key in ctx["county_figures"]:
        assert f"`{key}`" in DOC, key


@pytest.mark.parametrize("view", [C.FigureView, C.PartView, C.OutlookView, C.FactView, C.CountyFigureView,
                                  C.TargetView, C.GoalView, C.ValueAddedView])
def test_every_view_field_is_documented(view):
    for f in dataclasses.fields(view):
        if f.name == "figures":
            continue
        assert f"`{f.name}`" in DOC, f"{view.__name__}.{f.name} missing from CONTEXT.md"


def test_phrases_come_from_the_data():
    data = sample_data()
    ctx = C.build_context(data)
    g = data.county["gross_output"]
    fig = ctx["industry"]["gross_output"]
    assert fig.cumulative_yi == ph.yi(g.cumulative)
    assert fig.growth == ph.growth(g.yoy_pct)
    assert fig.pp_change_text == ph.pp_change(g.pp_change, against="1-5月", subject="增速")
    inv = ctx["industry"]["industrial_investment"]
    assert inv.verb == "下降" and inv.growth.startswith("同比下降") and "-" not in inv.growth
    assert inv.lead in ("有所下降", "下降明显")
    assert ctx["analysis"]["declines"] == [inv]


def test_missing_indicator_is_false_and_prints_dashes():
    data = sample_data()
    del data.county["rd_spend"]
    fig = C.build_context(data)["industry"]["rd_spend"]
    assert not fig and fig.cumulative_yi == "—" and fig.growth == "上年同期无可比数据"


def test_missing_fact_is_false():
    ctx = C.build_context(sample_data(facts=False))
    assert all(not f and f.text == "—" for f in ctx["facts"].values())
    notes = C.missing_inputs(sample_data(facts=False))
    assert any("台账中没有记录" in n for n in notes)  # nothing is typed: a count missing is a ledger without records
    assert not any("未填报" in n for n in notes)


def test_part_exposes_its_figures_and_towns_are_ranked():
    ctx = C.build_context(sample_data())
    towns = ctx["towns"]
    assert [t.rank_num for t in towns] == sorted(t.rank_num for t in towns)
    t = towns[-1]
    assert t.gross_output.verb == "下降" and t.contribution.startswith("-")
    assert "下拉全县增长" in t.contribution_text
    with pytest.raises(AttributeError):
        t.no_such_indicator  # noqa: B018
    assert ctx["towns_declining"] and all(x.gross_output.verb == "下降" for x in ctx["towns_declining"])


def test_period_names():
    p = C.build_context(sample_data())["period"]
    assert (p["label"], p["span"], p["common"], p["prev_span"], p["next_span"], p["next_part"]) == (
        "2026年1-6月", "1-6月", "上半年", "1-5月", "1-7月", "下半年")


def test_targets_and_goals_phrasing():
    ctx = C.build_context(sample_data())
    texts = [t.text for t in ctx["targets"]]
    assert any("慢于时间进度12.5个百分点（滞后）" in t for t in texts)
    # the seed's lines first (goals.LINES), in the seed's words; the other targets after them
    assert [g.text for g in ctx["goals"]] == ["全年规模工业增加值累计增长8%左右", "全年新增规上工业企业12家以上",
                                             "全年工业投资达到40亿元以上"]


def test_forecast_view_with_interval():
    ctx = C.build_context(sample_data())
    f = ctx["industry"]["gross_output"].forecast
    # an interval 4.7 points wide (half-width 2.35 > 2): said with 左右, its bounds in the point's words
    assert f.style == "about" and f.point_text == "预计1-7月同比增长12.1%"
    assert f.text == "预计1-7月同比增长12.1%左右"
    assert f.text_interval == "预计1-7月同比增长12.1%左右（80%区间：增长9.8%～14.5%）"
    assert re.fullmatch(r"预计1-7月实现工业总产值\d+\.\d\d亿元左右，同比增长12\.1%左右", f.amount_text)
