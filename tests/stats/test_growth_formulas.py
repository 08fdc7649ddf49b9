"""Growth, pp change, 拉动, 贡献率, 占比, ranks, 净增, value added and GDP ratios against figures worked by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from kegong.core.stats.aggregate import breakdown_by, breakdown_by_enterprise
from kegong.core.stats.growth import (
    breakdown,
    contribution_pct,
    growth_pct,
    growth_pct_array,
    net_addition,
    pp_change,
    pull_pp,
    rank_desc,
    share_pct,
)
from kegong.core.stats.panel import Scope, StatsError
from kegong.core.stats.ratios import gdp_ratios, ratio_pct, to_wan_yuan
from kegong.core.stats.value_added import comparable_growth_pct, deflate, value_added_check
from tests.stats.test_panel_handworked import handworked_panel

NAN = float("nan")


@pytest.mark.parametrize(("cur", "prior", "expected"), [
    (1740, 1550, 12.258064516),   # 1740 / 1550 − 1
    (510, 520, -1.923076923),     # negative growth
    (460, 460, 0.0),
    (90, None, None),             # no prior-year figure: no growth of its own
    (None, 100, None),
    (5, 0, None),                 # a zero base has no growth (never inf)
    (-20, -50, None),             # a loss last year: no growth rate
    (30, -50, None),
    (NAN, 100, None),
    (0, 100, -100.0),
])
def test_growth_pct(cur, prior, expected):
    got = growth_pct(cur, prior)
    assert got == (pytest.approx(expected) if expected is not None else None)


def test_growth_pct_array_matches_scalar():
    cur = np.array([1740, 510, 90, NAN, 5, -20, 0])
    pri = np.array([1550, 520, NAN, 100, 0, -50, 100])
    got = growth_pct_array(cur, pri)
    for g, c, p in zip(got, cur, pri):
        want = growth_pct(c, p)
        assert (math.isnan(g) and want is None) or g == pytest.approx(want)


@pytest.mark.parametrize(("now", "before", "expected"), [
    (6.962025316, -1.923076923, 8.885102239),   # 1-3月 against 1-2月: negative turning positive
    (12.258064516, 10.465116279, 1.792948237),  # 1-6月 against 1-5月
    (5.0, 5.0, 0.0),
    (3.0, None, None),                          # 1-2月 has no previous cumulative period
    (None, 3.0, None),
])
def test_pp_change(now, before, expected):
    got = pp_change(now, before)
    assert got == (pytest.approx(expected) if expected is not None else None)


@pytest.mark.parametrize(("args", "expected"), [
    ((1110, 940, 1550), 10.967741935),   # 制造业 拉动 全县 at 1-6月: 170 / 1550
    ((170, 150, 1550), 1.290322581),
    ((460, 460, 1550), 0.0),
    ((90, None, 1550), 5.806451613),     # a newcomer pulls with all of its output
    ((None, None, 1550), None),
    ((10, 5, 0), None),
])
def test_pull_pp(args, expected):
    got = pull_pp(*args)
    assert got == (pytest.approx(expected) if expected is not None else None)


@pytest.mark.parametrize(("args", "expected"), [
    ((1110, 940, 1740, 1550), 89.473684211),  # 170 / 190
    ((170, 150, 1740, 1550), 10.526315789),
    ((100, 100, 100, 100), None),             # total unchanged
    ((None, None, 1740, 1550), None),
])
def test_contribution_pct(args, expected):
    got = contribution_pct(*args)
    assert got == (pytest.approx(expected) if expected is not None else None)


@pytest.mark.parametrize(("part", "total", "expected"), [
    (1110, 1740, 63.793103448), (460, 1740, 26.436781609), (5, 0, None), (None, 10, None), (5, None, None),
])
def test_share_pct(part, total, expected):
    got = share_pct(part, total)
    assert got == (pytest.approx(expected) if expected is not None else None)


@pytest.mark.parametrize(("cur", "prior", "expected"), [
    (1740, 1550, 190), (90, None, 90), (None, 40, -40), (None, None, None), (3.5, 3.5, 0),
])
def test_net_addition(cur, prior, expected):
    assert net_addition(cur, prior) == expected


def test_rank_desc_competition_ranking():
    assert rank_desc([5, None, 7, 5, NAN, 1]) == [2, None, 1, 2, None, 4]
    assert rank_desc([]) == []


def test_breakdown_of_county_by_section():
    b = breakdown_by(handworked_panel(), Scope.county(), "section", "gross_output", 2026, 6)
    assert [p.key for p in b.parts] == ["industry:B", "industry:C", "industry:D"]
    assert [p.label for p in b.parts] == ["采矿业", "制造业", "电力、热力、燃气及水生产和供应业"]
    assert (b.current, b.prior) == (1740, 1550)
    assert b.growth_pct == pytest.approx(12.258064516)
    by = {p.key: p for p in b.parts}
    c = by["industry:C"]
    assert (c.current, c.prior, c.net_addition) == (1110, 940, 170)
    assert c.growth_pct == pytest.approx(18.085106383)
    assert c.pull_pp == pytest.approx(10.967741935)
    assert c.contribution_pct == pytest.approx(89.473684211)
    assert c.share_pct == pytest.approx(63.793103448)
    assert (c.rank_level, c.rank_growth) == (1, 1)
    assert by["industry:B"].growth_pct == pytest.approx(13.333333333)
    assert (by["industry:D"].growth_pct, by["industry:D"].rank_level, by["industry:D"].rank_growth) == (0, 2, 3)
    assert sum(p.pull_pp for p in b.parts) == pytest.approx(b.growth_pct)
    assert sum(p.contribution_pct for p in b.parts) == pytest.approx(100)


def test_breakdown_of_a_town_by_enterprise_and_month():
    b = breakdown_by_enterprise(handworked_panel(), Scope("town", "城关镇"), "gross_output", 2026, 6,
                                cumulative=False)
    # June: A 130/110, B 60/50, F 15/— → 205 / 160
    assert [p.key for p in b.parts] == ["A", "B", "F"]
    assert (b.current, b.prior) == (205, 160)
    f = b.parts[2]
    assert f.growth_pct is None and f.rank_growth is None and f.net_addition == 15
    assert f.pull_pp == pytest.approx(15 / 160 * 100)
    assert b.parts[0].growth_pct == pytest.approx(18.181818182)
    assert [p.rank_level for p in b.parts] == [1, 2, 3]


def test_breakdown_of_the_jan_feb_month_uses_the_combined_figure():
    b = breakdown_by(handworked_panel(), Scope.county(), "town", "gross_output", 2026, 2, cumulative=False)
    by = {p.key: p for p in b.parts}
    assert (by["town:城关镇"].current, by["town:城关镇"].prior) == (310, 320)
    assert (by["town:河口镇"].current, by["town:河口镇"].prior) == (200, 200)


def test_breakdown_parts_without_figures():
    b = breakdown(["x", "y"], ["X", "Y"], [None, None], [None, None])
    assert b.current is None and b.growth_pct is None
    assert all(p.pull_pp is None and p.share_pct is None for p in b.parts)


# --- value added -------------------------------------------------------------------------------------
@pytest.mark.parametrize(("cur", "prior", "ppi", "expected"), [
    (1100, 1000, 102.0, 7.843137255),   # 1100 / 1.02 = 1078.431…; / 1000 − 1
    (1100, 1000, 100.0, 10.0),
    (980, 1000, 97.0, 1.030927835),     # prices fell 3 %: a nominal fall is real growth
    (1100, 1000, None, None),
    (1100, 1000, 0.0, None),
])
def test_comparable_growth(cur, prior, ppi, expected):
    got = comparable_growth_pct(cur, prior, ppi)
    assert got == (pytest.approx(expected) if expected is not None else None)


def test_value_added_check():
    v = value_added_check(2026, 6, official_pct=8.0, gross_output_current=1740, gross_output_prior=1550,
                          ppi_index=101.5)
    # 1740 / 1.015 = 1714.285714…; / 1550 − 1 = 10.599078 %; gap 8.0 − 10.599078 = −2.599078 pp
    assert v.gross_output_pct == pytest.approx(12.258064516)
    assert v.estimate_pct == pytest.approx(10.599078341)
    assert v.gap_pp == pytest.approx(-2.599078341)
    assert deflate(101.5, 101.5) == pytest.approx(100)
    none = value_added_check(2026, 6, official_pct=None, gross_output_current=None, gross_output_prior=None,
                             ppi_index=None)
    assert (none.official_pct, none.estimate_pct, none.gap_pp) == (None, None, None)


# --- ratios to GDP ----------------------------------------------------------------------------------
def test_to_wan_yuan():
    assert to_wan_yuan(85.6, "亿元") == pytest.approx(856000)
    assert to_wan_yuan(12.5, "万元") == 12.5 and to_wan_yuan(12.5, "") == 12.5
    assert to_wan_yuan(150000, "元") == pytest.approx(15)
    assert to_wan_yuan(None, "亿元") is None
    with pytest.raises(StatsError, match="万元"):
        to_wan_yuan(1, "美元")


def test_gdp_ratios():
    # GDP 85.6 亿元 = 856000 万元; R&D 17120 万元 → 2.0 %; high-tech VA 128400 万元 → 15.0 %
    r = gdp_ratios(2026, 6, gdp=to_wan_yuan(85.6, "亿元"), rd_spend=17120, high_tech_value_added=128400)
    assert r.rd_gdp_pct == pytest.approx(2.0) and r.high_tech_gdp_pct == pytest.approx(15.0)
    assert ratio_pct(5, 0) is None and ratio_pct(None, 10) is None
    assert gdp_ratios(2026, 6, gdp=None, rd_spend=1, high_tech_value_added=None).rd_gdp_pct is None
