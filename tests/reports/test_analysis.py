"""The analyst's analysis: the core (kegong.core.stats.analysis) on small hand-made panels and tables, the view's
phrases (kegong.reports.analysis), and the 150-firm demo against a computation straight from the panel's arrays.

Expected figures are worked out here from the records (the ROWS below), never copied from the output."""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
import pytest

from kegong.core.periods import Period
from kegong.core.stats import analysis as an
from kegong.core.stats.panel import EnterpriseInfo, FigureRow, panel_from_rows
from kegong.reports import phrasing as ph
from kegong.reports.analysis import analysis_view, gather_analysis, leading_and_lagging

D = Decimal


# --- round_to_total ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("values", "total", "digits", "expected"), [
    ([1.25, 1.25], 2.5, 1, ["1.3", "1.2"]),  # one unit short: the tie goes to the earlier part
    ([0.33, 0.33, 0.34], 1.0, 1, ["0.3", "0.3", "0.4"]),  # rounding each would give 0.9
    ([3.14159, 2.71828, 1.41421], None, 2, ["3.14", "2.72", "1.41"]),  # total = their sum, 7.27
    ([-0.46, 1.56], 1.1, 1, ["-0.5", "1.6"]),  # negative parts floor downwards
    ([None, 0.55, 0.45], 1.0, 1, [None, "0.6", "0.4"]),  # a missing part stays missing
    ([0.55, 0.55], None, 1, ["0.6", "0.5"]),  # rounding each would give 1.2 for a total of 1.1
    ([1.0, 1.0], 2.3, 1, ["1.2", "1.1"]),  # total above the sum: every part moves first
    ([0.5, 0.5], 0.8, 1, ["0.4", "0.4"]),  # total below the sum: the shortfall is negative
    ([33.3, 33.3, 33.4], 100, 0, ["33", "33", "34"]),
    ([-0.04, 0.04], 0.0, 1, ["0.0", "0.0"]),  # never -0.0
    ([float("nan"), None], 1.0, 1, [None, None]),
    ([], None, 1, []),
    ([D("0.125"), D("0.125")], D("0.25"), 2, ["0.13", "0.12"]),  # Decimals as written (0.25 half up 0.25)
])
def test_round_to_total(values, total, digits, expected):
    got = an.round_to_total(values, total, digits)
    assert [None if g is None else str(g) for g in got] == expected


def test_round_to_total_adds_up_and_stays_within_one_unit():
    rng = np.random.default_rng(7)
    for _ in range(200):
        parts = [float(x) for x in rng.normal(0, 3, size=int(rng.integers(1, 20)))]
        got = an.round_to_total(parts, math.fsum(parts), 1)
        assert sum(got) == ph.rounded(math.fsum(parts), 1)
        assert all(abs(g - D(repr(p))) < D("0.1") for g, p in zip(got, parts))


# --- 增长面 and the cross-check verdicts ----------------------------------------------------------------
@pytest.mark.parametrize(("growths", "expected"), [
    ([10.0, -5.0, -25.0, 0.0, None], (4, 1, 2, 1, 1)),
    ([-20.0, -20.01], (2, 0, 2, 1, 0)),  # strictly below −20
    ([float("nan"), None], (0, 0, 0, 0, 0)),
    ([], (0, 0, 0, 0, 0)),
])
def test_growth_breadth(growths, expected):
    b = an.growth_breadth(growths)
    assert (b.compared, b.growing, b.declining, b.steep, b.flat) == expected


@pytest.mark.parametrize(("output", "power", "gap", "verdict"), [
    (13.7, 8.5, 5.2, an.OUTPUT_AHEAD),
    (5.0, 9.0, -4.0, an.CONSISTENT),
    (10.0, 5.0, 5.0, an.CONSISTENT),  # the threshold itself agrees
    (2.0, 9.5, -7.5, an.OUTPUT_BEHIND),
    (None, 3.0, None, None),
])
def test_electricity_check(output, power, gap, verdict):
    e = an.electricity_check(output, power)
    assert (e.gap_pp if gap is None else round(e.gap_pp, 9)) == gap and e.verdict == verdict


def _part(key: str, change: float | None):
    from kegong.core.stats.growth import PartRow

    return PartRow(key, key, None, None, None, change, None, None, None, None, None)


