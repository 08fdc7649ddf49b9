"""The monthly briefing's 存在问题 and 建议, drawn from the month's figures by the rules of monthly_points."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kegong.reports import context as C
from kegong.reports import monthly_points as M
from kegong.reports.data import Part, TargetLine
from tests.reports.sample import measure, sample_data

WATCHED = M.WATCHED


def _growing_parts(names, growth=8.0):
    out = []
    for i, name in enumerate(names):
        cur = 100_000.0 + 1000 * i
        prior = cur / (1 + (growth - i) / 100)
        out.append(Part(key=name, label=name, members=10, pull_pp=(cur - prior) / 1_000_000 * 100, rank_growth=i + 1,
                        measures={"gross_output": measure("gross_output", cur, prior)}))
    return out


def _calm(**changes):
    """Every watched indicator up 10% with its growth unchanged, every part up, one target ahead."""
    data = sample_data()
    county = {c: measure(c, 110.0, 100.0, 10.0) for c in WATCHED}
    ahead = TargetLine("new_above_scale", "新增规上企业", "count", 12, "家", 9, 9 / 12, 0.5, 25.0, "超前", "")
    data = replace(data, county=county, towns=_growing_parts(["城关镇", "龙溪街道", "金山街道"]),
                   sections=_growing_parts(["采矿业", "制造业"]), targets=[ahead])
    return replace(data, **changes)


def _with(data, code, cur, prior, prev):
    return replace(data, county={**data.county, code: measure(code, cur, prior, prev)})


# (case, data, the rules that must hold) — the rules are named as in monthly_points.RULES
CASES = [
    ("calm", _calm(), []),
    ("investment fell", _with(_calm(), "industrial_investment", 90.0, 100.0, -5.0), ["investment_fell"]),
    ("output fell", _with(_calm(), "gross_output", 95.0, 100.0, 2.0), ["output_fell"]),
    ("tax fell", _with(_calm(), "tax", 97.0, 100.0, 1.0), ["tax_fell"]),
    ("electricity fell", _with(_calm(), "electricity", 99.0, 100.0, 1.0), ["electricity_fell"]),
    ("slowed by 2 points", _with(_calm(), "gross_output", 106.0, 100.0, 8.0), ["slowed"]),
    ("slowed by 0.9 points is not said", _with(_calm(), "gross_output", 109.1, 100.0, 10.0), []),
    ("slowed by 0.95 rounds to 1.0", _with(_calm(), "gross_output", 109.05, 100.0, 10.0), ["slowed"]),
    ("a town fell", _calm(towns=_growing_parts(["城关镇", "龙溪街道"], growth=0.5)), ["towns_fell"]),
    ("a section fell", _calm(sections=_growing_parts(["采矿业", "制造业"], growth=0.6)), ["sections_fell"]),
    ("a target lags", _calm(targets=[TargetLine("industrial_investment", "工业投资", "level", 40.0, "亿元", 15.0,
                                                15 / 40, 0.5, -12.5, "滞后", "")]), ["targets_lagging"]),
    ("the sample", sample_data(), ["investment_fell", "towns_fell", "sections_fell", "targets_lagging"]),
]


def _fired(ctx) -> list[str]:
    """The rules whose condition holds, independently of the sentences."""
    return [r.name for r in M.RULES if r.find(ctx) is not None]


@pytest.mark.parametrize("case, data, rules", CASES, ids=[c[0] for c in CASES])
def test_each_rule_says_its_problem_and_suggestion(case, data, rules):
    ctx = C.build_context(data)
    assert _fired(ctx) == rules
    out = M.monthly_points(ctx)
    assert out == ctx["briefing"]  # what the template prints
    n = max(len(rules), 1)
    assert len(out["problems"]) == n and len(out["suggestions"]) == n
    for i, (p, s) in enumerate(zip(out["problems"], out["suggestions"], strict=True)):
        assert p.startswith(f"（{M.NUMERALS[i]}）") and s.startswith(f"（{M.NUMERALS[i]}）")
    if not rules:
        assert out["problems"][0].endswith(M.CALM[0].format(span="1-6月", growth=ctx["industry"]["gross_output"].growth))
        assert out["suggestions"] == [f"（一）{M.CALM[1]}"]


@pytest.mark.parametrize("code", ["gross_output", "tax", "electricity", "industrial_investment"])
def test_a_fall_is_said_with_its_growth_and_its_change(code):
    ctx = C.build_context(_with(_calm(), code, 90.0, 100.0, -5.0))
    f = ctx["industry"][code]
    (problem,) = ctx["briefing"]["problems"]
    assert f"{f.name}{f.growth}（{f.pp_change_text}）" in problem
    assert "1-6月" in problem and "下降-" not in problem and "增长-" not in problem


def test_a_slowdown_is_said_with_its_points():
    ctx = C.build_context(_with(_calm(), "tax", 106.0, 100.0, 8.0))
    f = ctx["industry"]["tax"]
    (problem,) = ctx["briefing"]["problems"]
    assert f.pp_change_text.startswith("增速较1-5月回落") and f"{f.name}{f.growth}，{f.pp_change_text}" in problem
    assert f"密切跟踪{f.name}走势" in ctx["briefing"]["suggestions"][0]


def test_falling_towns_are_named_with_what_they_took_off_the_county():
    ctx = C.build_context(sample_data())
    fell = [t for t in ctx["towns"] if t.gross_output.verb == "下降"]
    problem = next(p for p in ctx["briefing"]["problems"] if "乡镇（街道）总产值下降" in p)
    assert f"{len(fell)}个乡镇（街道）" in problem
    for t in fell:
        assert f"{t.name}{t.gross_output.growth}，{t.contribution_text}" in problem
        assert t.contribution_text.startswith("下拉全县增长")
    suggestion = next(s for s in ctx["briefing"]["suggestions"] if "乡镇（街道）工业运行调度" in s)
    assert "、".join(t.name for t in fell) in suggestion


def test_a_lagging_target_is_said_with_the_cores_sentence():
    ctx = C.build_context(sample_data())
    (lag,) = [t for t in ctx["targets"] if t.status == "滞后"]
    problem = next(p for p in ctx["briefing"]["problems"] if "年度目标进度滞后" in p)
    assert lag.text.removesuffix("（滞后）") in problem and "（滞后）" not in problem


def test_a_hand_made_context_is_enough():
    """monthly_points reads only period, industry, sections, towns and targets."""
    full = C.build_context(sample_data())
    small = {k: full[k] for k in ("period", "industry", "sections", "towns", "targets")}
    assert M.monthly_points(small) == full["briefing"]
    assert M.monthly_points({})["problems"][0].startswith("（一）主要指标总体平稳")