@pytest.mark.parametrize(("changes", "direction", "n", "expected"), [
    ({"a": 5, "b": -9, "c": 7, "d": 0, "e": None}, 3.0, 3, ["c", "a"]),  # with the county's rise
    ({"a": 5, "b": -9, "c": -7, "d": -1}, -12.0, 2, ["b", "c"]),  # with its fall, steepest first
    ({"a": 5, "b": -9, "c": 7}, 0.0, 2, ["b", "c"]),  # no direction: the largest either way
    ({"a": 5, "b": 5}, None, 3, ["a", "b"]),  # ties by key
])
def test_movers(changes, direction, n, expected):
    parts = [_part(k, v) for k, v in changes.items()]
    assert [m.key for m in an.movers(parts, direction, n)] == expected


@pytest.mark.parametrize(("fn", "args", "expected"), [
    (ph.pull, (1.234,), "拉动1.2个百分点"),
    (ph.pull, (-0.45,), "下拉0.5个百分点"),
    (ph.pull, (0.04,), "无拉动"),
    (ph.pull, (None,), ""),
    (ph.rate_gap, ("甲", "乙", 5.25), "甲高于乙5.3个百分点"),
    (ph.rate_gap, ("甲", "乙", -0.8), "甲低于乙0.8个百分点"),
    (ph.rate_gap, ("甲", "乙", 0.02), "甲与乙持平"),
])
def test_phrasing_helpers(fn, args, expected):
    assert fn(*args) == expected


# --- a hand-made county --------------------------------------------------------------------------------
# id: (name, section, division, town, chain, above scale in 2026,
#      gross output (cur, prior), electricity (cur, prior), investment (cur, prior)) — 1-6月 2026
ROWS = {
    "A": ("甲公司", "C", "39", "城关镇", "电子信息", True, (300, 200), (30, 20), (50, 10)),
    "B": ("乙公司", "C", "39", "城关镇", "电子信息", True, (90, 100), (10, 10), (0, 30)),
    "C": ("丙公司", "C", "21", "白沙镇", "家居", True, (150, 200), (10, 10), (None, 20)),
    "D": ("丁公司", "C", "21", "白沙镇", "", True, (120, None), (5, None), (30, None)),  # new: no prior
    "E": ("戊公司", "B", "10", "白沙镇", "", True, (110, 100), (10, 10), (5, 5)),
    "F": ("己公司", "C", "39", "城关镇", "电子信息", False, (1000, 10), (1, 1), (1000, 0)),  # below scale
}
CODES = ("gross_output", "electricity", "industrial_investment")
P = Period.cumulative(2026, 6)
FIGURES = {("value_added_growth", 2026, 6): (30.0, "%"), ("ppi", 2026, 6): (105.0, "")}


def _panel():
    ents = [EnterpriseInfo(u, r[0], r[1], r[2], r[3], chain=r[4]) for u, r in ROWS.items()]
    rows = [FigureRow(u, code, 2026, 6, cumulative=r[6 + k][0], prior_cumulative=r[6 + k][1])
            for u, r in ROWS.items() for k, code in enumerate(CODES)]
    return panel_from_rows(ents, rows, {2026: [u for u, r in ROWS.items() if r[5]]}, indicators=CODES,
                           years=[2025, 2026])


def _members():
    return {u: r for u, r in ROWS.items() if r[5]}


def _county(k: int) -> tuple[float, float]:
    m = _members().values()
    return sum(r[6 + k][0] or 0 for r in m), sum(r[6 + k][1] or 0 for r in m)


def test_leaders_laggards_and_breadth_of_the_hand_made_county():
    a = an.analyse(_panel(), P, FIGURES)
    cur, prior = _county(0)
    assert a.output_growth_pct == pytest.approx((cur / prior - 1) * 100) and a.members == 5
    both = {u: r[6] for u, r in _members().items() if None not in r[6]}  # D has no prior: left out
    pulls = {u: (c - p) / prior * 100 for u, (c, p) in both.items()}
    up = sorted((u for u in pulls if pulls[u] > 0), key=lambda u: -pulls[u])
    down = sorted((u for u in pulls if pulls[u] < 0), key=lambda u: pulls[u])
    assert [f.id for f in a.leaders] == up == ["A", "E"]
    assert [f.id for f in a.laggards] == down == ["C", "B"]
    for f in (*a.leaders, *a.laggards):
        c, p = both[f.id]
        assert f.pull_pp == pytest.approx(pulls[f.id]) and f.growth_pct == pytest.approx((c / p - 1) * 100)
    growths = [(c / p - 1) * 100 for c, p in both.values()]
    b = a.breadth
    assert (b.compared, b.growing, b.declining, b.steep) == (
        len(growths), sum(g > 0 for g in growths), sum(g < 0 for g in growths), sum(g < -20 for g in growths))
    lead1, lag1 = an.top_pulls(an.firm_pulls(_panel(), 2026, 6), 1)
    assert [f.id for f in lead1] == ["A"] and [f.id for f in lag1] == ["C"]


def test_cross_checks_and_investment_of_the_hand_made_county():
    a = an.analyse(_panel(), P, FIGURES)
    (oc, op), (ec, ep) = _county(0), _county(1)
    assert a.electricity.gap_pp == pytest.approx((oc / op - ec / ep) * 100)
    estimate = (oc / 1.05 / op - 1) * 100
    assert a.value_added.estimate_pct == pytest.approx(estimate)
    assert a.value_added.gap_pp == pytest.approx(30.0 - estimate)
    assert an.value_added_verdict(a.value_added) == an.OUTPUT_AHEAD  # 30% against about 22.2%
    ic, ip = _county(2)
    inv = a.investment
    assert inv.change == pytest.approx(ic - ip) and ic - ip > 0  # F (below scale) not counted
    changes = {u: (r[8][0] or 0) - (r[8][1] or 0) for u, r in _members().items()}
    rising = sorted((u for u in changes if changes[u] > 0), key=lambda u: -changes[u])
    assert [m.key for m in inv.enterprises] == rising[:3] == ["A", "D"]
    assert [(m.key, m.change) for m in inv.sections] == [("industry:C", pytest.approx(
        sum(changes[u] for u in changes if ROWS[u][1] == "C")))]
    by_town = {t: sum(changes[u] for u in changes if ROWS[u][3] == t) for t in ("城关镇", "白沙镇")}
    assert {m.label: m.change for m in inv.towns} == pytest.approx(by_town)


@pytest.mark.parametrize(("attribute", "index"), [("division", 2), ("chain", 4), ("town", 3)])
def test_group_tables_pull_and_add_up(attribute, index):
    t = an.analyse(_panel(), P, FIGURES).__getattribute__({"division": "divisions", "chain": "chains",
                                                            "town": "towns"}[attribute])
    cur, prior = _county(0)
    groups = {r[index] for r in _members().values()}
    expected = {g: sum((r[6][0] or 0) - (r[6][1] or 0) for r in _members().values() if r[index] == g)
                / prior * 100 for g in groups}
    assert {r.key.partition(":")[2]: r.pull_pp for r in t.rows} == pytest.approx(expected)
    assert sum(r.pull_shown for r in t.rows) == ph.rounded((cur / prior - 1) * 100, 1)
    assert all(abs(r.pull_shown - D(repr(r.pull_pp))) < D("0.1") for r in t.rows)
    assert not any(r.key.endswith(":") for r in t.rows[:-1])  # the residual (未归入产业链) comes last


def test_the_view_of_the_hand_made_county():
    v = analysis_view(gather_analysis(_panel(), P, figures=FIGURES))
    # A: 300 against 200 (+50%), pulls 100 / 600; E: 110 against 100, pulls 10 / 600
    assert v["leaders_text"] == "甲公司（增长50.0%，拉动16.7个百分点）、戊公司（增长10.0%，拉动1.7个百分点）"
    assert v["laggards_text"] == "丙公司（下降25.0%，下拉8.3个百分点）、乙公司（下降10.0%，下拉1.7个百分点）"
    assert v["breadth_text"] == "4家可比企业中，2家总产值同比增长，2家下降，其中1家降幅超过20%"
    # output 770 / 600 (+28.3%), electricity 65 / 50 (+30.0%): 1.7 points below, within 5
    assert v["electricity_check_text"] == ("总产值同比增长28.3%，工业用电量同比增长30.0%，"
                                           "总产值增速低于工业用电量增速1.7个百分点，两者基本匹配，产值增长有用电支撑")
    # estimate (770 / 1.05) / 600 − 1 = 22.2%; 30.0 − 22.2 = 7.8 points
    assert v["value_added_check_text"].startswith("规上工业增加值同比增长30.0%（统计部门公布），按工业总产值扣除价格因素"
                                                  "（PPI 105.0）估算增长22.2%，公布增速高于估算增速7.8个百分点，公布增速明显高于")
    assert v["investment_text"].startswith("工业投资同比增长30.8%，净增20.00万元。分行业看，制造业（净增20.00万元）增加较多")
    assert "分企业看，甲公司（净增40.00万元）、丁公司（净增30.00万元）增加较多" in v["investment_text"]
    # both towns pull up (城关镇 90 / 600, 白沙镇 80 / 600): both lead, none lags
    assert v["towns_text"] == ("城关镇（总产值占全县50.6%，增长30.0%，贡献率52.9%）、白沙镇（总产值占全县49.4%，"
                               "增长26.7%，贡献率47.1%）拉动全县增长居前")
    assert [(t["name"], t["contribution"]) for t in v["towns"]] == [("城关镇", "15.0"), ("白沙镇", "13.3")]
    assert v["chains"][-1]["name"] == "未归入产业链"


# --- the 150-firm demo ---------------------------------------------------------------------------------
def _independent(panel, year: int, month: int, n: int = 5):
    """Leaders, laggards and 增长面 straight from the panel's arrays."""
    y, k = year - panel.first_year, panel.indicator_index("gross_output")
    member = panel.above_scale[y]
    cur, pri = panel.data["cumulative"][y, k, month - 1], panel.data["prior_cumulative"][y, k, month - 1]
    has_c, has_p = panel.reported["cumulative"][y, k, month - 1], panel.reported["prior_cumulative"][y, k, month - 1]
    county_prior = math.fsum(pri[member & has_p])
    both = np.flatnonzero(member & has_c & has_p)
    pull = {panel.ids[e]: (cur[e] - pri[e]) / county_prior * 100 for e in both}
    up = sorted((u for u in pull if pull[u] > 0), key=lambda u: (-pull[u], u))[:n]
    down = sorted((u for u in pull if pull[u] < 0), key=lambda u: (pull[u], u))[:n]
    g = [(cur[e] / pri[e] - 1) * 100 for e in both if pri[e] > 0]
    breadth = (len(g), sum(x > 0 for x in g), sum(x < 0 for x in g), sum(x < -20 for x in g))
    return up, down, pull, breadth, int(member.sum())


@pytest.mark.django_db
def test_the_demo_leaders_laggards_and_breadth():
    from kegong.demo.generator import DemoSpec, generate_county
    from kegong.demo.load import load_demo
    from kegong.figures.selectors import load_panel

    load_demo(generate_county(DemoSpec(seed=2026, n_enterprises=150, last=(2026, 6))))
    p = Period.cumulative(2026, 6)
    panel = load_panel(years=[2025, 2026])
    a = gather_analysis(panel, p)
    up, down, pull, breadth, members = _independent(panel, 2026, 6)
    assert [f.id for f in a.leaders] == up and [f.id for f in a.laggards] == down and len(up) == 5
    assert all(f.pull_pp == pytest.approx(pull[f.id]) for f in (*a.leaders, *a.laggards))
    b = a.breadth
    assert (b.compared, b.growing, b.declining, b.steep) == breadth and a.members == members
    v = analysis_view(a)
    names = dict(zip(panel.ids, panel.names))
    assert v["leaders_text"].startswith(f"{names[up[0]]}（增长") and v["leaders_text"].count("、") == 4
    assert [x["name"] for x in v["laggards"]] == [names[u] for u in down]
    head = f"{breadth[0]}家企业中" if breadth[0] == members else f"{breadth[0]}家可比企业中"
    assert v["breadth_text"].startswith(f"{head}，{breadth[1]}家总产值同比增长")
    # the town column adds up to the county growth as printed
    assert sum(D(t["contribution"]) for t in v["towns"]) == ph.rounded(a.output_growth_pct, 1)
    lead, lag = leading_and_lagging(a.towns)
    assert lead and lag and not set(r.key for r in lead) & set(r.key for r in lag)
    assert all(r.label in v["towns_text"] for r in (*lead, *lag))
    assert v["electricity_check_text"] and v["value_added_check_text"] and v["investment_text"]
